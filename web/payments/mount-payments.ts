/**
 * The payments face: pay links and their result pages, the Stripe webhook and, without a Stripe
 * key, the sandbox checkout. Mount it before any mount that installs an app-wide body parser:
 * the webhook needs the raw bytes.
 */
import type { Mount } from '../create-web-app.js';
import { webhookRoute } from './webhook-route.js';
import { payRoutes } from './pay-routes.js';
import { sandboxRoutes } from './sandbox-routes.js';

export const mountPayments: Mount = (server, app) => {
  server.use(webhookRoute(app));
  server.use(payRoutes(app));
  if (app.config.paymentsMode === 'sandbox') server.use(sandboxRoutes(app));
};
