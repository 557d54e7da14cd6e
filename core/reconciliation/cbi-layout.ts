/**
 * CBI "Rendicontazione movimenti di conto corrente" (flow RH, CBI-RND-001): fixed-width 120-character
 * records. Positions are 1-based as in the standard, position 1 being a blank filler. Shared by the
 * parser and the fixture builder so both read the same table.
 *
 *   RH  4-8 ABI sender · 9-13 SIA receiver · 14-19 creation date DDMMYY · 20-39 flow name
 *   61  4-10 statement no. · 52 CIN · 53-57 ABI · 58-62 CAB · 63-74 account · 75-77 currency
 *       · 78-83 date · 84 sign C/D · 85-99 opening balance · 100-101 country · 102-103 IBAN check digits
 *   62  4-10 statement no. · 11-13 movement no. · 14-19 value date · 20-25 booking date · 26 sign
 *       · 27-41 amount · 42-43 CBI causale · 44-45 internal causale · 46-61 cheque no.
 *       · 62-77 bank reference · 78-86 customer reference type · 87-120 description
 *   63  4-10 statement no. · 11-13 movement no. · 14-120 text; structured text starts with a tag:
 *       YYY payer (date GGMMAAAA, then name), RI1/RI2 remittance, ID1/ID2 identifiers
 *   64  4-10 statement no. · 11-13 currency · 14-19 date · 20 sign · 21-35 closing balance
 *       · 36 sign · 37-51 available balance
 *   65  (future available balances: read and ignored)
 *   EF  as RH, then 46-52 number of statements · 83-89 number of records
 * Amounts: 15 characters, "000000001234,56"; some banks write plain cents "000000000123456".
 */
export const RECORD_LENGTH = 120;

export const FIELDS = {
  RH: { sender: [4, 8], receiver: [9, 13], created: [14, 19], name: [20, 39] },
  '61': {
    statement: [4, 10], cin: [52, 52], abi: [53, 57], cab: [58, 62], account: [63, 74], currency: [75, 77],
    date: [78, 83], sign: [84, 84], balance: [85, 99], country: [100, 101], check: [102, 103],
  },
  '62': {
    statement: [4, 10], movement: [11, 13], valueDate: [14, 19], bookingDate: [20, 25], sign: [26, 26],
    amount: [27, 41], causale: [42, 43], internalCausale: [44, 45], cheque: [46, 61], bankRef: [62, 77],
    refType: [78, 86], description: [87, 120],
  },
  '63': { statement: [4, 10], movement: [11, 13], text: [14, 120] },
  '64': { statement: [4, 10], currency: [11, 13], date: [14, 19], sign: [20, 20], balance: [21, 35] },
  '65': {},
  EF: { sender: [4, 8], receiver: [9, 13], created: [14, 19], name: [20, 39], statements: [46, 52], records: [83, 89] },
} as const satisfies Record<string, Record<string, readonly [number, number]>>;

export type RecordType = keyof typeof FIELDS;
export const isRecordType = (t: string): t is RecordType => Object.hasOwn(FIELDS, t);

/** Field `[from, to]` (1-based, inclusive) of a normalised 120-character record. */
export const field = (record: string, [from, to]: readonly [number, number]): string => record.slice(from - 1, to);

/** Writes fields into a blank record (for the fixture builder). */
export function record(type: RecordType, values: Partial<Record<string, string>>): string {
  const chars = (' ' + type).padEnd(RECORD_LENGTH, ' ').split('');
  const layout = FIELDS[type] as Record<string, readonly [number, number]>;
  for (const [name, value] of Object.entries(values)) {
    const [from, to] = layout[name];
    const v = (value ?? '').slice(0, to - from + 1).padEnd(to - from + 1, ' ');
    for (let k = 0; k < v.length; k++) chars[from - 1 + k] = v[k];
  }
  return chars.join('');
}
