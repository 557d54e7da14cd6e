/** What every statement parser returns, whatever the bank's format. */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';

export interface StatementLine {
  bankRef: string | null;
  bookingDate: string; // YYYY-MM-DD
  valueDate: string | null;
  amountCents: number; // integer; credit > 0, debit < 0
  currency: string;
  counterparty: string | null;
  remittance: string;
  reversal: boolean;
  /** Same line imported twice (same file or an overlapping one) → same key. */
  dedupKey: string;
  /** Why the line may not be what the bank meant (a file perhaps cut short): it is held for a person. */
  suspect?: string;
}

export interface ParsedStatement {
  format: 'camt053' | 'cbi' | 'csv';
  accountIban: string | null;
  statementId: string | null;
  openingBalanceCents: number | null;
  closingBalanceCents: number | null;
  lines: StatementLine[];
}

/** The one error for an unreadable file (reason in Italian); `line` is 1-based in the file as uploaded. */
export function parseError(line: number, reason: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('parse_error', `Riga ${line}: ${reason}`, { line, reason, ...extra });
}

/** A file with nothing in it: said as such, whatever format was expected. */
export const emptyFileError = () => new DomainError('parse_error', 'File vuoto: nessun movimento da importare', { line: 1, reason: 'file vuoto' });

/** CBI and CSV write a reversed transfer as a debit described "STORNO BONIFICO …" (or "STORNO ACCREDITO"). */
export const isReversalText = (text: string): boolean => /^\W*STORNO\b|\bSTORNO\s+(DI\s+)?(BONIFICO|ACCREDITO|SCT)\b/i.test(text);

/**
 * Fills `dedupKey` in place (parsers create lines with dedupKey ''): the key of a line within its own
 * format (a re-import of the same or an overlapping file of the same format). With a bank reference the
 * key is the reference with the date and amount (scoped by account: two banks may reuse a number; and a
 * bank field alone is never an identity: some CBI exports put description text there). Without one it is
 * a hash of date|amount|counterparty|text plus the occurrence number of that same content in the file:
 * two identical €50 transfers from the same payer on the same day are two payments, yet re-importing
 * the file yields the same two keys. The same movement in another format is recognised by
 * movement-identity.ts.
 */
export function assignDedupKeys(lines: StatementLine[], accountIban: string | null): StatementLine[] {
  const seen = new Map<string, number>();
  const scope = accountIban ?? '';
  for (const l of lines) {
    l.remittance = detach(l.remittance);
    if (l.counterparty) l.counterparty = detach(l.counterparty);
    if (l.bankRef) l.bankRef = detach(l.bankRef);
    if (l.bankRef) {
      l.dedupKey = `ref:${scope}:${l.bookingDate}:${l.amountCents}:${l.bankRef}`.slice(0, 191);
      continue;
    }
    const content = `${l.bookingDate}|${l.amountCents}|${l.counterparty ?? ''}|${l.remittance}`;
    const n = (seen.get(content) ?? 0) + 1;
    seen.set(content, n);
    l.dedupKey = `sha256:${createHash('sha256').update(`${scope}|${content}|${n}`).digest('hex')}`;
  }
  return lines;
}

/**
 * A copy of `s` that does not keep the file alive: V8 represents substrings as slices of the string they
 * come from, so a line's causale would hold the whole 100 MB statement in memory for as long as the line
 * lives. Slicing a concatenation flattens it into a string of its own.
 */
export const detach = (s: string): string => (s.length < 13 ? s : (s + ' ').slice(0, -1));

/** Collapses runs of whitespace (banks pad and wrap free text). */
export const squash = (s: string): string => (/\s\s|[\t\n\r]|^\s|\s$/.test(s) ? s.replace(/\s+/g, ' ').trim() : s);
