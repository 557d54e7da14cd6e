/**
 * Back-office downloads of invoices (behind the login, role-checked like every action): one document's
 * XML or courtesy copy (HTML or PDF), and a year's XML files as one ZIP for the accountant (the files
 * `cli invoices:export` writes).
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { App } from '../core/app.js';
import { can } from './policy.js';
import { refuse } from './body-limits.js';

export function invoiceDownloads(app: App): Router {
  const r = Router();
  const allowed = (req: Request, res: Response, action: string) => {
    if (can((req.session as any)?.adminUser?.role, 'invoices', action)) return true;
    refuse(req, res, 403, 'forbidden', 'Il tuo ruolo non permette questa operazione', 'Your role does not allow this');
    return false;
  };
  r.get('/fatture/anno/:year', async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!allowed(req, res, 'export')) return;
      const year = Number(req.params.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2999) return refuse(req, res, 400, 'validation', 'Anno non valido', 'Invalid year');
      const zip = await app.useCases.exportInvoices.zip(year);
      res.type('application/zip').attachment(`fatture-${year}.zip`).send(Buffer.from(zip));
    } catch (e) {
      next(e);
    }
  });
  r.get('/fatture/:id/:what(xml|copia|pdf)', async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!allowed(req, res, 'download')) return;
      const inv = await app.useCases.getInvoice(Number(req.params.id));
      if (!inv) return refuse(req, res, 404, 'not_found', 'Fattura non trovata', 'Invoice not found');
      if (req.params.what === 'xml') {
        if (!inv.xml) return refuse(req, res, 404, 'not_found', 'Il file XML non è ancora stato prodotto', 'No XML yet');
        return void res.type('application/xml').attachment(inv.fileName!).send(inv.xml);
      }
      if (req.params.what === 'pdf') {
        const doc = (await app.useCases.courtesyPdf(inv.id))!;
        return void res.type('application/pdf').attachment(doc.fileName).send(doc.pdf);
      }
      const copy = (await app.useCases.courtesyCopy(inv.id))!;
      res.type('text/html').attachment(copy.fileName).send(copy.html);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
