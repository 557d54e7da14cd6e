/**
 * Gapless yearly numbering. The year's counter row is read FOR UPDATE inside the transaction that
 * issues the document, so concurrent payments queue on it (SQLite serialises writers already): a
 * rolled-back or retried transaction gives its number back with everything else, and no two
 * documents share one. Taken last in the payment's transaction, so the row stays locked briefly.
 */
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Models } from '../db/models.js';

/** `Numero` (String20): 2026/SP/000123, or 2026/000123 without a series. */
export function formatInvoiceNumber(year: number, series: string, sequence: number): string {
  return [String(year), series, String(sequence).padStart(6, '0')].filter(Boolean).join('/');
}

async function lockedCounter(m: Models, t: Transaction, year: number, series: string) {
  const find = () => m.InvoiceCounter.findOne({ where: { year, series }, lock: t.LOCK.UPDATE, transaction: t });
  const row = await find();
  if (row) return row;
  try {
    return await m.InvoiceCounter.create({ year, series, lastNumber: 0, lastDate: null }, { transaction: t });
  } catch (e) {
    // Another transaction created the year's row first: it is locked by it until commit, then ours.
    if (!(e instanceof UniqueConstraintError)) throw e;
    return (await find())!;
  }
}

/**
 * The next number of `year`/`series`, and the document's date: the requested one, or the date of the
 * previous number when that is later (a bank payment recorded days after a card payment), so that
 * numbers and dates never run in opposite directions within a year.
 */
export async function takeNumber(m: Models, t: Transaction, year: number, series: string, date: string): Promise<{ sequence: number; issueDate: string }> {
  const counter = await lockedCounter(m, t, year, series);
  const sequence = counter.lastNumber + 1;
  const issueDate = counter.lastDate && counter.lastDate > date ? counter.lastDate : date;
  await m.InvoiceCounter.update({ lastNumber: sequence, lastDate: issueDate }, { where: { year, series }, transaction: t });
  return { sequence, issueDate };
}

/** ProgressivoInvio: 5 characters, unique per transmitter over time (base 36 of a counter of its own). */
export async function takeProgressivoInvio(m: Models, t: Transaction): Promise<string> {
  const counter = await lockedCounter(m, t, 0, 'INVIO');
  const next = counter.lastNumber + 1;
  await m.InvoiceCounter.update({ lastNumber: next }, { where: { year: 0, series: 'INVIO' }, transaction: t });
  return next.toString(36).toUpperCase().padStart(5, '0');
}
