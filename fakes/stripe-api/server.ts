// The fake Stripe API server: auth, idempotency, routing of the endpoints a Checkout integration uses,
// failure modes, and the hosted-page stand-in. The objects, events and test controls are in ledger.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession, int, str } from './checkout.js';
import { apiError, idempotencyError, invalid, notFound, StripeApiError, type StripeErrorBody } from './errors.js';
import { canonical, decodeForm, type FormObject } from './form.js';
import { readBody, send } from './http.js';
import { StripeLedger, type LedgerOptions, type RequestRef } from './ledger.js';
import { listOf, newId } from './objects.js';
import { checkoutPage } from './page.js';

export interface FakeStripeOptions extends LedgerOptions {
  apiKey?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  host?: string;
}

export interface RequestLog {
  method: string;
  path: string;
  query: FormObject;
  body: FormObject;
  idempotencyKey?: string;
  status: number;
  replayed: boolean;
  at: number;
}

interface ApiRequest {
  params: FormObject;
  query: FormObject;
  match: string[];
  request: RequestRef;
  path: string;
}

type Route = [method: string, pattern: RegExp, handler: (r: ApiRequest) => unknown];

/** A stored idempotent result: replayed for the same key, endpoint and parameters. */
interface Stored {
  endpoint: string;
  params: string;
  status: number;
  body: string;
}

export type OutageMode = boolean | 'error' | 'network';

export class FakeStripe extends StripeLedger {
  readonly apiKey: string;
  url = '';
  host = '';
  port = 0;
  readonly requests: RequestLog[] = [];

  private readonly server: Server;
  private readonly idempotency = new Map<string, Stored>();
  private readonly routes: Route[];
  private failures: { status: number; error: StripeErrorBody }[] = [];
  private outageMode: false | 'error' | 'network' = false;

  constructor(private readonly opts: FakeStripeOptions = {}) {
    super(opts);
    this.apiKey = opts.apiKey ?? 'sk_test_fake';
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = this.server.address() as AddressInfo;
    Object.assign(this, { host: address, port, url: `http://${address}:${port}` });
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------ HTTP side

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (url.pathname.startsWith('/pay/')) return this.handlePage(req, res, url.pathname.slice(5), raw);
    const requestId = newId('req', 14);
    const idempotencyKey = header(req, 'idempotency-key');
    const log: RequestLog = {
      method, path: url.pathname, query: decodeForm(url.search.slice(1)), body: decodeForm(raw),
      ...(idempotencyKey ? { idempotencyKey } : {}), status: 0, replayed: false, at: Date.now(),
    };
    this.requests.push(log);
    if (this.outageMode === 'network') {
      req.socket.destroy(); // the SDK sees a connection error (StripeConnectionError)
      return;
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': requestId,
      'stripe-version': header(req, 'stripe-version') ?? this.apiVersion,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    };
    const reply = (status: number, body: string, extra: Record<string, string> = {}): void => {
      log.status = status;
      send(res, status, body, { ...headers, ...extra });
    };
    const fail = (e: StripeApiError): void => reply(e.status, JSON.stringify(e.toJSON(), null, 2));

    const auth = this.authError(header(req, 'authorization'));
    if (this.outageMode === 'error') return fail(apiError('Sorry, something went wrong on our end. (fake Stripe outage)'));
    if (auth) return fail(auth);
    const injected = this.failures.shift();
    if (injected) return fail(new StripeApiError(injected.status, injected.error));

    const endpoint = `${method} ${url.pathname}`;
    const params = canonical(log.body);
    if (method === 'POST' && idempotencyKey) {
      const stored = this.idempotency.get(idempotencyKey);
      if (stored && stored.endpoint !== endpoint) {
        return fail(idempotencyError(`Keys for idempotent requests can only be used for the same endpoint they were first used for ('${endpoint}' vs '${stored.endpoint}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`));
      }
      if (stored && stored.params !== params) {
        return fail(idempotencyError(`Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`));
      }
      if (stored) {
        log.replayed = true;
        return reply(stored.status, stored.body, { 'idempotent-replayed': 'true' });
      }
    }
    try {
      const result = this.route(method, url.pathname, {
        params: log.body,
        query: log.query,
        match: [],
        request: { id: requestId, idempotency_key: idempotencyKey ?? null },
        path: url.pathname,
      });
      const body = JSON.stringify(result, null, 2);
      // Only successful results are kept: a request that failed validation may be retried with the same key.
      if (method === 'POST' && idempotencyKey) this.idempotency.set(idempotencyKey, { endpoint, params, status: 200, body });
      reply(200, body);
    } catch (err) {
      fail(err instanceof StripeApiError ? err : apiError(String(err)));
    }
  }

