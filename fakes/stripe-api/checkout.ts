// POST /v1/checkout/sessions: the validations of the real API an integration can trip over, and the
// Session object it returns. Only `mode=payment` is modelled (Sportello sells one-off coupons).
import { invalid, missing, notFound } from './errors.js';
import type { FormObject, FormValue } from './form.js';
import { newId, nowSeconds, type CheckoutSession, type LineItem, type Metadata } from './objects.js';

export interface PriceDef {
  unit_amount: number;
  currency: string;
  product_name: string;
}

const CURRENCIES = new Set(
  'eur usd gbp chf sek nok dkk pln czk huf ron bgn cad aud nzd jpy sgd hkd mxn brl inr zar aed try ils thb myr php idr krw'.split(' '),
);
const DAY = 24 * 60 * 60;

export const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function int(v: FormValue | undefined, param: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`, param);
  return Number(v);
}

function obj(v: FormValue | undefined, param: string): FormObject | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid object', param);
  return v;
}

/** Stripe metadata rules; an empty string unsets a key. */
export function metadataOf(v: FormValue | undefined, param = 'metadata'): Metadata {
  const m = obj(v, param) ?? {};
  const out: Metadata = {};
  const keys = Object.keys(m);
  if (keys.length > 50) throw invalid(`You can specify up to 50 keys in ${param}, but you passed in ${keys.length}.`, param);
  for (const k of keys) {
    const value = m[k];
    if (typeof value !== 'string') throw invalid('Invalid value for metadata: must be a string.', `${param}[${k}]`);
    if (k.length > 40) throw invalid(`Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters. Invalid key: ${k}`, param);
    if (value.length > 500) {
      throw invalid(`Metadata values can have up to 500 characters, but you passed in a value that is ${value.length} characters. Invalid value: ${value}`, `${param}[${k}]`);
    }
    if (value !== '') out[k] = value;
  }
  return out;
}

function url(v: FormValue | undefined, param: string): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw invalid('Invalid URL: An explicit scheme (such as https) must be provided.', param, 'url_invalid');
  try {
    new URL(s);
  } catch {
    throw invalid('Not a valid URL', param, 'url_invalid');
  }
  return s;
}

function currencyOf(v: FormValue | undefined, param: string): string {
  const c = str(v)?.toLowerCase();
  if (!c) throw missing(param);
  if (!CURRENCIES.has(c)) throw invalid(`Invalid currency: ${c}. Stripe currently supports these currencies: ${[...CURRENCIES].join(', ')}`, param);
  return c;
}

function lineItem(raw: FormValue, i: number, prices: Map<string, PriceDef>): LineItem {
  const p = `line_items[${i}]`;
  const item = obj(raw, p)!;
  const quantity = int(item.quantity, `${p}[quantity]`);
  if (quantity === undefined) throw missing(`${p}[quantity]`);
  if (quantity < 1) throw invalid('This value must be greater than or equal to 1.', `${p}[quantity]`);
  if (item.price !== undefined && item.price_data !== undefined) throw invalid('You may only specify one of these parameters: price, price_data.', p);
  let unit: number;
  let currency: string;
  let name: string;
  let priceId: string;
  let product: string;
  if (item.price !== undefined) {
    priceId = str(item.price) ?? '';
    const def = prices.get(priceId);
    if (!def) throw notFound('price', priceId, `${p}[price]`);
    ({ unit_amount: unit, currency, product_name: name } = def);
    product = newId('prod', 14);
  } else if (item.price_data !== undefined) {
    const pd = obj(item.price_data, `${p}[price_data]`)!;
    currency = currencyOf(pd.currency, `${p}[price_data][currency]`);
    const amount = int(pd.unit_amount, `${p}[price_data][unit_amount]`);
    const decimal = str(pd.unit_amount_decimal);
    if (amount === undefined && decimal === undefined) throw missing(`${p}[price_data][unit_amount]`);
    unit = amount ?? Number(decimal);
    if (!Number.isFinite(unit) || unit < 0) throw invalid('This value must be greater than or equal to 0.', `${p}[price_data][unit_amount]`);
    if (unit > 99_999_999) throw invalid('This value must be less than or equal to 99999999.', `${p}[price_data][unit_amount]`);
    if (pd.product !== undefined) {
      product = str(pd.product) ?? '';
      name = product;
    } else {
      const productData = obj(pd.product_data, `${p}[price_data][product_data]`);
      if (!productData) throw invalid('You must specify either `product` or `product_data` when creating a price.', `${p}[price_data]`);
      name = str(productData.name) ?? '';
      if (!name) throw missing(`${p}[price_data][product_data][name]`);
      product = newId('prod', 14);
    }
    priceId = newId('price');
  } else {
    throw invalid('You must provide either price or price_data for each line item when using prices.', p);
  }
  const total = Math.round(unit * quantity);
  return {
    id: newId('li'),
    object: 'item',
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency,
    description: name,
    price: { id: priceId, object: 'price', currency, unit_amount: Math.round(unit), product, type: 'one_time', active: true, livemode: false, metadata: {} },
    quantity,
  };
}

export interface CreatedSession {
  session: CheckoutSession;
  lineItems: LineItem[];
  /** payment_intent_data[metadata], copied onto the PaymentIntent when the session is paid. */
  paymentIntentMetadata: Metadata;
}

export function createSession(p: FormObject, baseUrl: string, prices: Map<string, PriceDef>): CreatedSession {
  const mode = str(p.mode);
  if (!mode) throw missing('mode');
  if (!['payment', 'setup', 'subscription'].includes(mode)) throw invalid('Invalid mode: must be one of payment, setup, or subscription', 'mode');
  if (mode !== 'payment') throw invalid(`The fake Stripe API only models \`mode=payment\`, not \`${mode}\`.`, 'mode');

  const uiMode = str(p.ui_mode) ?? 'hosted_page';
  const hosted = uiMode === 'hosted_page' || uiMode === 'hosted'; // 'hosted' in older API versions
  const successUrl = url(p.success_url, 'success_url');
  const cancelUrl = url(p.cancel_url, 'cancel_url');
  const returnUrl = url(p.return_url, 'return_url');
  if (!hosted) {
    if (successUrl) throw invalid(`You cannot pass \`success_url\` when \`ui_mode\` is \`${uiMode}\`.`, 'success_url');
    if (!returnUrl) throw missing('return_url');
  } else if (!successUrl) {
    throw missing('success_url');
  }

  const rawItems = p.line_items;
  if (rawItems === undefined) throw invalid('`line_items` is required in `payment` mode.', 'line_items');
  if (!Array.isArray(rawItems) || rawItems.length === 0) throw invalid('Invalid array', 'line_items');
  const lineItems = rawItems.map((raw, i) => lineItem(raw, i, prices));
  const currency = lineItems[0]!.currency;
  if (lineItems.some((li) => li.currency !== currency)) throw invalid('All line items must have the same currency.', 'line_items');
  if (p.currency !== undefined && currencyOf(p.currency, 'currency') !== currency) {
    throw invalid(`The currency provided (${str(p.currency)}) does not match the currency of the line items (${currency}).`, 'currency');
  }
  const total = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  // Stripe's minimum charge is about 0.50 in most currencies; 0 is allowed (no payment required).
  if (total > 0 && total < 50) {
    throw invalid(`The Checkout Session's total amount due must add up to at least 50 minor units of ${currency}.`, 'line_items', 'amount_too_small');
  }

  const created = nowSeconds();
  const expiresAt = int(p.expires_at, 'expires_at') ?? created + DAY;
  if (expiresAt > created + DAY) throw invalid('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
  if (expiresAt < created + 30 * 60) throw invalid('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');

  const clientReferenceId = str(p.client_reference_id) ?? null;
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalid('Invalid string: must be at most 200 characters', 'client_reference_id');
  }
  const email = str(p.customer_email) ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid(`Invalid email address: ${email}`, 'customer_email', 'email_invalid');
  const methods = p.payment_method_types;
  const paymentMethodTypes = Array.isArray(methods) ? methods.map(String) : ['card'];

  const id = newId('cs_test', 58);
  const session: CheckoutSession = {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: str(p.allow_promotion_codes) === 'true' ? true : null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, status: null },
    cancel_url: cancelUrl ?? null,
    client_reference_id: clientReferenceId,
    client_secret: hosted ? null : `${id}_secret_${newId('x', 16).slice(2)}`,
    created,
    currency,
    customer: str(p.customer) ?? null,
    customer_details: email ? { email, name: null, address: null, phone: null, tax_exempt: 'none', tax_ids: [] } : null,
    customer_email: email,
    expires_at: expiresAt,
    invoice: null,
    livemode: false,
    locale: str(p.locale) ?? null,
    metadata: metadataOf(p.metadata),
    mode,
    payment_intent: null,
    payment_link: null,
    payment_method_types: paymentMethodTypes,
    payment_status: total === 0 ? 'no_payment_required' : 'unpaid',
    ...(returnUrl ? { return_url: returnUrl } : {}),
    setup_intent: null,
    status: 'open',
    submit_type: str(p.submit_type) ?? null,
    subscription: null,
    success_url: successUrl ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode,
    url: hosted ? `${baseUrl}/pay/${id}` : null,
  };
  const pid = obj(p.payment_intent_data, 'payment_intent_data');
  return { session, lineItems, paymentIntentMetadata: metadataOf(pid?.metadata, 'payment_intent_data[metadata]') };
}
