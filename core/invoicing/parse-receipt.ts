/**
 * An SdI receipt or notice (MessaggiTypes_v1.1.xsd), checked against the official schema and read
 * with XPath: which message it is, the file and SdI identifier it is about, its own MessageId (what
 * makes the same receipt recognisable the second time), and the errors of a NotificaScarto.
 */
import { XmlDocument } from 'libxml2-wasm';
import { DomainError } from '../errors.js';
import { RECEIPTS_SCHEMA, validateAgainstSchema } from './xsd-validator.js';

export type ReceiptType = 'RC' | 'MC' | 'NS' | 'AT' | 'DT' | 'NE';

const TYPES: Record<string, ReceiptType> = {
  RicevutaConsegna: 'RC',
  NotificaMancataConsegna: 'MC',
  NotificaScarto: 'NS',
  AttestazioneTrasmissioneFattura: 'AT',
  NotificaDecorrenzaTermini: 'DT',
  NotificaEsito: 'NE',
};

export interface ParsedReceipt {
  type: ReceiptType;
  sdiIdentifier: string;
  fileName: string;
  messageId: string;
  description: string | null;
  errors: { code: string; description: string }[];
}

export function parseReceipt(xml: string): ParsedReceipt {
  if (xml.length > 1_000_000) throw new DomainError('validation', 'Ricevuta SdI troppo grande');
  const invalid = validateAgainstSchema(xml, RECEIPTS_SCHEMA);
  if (invalid.length) throw new DomainError('validation', `Ricevuta SdI non valida: ${invalid[0]!.message.slice(0, 200)}`, { errors: invalid.slice(0, 5) });
  const doc = XmlDocument.fromString(xml);
  try {
    const root = doc.root;
    const type = TYPES[root.name];
    if (!type) throw new DomainError('validation', `Messaggio SdI non gestito: ${root.name.slice(0, 60)}`);
    // Children of the receipt are unqualified (elementFormDefault is unqualified in MessaggiTypes).
    const text = (path: string) => (root.get(path)?.content ?? '').trim();
    return {
      type,
      sdiIdentifier: text('IdentificativoSdI'),
      fileName: text('NomeFile'),
      messageId: text('MessageId'),
      description: text('Descrizione') || null,
      errors: root.find('ListaErrori/Errore').map((e) => ({ code: (e.get('Codice')?.content ?? '').trim(), description: (e.get('Descrizione')?.content ?? '').trim() })),
    };
  } finally {
    doc.dispose();
  }
}
