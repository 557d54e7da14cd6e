/** The AdminJS instance: resources by small factories, Italian/English locale, the dashboard, the components. */
import AdminJS from 'adminjs';
import * as AdminJSSequelize from '@adminjs/sequelize';
import type { App } from '../core/app.js';
import { componentLoader, Components } from './components.js';
import { locale } from './locale.js';
import { dashboardHandler } from './dashboard.js';
import { ordersResource, orderLinesResource } from './resources/orders.js';
import { invoiceResources } from './resources/invoices.js';
import { bankResources } from './resources/bank.js';
import { partnerResources } from './resources/partners.js';
import { catalogueResources } from './resources/catalogue.js';
import { systemResources } from './resources/system.js';

let registered = false;
/** Where the vendor's logo is served, under the back-office root (admin/admin-router.ts). */
export const BRAND_LOGO_PATH = '/brand/logo';

export function buildAdmin(app: App, rootPath = '/admin') {
  if (!registered) {
    AdminJS.registerAdapter({ Database: AdminJSSequelize.Database, Resource: AdminJSSequelize.Resource });
    registered = true;
  }
  return new AdminJS({
    rootPath,
    loginPath: `${rootPath}/login`,
    logoutPath: `${rootPath}/logout`,
    componentLoader,
    locale,
    // The vendor's name and logo (config), and nothing of AdminJS's own marketing.
    branding: {
      companyName: `${app.config.VENDOR_NAME} · Sportello`,
      withMadeWithLove: false,
      logo: app.config.VENDOR_LOGO_FILE ? `${rootPath}${BRAND_LOGO_PATH}` : false,
    },
    dashboard: { handler: dashboardHandler(app), component: Components.Dashboard },
    resources: [
      ordersResource(app),
      orderLinesResource(app),
      ...invoiceResources(app),
      ...catalogueResources(app),
      ...partnerResources(app),
      ...bankResources(app),
      ...systemResources(app),
    ],
  });
}

/** Just the components, for the build-time bundle (no database needed). */
export function componentsOnlyAdmin() {
  return new AdminJS({ componentLoader, resources: [] });
}
