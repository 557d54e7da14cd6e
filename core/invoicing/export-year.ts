/**
 * A year's XML files for the accountant: every document that has left (or was built to leave), by
 * its SdI file name, in number order; as files for the CLI and as one ZIP for the back-office.
 */
import { Op } from 'sequelize';
import { zipSync, strToU8 } from 'fflate';
import type { Ctx } from '../shared/context.js';

export interface ExportedFile {
  name: string;
  number: string;
  xml: string;
}

export function exportYear(ctx: Ctx) {
  const m = ctx.db.models;
  return {
    async files(year: number): Promise<ExportedFile[]> {
      const rows = await m.Invoice.findAll({
        where: { year, series: ctx.config.INVOICE_SERIES, xml: { [Op.ne]: null } },
        attributes: ['fileName', 'number', 'xml', 'sequence'],
        order: [['sequence', 'ASC']],
      });
      return rows.map((r) => ({ name: r.fileName!, number: r.number, xml: r.xml! }));
    },
    async zip(year: number): Promise<Uint8Array> {
      const files = await this.files(year);
      return zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.xml)])), { level: 6 });
    },
  };
}
