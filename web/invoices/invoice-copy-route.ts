/**
 * `/fattura/<token>`: the courtesy copy of an invoice (HTML), `?formato=pdf` the same as a PDF, and
 * `?formato=xml` its FatturaPA file,
 * reached from the order status page, the bot and emails. The token is signed from the invoice id.
 */
import { Router } from 'express';
import type { App } from '../../core/app.js';
import { pageNonce } from '../security-headers.js';

export function invoiceCopyRoute(app: App): Router {
  const r = Router();
  r.get('/fattura/:token', async (req, res, next) => {
    try {
      const inv = await app.useCases.invoiceByToken(req.params.token);
      if (!inv) return void res.status(404).type('text/plain; charset=utf-8').send('Fattura non trovata (invoice not found)');
      res.set('Cache-Control', 'private, no-store');
      if (req.query.formato === 'xml') {
        if (!inv.xml) return void res.status(404).type('text/plain; charset=utf-8').send('Il file XML non è ancora pronto (XML not ready yet)');
        return void res.type('application/xml').attachment(inv.fileName ?? 'fattura.xml').send(inv.xml);
      }
      if (req.query.formato === 'pdf') {
        const doc = (await app.useCases.courtesyPdf(inv.id))!;
        return void res.type('application/pdf').set('Content-Disposition', `inline; filename="${doc.fileName}"`).send(doc.pdf);
      }
      const self = `/fattura/${encodeURIComponent(req.params.token)}`;
      const copy = await app.useCases.courtesyCopy(inv.id, pageNonce(res), { pdf: `${self}?formato=pdf`, xml: `${self}?formato=xml` });
      res.type('text/html; charset=utf-8').send(copy!.html);
    } catch (e) {
      next(e);
    }
  });
  return r;
}
