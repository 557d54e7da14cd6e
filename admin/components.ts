/**
 * The few React components of the back-office (plain .jsx, bundled by AdminJS with rollup). They are
 * read from the source tree also when running from dist/, since tsc does not copy them.
 */
import { ComponentLoader } from 'adminjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const componentsDir = [join(here, 'components'), join(here, '..', '..', 'admin', 'components')].find((d) => existsSync(join(d, 'ActionForm.jsx')))!;

export const componentLoader = new ComponentLoader();
export const Components = {
  ActionForm: componentLoader.add('ActionForm', join(componentsDir, 'ActionForm.jsx')),
  Dashboard: componentLoader.add('Dashboard', join(componentsDir, 'Dashboard.jsx')),
  Cell: componentLoader.add('Cell', join(componentsDir, 'Cell.jsx')),
  ExportCsv: componentLoader.add('ExportCsv', join(componentsDir, 'ExportCsv.jsx')),
  PartnerPurchases: componentLoader.add('PartnerPurchases', join(componentsDir, 'PartnerPurchases.jsx')),
  ImportProgress: componentLoader.add('ImportProgress', join(componentsDir, 'ImportProgress.jsx')),
};
