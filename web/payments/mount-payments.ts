/**
 * The payments face: pay links and their result pages, the Stripe webhook and, without a Stripe
 * key and outside production, the sandbox checkout. Mount it before any mount that installs an app-wide body parser:
 * the webhook needs the raw bytes.
 */
import type { Mount } from '../create-web-app.js';
import { webhookRoute } from './webhook-route.js';
import { payRoutes } from './pay-routes.js';
import { sandboxRoutes } from './sandbox-routes.js';

export const mountPayments: Mount = (server, app) => {
  server.use(webhookRoute(app));
  server.use(payRoutes(app));
  // The sandbox fulfils orders without money: in production its page and routes do not exist at all
  // (loadConfig already refuses card payment without Stripe there; this keeps it so if that ever changes).
  if (app.config.paymentsMode === 'sandbox' && !app.config.isProduction) server.use(sandboxRoutes(app));
};
