/** The file-drop transmitter: each XML under <dir>/<year>/, written whole (temp file, then rename). */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InvoiceTransmitter } from '../transmitter.js';

export function fileDropTransmitter(dir: string): InvoiceTransmitter {
  return {
    kind: 'file',
    async send({ fileName, xml, year }) {
      if (!/^IT[A-Z0-9]+_[A-Z0-9]{1,5}\.xml$/.test(fileName)) throw new Error(`nome file non valido: ${fileName.slice(0, 60)}`);
      const folder = join(dir, String(year));
      await mkdir(folder, { recursive: true });
      const tmp = join(folder, `.${fileName}.${process.pid}.tmp`);
      await writeFile(tmp, xml, 'utf8');
      await rename(tmp, join(folder, fileName));
      return { transmissionId: `file:${year}/${fileName}` };
    },
  };
}
