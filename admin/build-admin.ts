/** The AdminJS instance: resources by small factories, Italian/English locale, the dashboard, the components. */
import AdminJS from 'adminjs';
import * as AdminJSSequelize from '@adminjs/sequelize';
import type { App } from '../core/app.js';
import { componentLoader, Components } from './components.js';
import { locale } from './locale.js';
import { dashboardHandler } from './dashboard.js';
import { ordersResource, orderLinesResource } from './resources/orders.js';
import { bankResources } from './resources/bank.js';
import { partnerResources } from './resources/partners.js';
import { catalogueResources } from './resources/catalogue.js';
import { systemResources } from './resources/system.js';

let registered = false;

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
    branding: { companyName: 'Sportello', withMadeWithLove: false, logo: false },
    dashboard: { handler: dashboardHandler(app), component: Components.Dashboard },
    resources: [
      ordersResource(app),
      orderLinesResource(app),
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