  private authError(authorization: string | undefined): StripeApiError | undefined {
    let key: string | undefined;
    if (authorization?.startsWith('Bearer ')) key = authorization.slice(7).trim();
    else if (authorization?.startsWith('Basic ')) key = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0];
    if (!key) {
      return new StripeApiError(401, {
        type: 'invalid_request_error',
        message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (key === this.apiKey) return undefined;
    const masked = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : '*'.repeat(key.length);
    return new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` });
  }

  private route(method: string, path: string, r: ApiRequest): unknown {
    for (const [m, pattern, handler] of this.routes) {
      const match = pattern.exec(path);
      if (m === method && match) return handler({ ...r, match: match.slice(1) });
    }
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }

  private buildRoutes(): Route[] {
    const ID = '([A-Za-z0-9_]+)';
    return [
      ['POST', /^\/v1\/checkout\/sessions$/, ({ params }) => {
        const { session, lineItems, paymentIntentMetadata } = createSession(params, this.url, this.prices);
        this.sessions.set(session.id, session);
        this.lineItems.set(session.id, lineItems);
        this.piMetadata.set(session.id, paymentIntentMetadata);
        return session;
      }],
      ['GET', /^\/v1\/checkout\/sessions$/, ({ query, path }) => {
        const all = [...this.sessions.values()].reverse().filter(
          (s) => (!query.status || s.status === query.status) && (!query.payment_intent || s.payment_intent === query.payment_intent),
        );
        return listOf(all, pageOf(query), path);
      }],
      ['GET', new RegExp(`^/v1/checkout/sessions/${ID}$`), ({ match, query }) => this.expandSession(this.session(match[0]!), query)],
      ['GET', new RegExp(`^/v1/checkout/sessions/${ID}/line_items$`), ({ match, query, path }) =>
        listOf(this.lineItems.get(this.session(match[0]!).id) ?? [], pageOf(query), path)],
      ['POST', new RegExp(`^/v1/checkout/sessions/${ID}/expire$`), ({ match, request }) => {
        const s = this.session(match[0]!);
        if (s.status !== 'open') {
          throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`);
        }
        this.doExpire(s, request);
        return s;
      }],
      ['GET', new RegExp(`^/v1/payment_intents/${ID}$`), ({ match }) => this.find(this.paymentIntents, match[0]!, 'payment_intent', 'intent')],
      ['GET', new RegExp(`^/v1/charges/${ID}$`), ({ match }) => this.find(this.charges, match[0]!, 'charge', 'charge')],
      ['GET', new RegExp(`^/v1/refunds/${ID}$`), ({ match }) => this.find(this.refunds, match[0]!, 'refund', 'refund')],
      ['POST', /^\/v1\/refunds$/, ({ params, request }) => this.createRefund(params, request).refund],
      ['GET', new RegExp(`^/v1/events/${ID}$`), ({ match }) => {
        const event = this.events.find((e) => e.id === match[0]);
        if (!event) throw notFound('event', match[0]!, 'id');
        return event;
      }],
      ['GET', /^\/v1\/events$/, ({ query, path }) => {
        const types = [str(query.type), ...(Array.isArray(query.types) ? query.types.map(String) : [])].filter(Boolean);
        const created = (typeof query.created === 'object' && !Array.isArray(query.created) ? query.created : {}) as FormObject;
        const bound = (k: string): number | undefined => int(created[k], `created[${k}]`);
        const [gte, gt, lte, lt] = ['gte', 'gt', 'lte', 'lt'].map(bound);
        const all = [...this.events].reverse().filter((e) =>
          (types.length === 0 || types.some((t) => (t!.endsWith('*') ? e.type.startsWith(t!.slice(0, -1)) : e.type === t))) &&
          (gte === undefined || e.created >= gte) && (gt === undefined || e.created > gt) &&
          (lte === undefined || e.created <= lte) && (lt === undefined || e.created < lt));
        return listOf(all, pageOf(query), path);
      }],
    ];
  }

  // ----------------------------------------------------------------------------- hosted page & controls

  private async handlePage(req: IncomingMessage, res: ServerResponse, id: string, raw: string): Promise<void> {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    const s = this.sessions.get(id);
    if (!s) return send(res, 404, '<!doctype html><p>Sessione di checkout inesistente.</p>', html);
    if (req.method !== 'POST') return send(res, 200, checkoutPage(s, this.lineItems.get(id) ?? []), html);
    const action = new URLSearchParams(raw).get('action');
    if (s.status !== 'open') return send(res, 409, checkoutPage(s, this.lineItems.get(id) ?? []), html);
    let location = s.cancel_url ?? `/pay/${id}`;
    if (action === 'pay' || action === 'pay_delayed') {
      this.completeSession(id, { asyncPayment: action === 'pay_delayed' });
      // Deterministic for browser tests: the webhook is processed before the browser lands on success_url
      // (real Stripe gives no such ordering guarantee).
      await this.webhookIdle();
      location = (s.success_url ?? s.return_url ?? `/pay/${id}`).replaceAll('{CHECKOUT_SESSION_ID}', id);
    }
    send(res, 303, '', { location });
  }

  /** `true`/'error': every API call answers 500 api_error; 'network': sockets are destroyed; `false`: back to normal. */
  outage(mode: OutageMode): void {
    this.outageMode = mode === true ? 'error' : mode;
  }

  /** The next `times` API calls fail with this status and error body (e.g. 429 rate_limit). */
  failNext(status: number, error: StripeErrorBody, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, error });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function pageOf(query: FormObject): { limit?: number; starting_after?: string; ending_before?: string } {
  const limit = int(query.limit, 'limit');
  if (limit !== undefined && (limit < 1 || limit > 100)) throw invalid('This value must be between 1 and 100.', 'limit');
  return { limit, starting_after: str(query.starting_after), ending_before: str(query.ending_before) };
}

export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  return new FakeStripe(opts).listen();
}
