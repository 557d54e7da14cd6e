/**
 * Bank reconciliation: statements (import, per-statement report, re-run matching), their lines (match
 * by hand or split, not ours, undo), allocations (the proof kept for each payment), CSV mappings per bank.
 */
import { rm } from 'node:fs/promises';
import type { BaseRecord } from 'adminjs';
import type { App } from '../../core/app.js';
import { DomainError } from '../../core/errors.js';
import { defineResource } from './define-resource.js';
import { Components } from '../components.js';
import { formAction } from '../actions/form-action.js';
import { euro, euroField, parseEuro } from '../money.js';

const BANK = { name: 'Banca', icon: 'DollarSign' };
const REASONS: Record<string, string> = { reference: 'causale', similar_reference: 'causale simile', same_amount: 'stesso importo', payer_name: 'nome ordinante', close_date: 'data vicina' };

export function bankResources(app: App) {
  const m = app.db.models;
  const uc = app.useCases;

  const importStatement = formAction(app, {
    name: 'importStatement', resourceId: 'bank_statements', actionType: 'resource', icon: 'Upload',
    async form() {
      const mappings = await uc.csvMappingNames();
      return {
        intro: 'Carica un estratto conto: camt.053 (XML), CBI “Rendicontazione movimenti” o CSV. L’importazione prosegue in background; un file illeggibile viene rifiutato per intero; i movimenti già importati (anche da un altro formato) vengono saltati.',
        fields: [
          { name: 'file', label: 'File dell’estratto conto', type: 'file', required: true },
          { name: 'bankName', label: 'Mappatura CSV (solo per file CSV)', type: 'select', options: [{ value: '', label: '—' }, ...mappings.map((name) => ({ value: name, label: name }))] },
        ],
        submitLabel: 'Importa',
        confirm: 'Importare il file e abbinare automaticamente i bonifici agli ordini?',
      };
    },
    async run({ payload, actor }) {
      const file = payload.file;
      if (!file?.path) throw new DomainError('validation', 'Scegli un file');
      try {
        // The router refused larger bodies before reading them; this holds for a handler called directly.
        if (file.size > app.config.STATEMENT_UPLOAD_MAX_MB * 1024 * 1024) throw new DomainError('validation', `File troppo grande (massimo ${app.config.STATEMENT_UPLOAD_MAX_MB} MB)`);
        // A statement of 100,000 lines takes longer than a request may: the worker imports it.
        const r = await uc.queueStatementImport({ fileName: String(file.name ?? 'estratto'), path: file.path, bankName: payload.bankName || undefined }, actor);
        return {
          message: 'File caricato: l’importazione prosegue in background',
          lines: ['Avanzamento e risultato nella pagina dell’importazione; al termine anche nel cruscotto.'],
          link: { href: `/admin/resources/bank_imports/records/${r.importId}/show`, label: 'Segui l’importazione' },
        };
      } finally {
        await rm(file.path, { force: true }); // moved away when queued; otherwise removed as early as possible
      }
    },
  });

  const report = formAction(app, {
    name: 'report', resourceId: 'bank_statements', actionType: 'record', icon: 'FileText',
    async form({ record }) {
      const r = await uc.reconciliationReport(Number(record!.id()));
      const row = (label: string, x: { count: number; cents: number }) => ({ label, value: `${x.count} righe, ${euro(x.cents)}` });
      return {
        intro: `Resoconto dell’estratto “${r.fileName}”`,
        facts: [
          { label: 'Righe', value: String(r.lines) },
          row('Accrediti', r.credits),
          row('Addebiti', r.debits),
          row('Abbinati automaticamente', r.matchedAuto),
          row('Abbinati a mano', r.matchedByHand),
          row('Parziali (ordine in attesa del resto)', r.partial),
          row('In attesa di abbinamento', r.unmatched),
          row('Non nostri', r.notOurs),
          row('Ignorati', r.ignored),
          { label: 'Eccedenze da gestire', value: euro(r.surplusCents) },
        ],
        fields: [],
        submitLabel: 'Riprova l’abbinamento automatico',
        confirm: 'Riprovare l’abbinamento automatico delle righe ancora in attesa?',
      };
    },
    async run({ record, actor }) {
      const s = await uc.reconcileUnmatchedLines({ statementId: Number(record!.id()) }, actor);
      return { message: `Pagati: ${s.matched}, parziali: ${s.partial}, ancora in attesa: ${s.unmatched}` };
    },
  });

  const lineStatus = (r?: BaseRecord) => String(r?.params.status ?? '');
  const lineFacts = (r: BaseRecord) => [
    { label: 'Data', value: String(r.params.bookingDate) },
    { label: 'Importo', value: euro(r.params.amountCents) },
    { label: 'Ordinante', value: String(r.params.counterparty ?? '—') },
    { label: 'Causale', value: String(r.params.remittance ?? '') },
    { label: 'Stato', value: String(r.params.status) },
    ...(r.params.note ? [{ label: 'Nota', value: String(r.params.note) }] : []),
  ];

  const matchByHand = formAction(app, {
    name: 'matchByHand', resourceId: 'bank_lines', actionType: 'record', icon: 'Link',
    visible: (r) => lineStatus(r) === 'unmatched' && Number(r?.params.amountCents) > 0,
    async form({ record }) {
      const suggestions = await uc.suggestOrdersForLine(Number(record!.id()));
      return {
        intro: 'Indica quanto di questo bonifico va a ciascun ordine (anche più ordini). Gli ordini che ricevono il totale vengono pagati ed evasi.',
        facts: lineFacts(record!),
        fields: [{
          name: 'allocations', label: 'Ordini suggeriti', type: 'allocations',
          default: suggestions[0] ? (JSON.stringify({ [suggestions[0].orderId]: euroField(Math.min(suggestions[0].remainingCents, Number(record!.params.amountCents))) }) as any) : undefined,
          suggestions: suggestions.map((s) => ({ orderId: s.orderId, label: `${s.number ?? s.orderId} · ${s.reference}`, buyerName: s.buyerName, remaining: euro(s.remainingCents), reasons: s.reasons.map((x) => REASONS[x] ?? x).join(', ') })),
        }],
        submitLabel: 'Abbina',
        confirm: 'Confermi l’abbinamento? Gli ordini saldati verranno evasi.',
      };
    },
    async run({ record, payload, actor }) {
      const allocations = await readAllocations(payload.allocations);
      const r = await uc.matchLineByHand({ lineId: Number(record!.id()), allocations }, actor);
      const lines = [
        ...r.paidOrderIds.map((id) => `Ordine ${id}: pagato ed evaso`),
        ...r.waiting.map((w) => `Ordine ${w.orderId}: in attesa, mancano ${euro(w.remainingCents)}`),
        ...(r.surplusCents > 0 ? [`Eccedenza: ${euro(r.surplusCents)}`] : []),
      ];
      return { message: 'Riga abbinata', lines };
    },
  });

  /** {"<orderId>": "12,50", otherRef: "SP-… or order number", otherAmount: "…"} → allocations. */
  async function readAllocations(raw: unknown) {
    let v: Record<string, string>;
    try {
      v = typeof raw === 'string' ? JSON.parse(raw) : ((raw ?? {}) as Record<string, string>);
    } catch {
      throw new DomainError('validation', 'Ripartizione non leggibile');
    }
    const out: { orderId: number; amountCents: number }[] = [];
    for (const [k, text] of Object.entries(v)) {
      if (!/^\d+$/.test(k) || !String(text ?? '').trim()) continue;
      const cents = parseEuro(text);
      if (!cents || cents <= 0) throw new DomainError('validation', `Importo non valido per l’ordine ${k}`);
      out.push({ orderId: Number(k), amountCents: cents });
    }
    if (v.otherRef?.trim()) {
      const cents = parseEuro(v.otherAmount);
      if (!cents || cents <= 0) throw new DomainError('validation', 'Importo non valido per l’ordine indicato');
      const order = await uc.findOrderByReferenceOrNumber(v.otherRef);
      if (!order) throw new DomainError('not_found', `Ordine “${v.otherRef.trim()}” non trovato`);
      out.push({ orderId: order.id, amountCents: cents });
    }
    if (!out.length) throw new DomainError('validation', 'Indica almeno un ordine e un importo');
    return out;
  }

  const notOurs = formAction(app, {
    name: 'notOurs', resourceId: 'bank_lines', actionType: 'record', icon: 'Slash',
    // A held line (possibly a movement already imported from another file) is closed here too when it is one.
    visible: (r) => lineStatus(r) === 'unmatched' || lineStatus(r) === 'held',
    form: ({ record }) => ({ facts: lineFacts(record!), fields: [{ name: 'note', label: 'Nota', type: 'textarea' }], submitLabel: 'Non è nostro', confirm: 'Segnare la riga come non nostra (o come doppione)?' }),
    async run({ record, payload, actor }) {
      const r = await uc.markLineNotOurs({ lineId: Number(record!.id()), note: payload.note ? String(payload.note).slice(0, 500) : undefined }, actor);
      return r.alreadyDone ? { type: 'info', message: 'Già segnata come non nostra' } : { message: 'Riga segnata come non nostra' };
    },
  });

  const undo = formAction(app, {
    name: 'undo', resourceId: 'bank_lines', actionType: 'record', icon: 'RotateCcw',
    visible: (r) => ['matched', 'partial', 'not_ours'].includes(lineStatus(r)),
    async form({ record }) {
      const allocs = await uc.lineAllocations(Number(record!.id()));
      const fulfilled = allocs.filter((a) => a.orderStatus === 'fulfilled');
      return {
        facts: [...lineFacts(record!), ...allocs.map((a) => ({ label: `Ordine ${a.orderNumber ?? a.orderId}`, value: euro(a.amountCents) }))],
        fields: [],
        submitLabel: 'Annulla la decisione',
        confirm: 'Annullare l’abbinamento? La riga torna tra quelle da abbinare.',
        disabledReason: fulfilled.length ? `Non annullabile: ordine ${fulfilled.map((a) => a.orderNumber ?? a.orderId).join(', ')} già evaso (serve un rimborso)` : undefined,
      };
    },
    async run({ record, actor }) {
      const r = await uc.undoLineDecision({ lineId: Number(record!.id()) }, actor);
      return r.alreadyDone ? { type: 'info', message: 'La riga era già da abbinare' } : { message: 'Decisione annullata: la riga è di nuovo da abbinare' };
    },
  });

  const release = formAction(app, {
    name: 'release', resourceId: 'bank_lines', actionType: 'record', icon: 'CheckCircle',
    visible: (r) => lineStatus(r) === 'held',
    form: ({ record }) => ({
      intro: 'Questa riga potrebbe essere lo stesso movimento di una riga già importata da un altro file (stesso giorno, importo e ordinante). Se è un movimento diverso, rilasciala: verrà abbinata come le altre.',
      facts: lineFacts(record!), fields: [], submitLabel: 'È un movimento diverso', confirm: 'Confermi che non è un doppione?',
    }),
    async run({ record, actor }) {
      const r = await uc.releaseHeldLine({ lineId: Number(record!.id()) }, actor);
      return r.alreadyDone ? { type: 'info', message: 'La riga non era in attesa di verifica' } : { message: 'Riga rilasciata: abbinamento automatico ritentato', lines: [`Pagati: ${r.reconcile.matched}, parziali: ${r.reconcile.partial}, ancora da abbinare: ${r.reconcile.unmatched}`] };
    },
  });

  // A reversal of a fulfilled order waits for a person: give back what it took, or confirm the loss.
  const reversalFacts = (r: BaseRecord) => {
    // AdminJS flattens the JSON: takenBack.couponIds.0, takenBack.credit.0.cents, …
    const keys = Object.keys(r.params);
    const coupons = keys.filter((k) => /^takenBack\.couponIds\.\d+$/.test(k)).length;
    const credit = keys.filter((k) => /^takenBack\.credit\.\d+\.cents$/.test(k)).reduce((sum, k) => sum + Number(r.params[k]), 0);
    const einvoices = keys.filter((k) => /^takenBack\.einvoices\.\d+\.count$/.test(k)).reduce((sum, k) => sum + Number(r.params[k]), 0);
    return [
      { label: 'Ordine', value: `#${r.params.orderId}` },
      { label: 'Importo stornato', value: euro(r.params.amountCents) },
      { label: 'Bonifico stornato', value: `riga #${r.params.creditLineId}` },
      { label: 'Ripreso dallo storno', value: [`${coupons} coupon`, ...(credit ? [`credito ${euro(credit)}`] : []), ...(einvoices ? [`${einvoices} fatture elettroniche`] : [])].join(', ') },
      ...(r.params.notTakenBack ? [{ label: 'Non ripreso', value: String(r.params.notTakenBack) }] : []),
    ];
  };
  const decide = (decision: 'restore' | 'confirm') =>
    formAction(app, {
      name: decision, resourceId: 'payment_reversals', actionType: 'record', icon: decision === 'restore' ? 'RotateCcw' : 'XCircle',
      visible: (r) => r?.params.status === 'open',
      form: ({ record }) => ({
        intro:
          decision === 'restore'
            ? 'Il pagamento è arrivato di nuovo, o la banca ha stornato per errore: vengono restituiti esattamente i coupon, il credito e le fatture elettroniche ripresi dallo storno, e il partner viene avvisato.'
            : 'Il pagamento è perso: l’ordine viene rimborsato (la banca ha già restituito il bonifico), con la nota di credito; i coupon restano revocati.',
        facts: reversalFacts(record!),
        fields: [{ name: 'note', label: 'Motivo', type: 'textarea', required: true, help: decision === 'restore' ? 'Es.: nuovo bonifico del 12/05 ricevuto' : 'Es.: il cliente non ha ripagato' }],
        submitLabel: decision === 'restore' ? 'Ripristina' : 'Conferma lo storno',
        confirm: decision === 'restore' ? 'Restituire quanto ripreso dallo storno?' : 'Rimborsare l’ordine ed emettere la nota di credito?',
      }),
      async run({ record, payload, actor }) {
        const r = await uc.decideReversal({ reversalId: Number(record!.id()), decision, note: String(payload.note ?? '') }, actor);
        if (r.alreadyDone) return { type: 'info', message: 'Decisione già registrata' };
        return decision === 'restore'
          ? { message: 'Storno annullato: quanto ripreso è stato restituito', lines: [`Coupon di nuovo disponibili: ${r.couponsRestored}`] }
          : { message: 'Storno confermato: ordine rimborsato, nota di credito emessa' };
      },
    });

  const saveMapping = formAction(app, {
    name: 'saveMapping', resourceId: 'bank_csv_mappings', actionType: 'resource', icon: 'Save',
    form: () => ({
      intro: 'Colonne del CSV della banca: per nome d’intestazione o per posizione (0 = prima colonna). Importo unico con segno, oppure colonne dare/avere.',
      fields: [
        { name: 'bankName', label: 'Banca', required: true },
        { name: 'delimiter', label: 'Separatore', default: ';' },
        { name: 'hasHeader', label: 'Prima riga di intestazione', type: 'checkbox', default: 'true' },
        { name: 'date', label: 'Colonna data', required: true },
        { name: 'dateFormat', label: 'Formato data', type: 'select', default: 'DD/MM/YYYY', options: ['DD/MM/YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD'].map((x) => ({ value: x, label: x })) },
        { name: 'amount', label: 'Colonna importo (con segno)' },
        { name: 'credit', label: 'Colonna avere (accrediti)' },
        { name: 'debit', label: 'Colonna dare (addebiti)' },
        { name: 'decimalComma', label: 'Virgola decimale', type: 'checkbox', default: 'true' },
        { name: 'counterparty', label: 'Colonna ordinante' },
        { name: 'remittance', label: 'Colonna causale / descrizione', required: true },
        { name: 'bankRef', label: 'Colonna riferimento banca' },
      ],
      submitLabel: 'Salva la mappatura',
      confirm: 'Salvare la mappatura?',
    }),
    async run({ payload, actor }) {
      const opt = (k: string) => (payload[k] ? String(payload[k]) : undefined);
      await uc.saveCsvMapping({
        bankName: String(payload.bankName ?? ''),
        mapping: {
          delimiter: opt('delimiter') ?? ';', hasHeader: payload.hasHeader !== 'false', date: String(payload.date ?? ''), dateFormat: (opt('dateFormat') ?? 'DD/MM/YYYY') as any,
          amount: opt('amount'), credit: opt('credit'), debit: opt('debit'), decimalComma: payload.decimalComma !== 'false',
          counterparty: opt('counterparty'), remittance: String(payload.remittance ?? ''), bankRef: opt('bankRef'),
        },
      }, actor);
      return { message: `Mappatura per “${payload.bankName}” salvata` };
    },
  });

  return [
    defineResource(app, {
      model: m.BankStatement, navigation: BANK, titleProperty: 'fileName',
      list: ['id', 'fileName', 'format', 'lineCount', 'newLineCount', 'importedByLabel', 'createdAt'],
      filter: ['format', 'fileName', 'importedByLabel', 'createdAt'],
      money: ['openingBalanceCents', 'closingBalanceCents'],
      actions: { importStatement, report },
    }),
    defineResource(app, {
      model: m.BankLine, navigation: BANK,
      list: ['id', 'bookingDate', 'amountCents', 'counterparty', 'remittance', 'status', 'matchKind', 'statementId'],
      show: ['id', 'statementId', 'bookingDate', 'valueDate', 'amountCents', 'currency', 'counterparty', 'remittance', 'bankRef', 'reversal', 'reversalOfId', 'status', 'matchKind', 'allocatedCents', 'surplusCents', 'note'],
      filter: ['statementId', 'status', 'matchKind', 'bookingDate', 'counterparty', 'remittance', 'amountCents'],
      money: ['amountCents', 'allocatedCents', 'surplusCents'],
      hidden: ['dedupKey', 'movementKey', 'suggestions'],
      properties: {
        statementId: { reference: 'bank_statements' },
        status: { availableValues: ['unmatched', 'partial', 'matched', 'not_ours', 'ignored', 'held', 'reversed'].map((v) => ({ value: v, label: v })) },
        reversalOfId: { reference: 'bank_lines' },
      },
      actions: { matchByHand, notOurs, undo, release },
    }),
    defineResource(app, {
      model: m.BankImport, navigation: BANK, titleProperty: 'fileName',
      list: ['id', 'fileName', 'status', 'phase', 'linesRead', 'newLines', 'duplicates', 'matched', 'toReview', 'startedByLabel', 'createdAt'],
      show: ['id', 'fileName', 'status', 'phase', 'error', 'linesRead', 'newLines', 'duplicates', 'held', 'matched', 'partial', 'toReview', 'ignored', 'reversals', 'statementId', 'startedByLabel', 'createdAt', 'finishedAt'],
      filter: ['status', 'fileName', 'startedByLabel', 'createdAt'],
      hidden: ['filePath', 'fileSha256', 'fileSize', 'bankName', 'startedById', 'updatedAt'],
      properties: {
        statementId: { reference: 'bank_statements' },
        status: { availableValues: ['queued', 'running', 'done', 'failed'].map((v) => ({ value: v, label: v })) },
        // Live while the worker imports (admin/components/ImportProgress.jsx).
        phase: { components: { show: Components.ImportProgress } },
      },
    }),
    defineResource(app, {
      model: m.PaymentReversal, navigation: BANK,
      list: ['id', 'orderId', 'amountCents', 'status', 'notTakenBack', 'createdAt', 'decidedByLabel'],
      show: ['id', 'orderId', 'amountCents', 'status', 'creditLineId', 'reversalLineId', 'takenBack', 'notTakenBack', 'createdAt', 'decidedByLabel', 'decidedAt', 'decisionNote'],
      filter: ['status', 'orderId', 'createdAt'],
      money: ['amountCents'],
      properties: {
        orderId: { reference: 'orders' }, creditLineId: { reference: 'bank_lines' }, reversalLineId: { reference: 'bank_lines' }, takenBack: { type: 'mixed' },
        status: { availableValues: ['open', 'restored', 'confirmed'].map((v) => ({ value: v, label: v })) },
      },
      actions: { restore: decide('restore'), confirm: decide('confirm') },
    }),
    defineResource(app, {
      model: m.BankAllocation, navigation: BANK,
      list: ['id', 'lineId', 'orderId', 'amountCents', 'kind', 'staffLabel', 'undoneAt', 'createdAt'],
      filter: ['lineId', 'orderId', 'kind', 'staffLabel'],
      money: ['amountCents'],
      properties: { lineId: { reference: 'bank_lines' }, orderId: { reference: 'orders' } },
    }),
    defineResource(app, {
      model: m.BankCsvMapping, navigation: BANK, titleProperty: 'bankName',
      list: ['id', 'bankName', 'updatedAt'],
      show: ['id', 'bankName', 'mapping', 'updatedAt'],
      properties: { mapping: { type: 'mixed' } },
      actions: { saveMapping },
    }),
  ];
}
