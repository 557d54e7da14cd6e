/** The invoices face: the SdI receipts webhook (raw body: mount before any body parser) and courtesy copies. */
import type { Mount } from '../create-web-app.js';
import { sdiWebhookRoute } from './sdi-webhook-route.js';
import { invoiceCopyRoute } from './invoice-copy-route.js';

export const mountInvoices: Mount = (server, app) => {
  server.use(sdiWebhookRoute(app));
  server.use(invoiceCopyRoute(app));
};
