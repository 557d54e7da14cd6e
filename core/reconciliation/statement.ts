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
}

export interface ParsedStatement {
  format: 'camt053' | 'cbi' | 'csv';
  accountIban: string | null;
  statementId: string | null;
  openingBalanceCents: number | null;
  closingBalanceCents: number | null;
  lines: StatementLine[];
}

/** The one error for an unreadable file; `line` is 1-based in the file as uploaded. */
export function parseError(line: number, reason: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('parse_error', `line ${line}: ${reason}`, { line, reason, ...extra });
}

/**
 * Fills `dedupKey` in place (parsers create lines with dedupKey ''). With a bank reference the key is
 * the reference (scoped by account: two banks may reuse a number). Without one it is a hash of
 * date|amount|counterparty|text plus the occurrence number of that same content in the file: two
 * identical €50 transfers from the same payer on the same day are two payments, yet re-importing the
 * file yields the same two keys.
 */
export function assignDedupKeys(lines: StatementLine[], accountIban: string | null): StatementLine[] {
  const seen = new Map<string, number>();
  const scope = accountIban ?? '';
  for (const l of lines) {
    if (l.bankRef) {
      l.dedupKey = `ref:${scope}:${l.bankRef}`;
      continue;
    }
    const content = `${l.bookingDate}|${l.amountCents}|${l.counterparty ?? ''}|${l.remittance}`;
    const n = (seen.get(content) ?? 0) + 1;
    seen.set(content, n);
    l.dedupKey = `sha256:${createHash('sha256').update(`${scope}|${content}|${n}`).digest('hex')}`;
  }
  return lines;
}

/** Collapses runs of whitespace (banks pad and wrap free text). */
export const squash = (s: string): string => (/\s\s|[\t\n\r]|^\s|\s$/.test(s) ? s.replace(/\s+/g, ' ').trim() : s);
