/**
 * The payer's name inside a bank's description, for files that have no payer field (home-banking CSV
 * exports put everything in "Descrizione"). Italian banks write it after a marker:
 *   "BONIFICO A VOSTRO FAVORE DA MARIO ROSSI CAUSALE …", "BONIFICO SEPA DA: ROSSI SRL RIF …",
 *   "ORD: STUDIO BIANCHI", "ORDINANTE BIANCHI ANNA", "DA: …".
 * The name runs until the next field label (causale, rif., ben., IBAN, TRN…), a separator or a payment
 * reference. Null when no marker is found: better no name than a wrong one.
 */
const MARKER = /(?:\bA\s+VOSTRO\s+FAVORE\s+DA\b\s*:?|\bBONIFICO(?:\s+(?:SEPA|SCT|ISTANTANEO|INST))?\s+DA\b\s*:?|\bORDINANTE\b\s*:?|\bORD\b\s*[.:]|\bDA\s*:)\s*/i;
const STOP = /\s*(?:[;|\/]|\s-\s|\b(?:CAUSALE|CAUS|CAU|RIF|RIFERIMENTO|BEN|BENEF|BENEFICIARIO|IBAN|TRN|CRO|ID|E2E|END\s*TO\s*END|DATA|DT|VALUTA|INFO|NOTE|PER|SP[-\s]?[0-9A-Z]{4}|YY2|IT\d\d[A-Z])\b)/i;

export function payerFromDescription(text: string): string | null {
  const m = MARKER.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const stop = STOP.exec(rest);
  const name = (stop ? rest.slice(0, stop.index) : rest).replace(/[:,.]+$/, '').trim();
  const words = name.split(/\s+/).filter(Boolean);
  if (!words.length || !/[A-Za-zÀ-ÿ]{2}/.test(name)) return null;
  return words.slice(0, 8).join(' ');
}
