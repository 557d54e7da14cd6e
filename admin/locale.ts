/**
 * Back-office words: Italian first (the guide's vocabulary), English from the language menu. Every
 * resource, field, stored value (states, payment methods, product kinds…), action, button, message
 * and the login page; AdminJS's own Italian file fills only what is not said here.
 *
 * Stored values are translated through AdminJS's documented label keys
 * (`resources.<id>.labels.<property>.<value>`); `valueWords` is also what gives a property its
 * choices and its coloured badge (admin/resources/define-resource.ts).
 */
import type { Locale } from 'adminjs';

type Words = { it: string; en: string };
type Vocabulary = Record<string, Record<string, Words>>;
/** How a value reads at a glance: the badge colour. */
export type Tone = 'success' | 'danger' | 'info' | 'secondary' | 'primary' | 'light';

const w = (it: string, en: string): Words => ({ it, en });

const tiers = { lite: w('LITE', 'LITE'), ordinary: w('Ordinaria', 'Ordinary'), corporate: w('Corporate', 'Corporate') };
const productKinds = {
  coupon: w('Coupon', 'Coupon'), einvoice_pack: w('Pacchetto fatture elettroniche', 'E-invoice pack'), credit_topup: w('Ricarica credito', 'Credit top-up'),
  renewal: w('Rinnovo', 'Renewal'), upgrade: w('Passaggio di livello', 'Upgrade'),
};
const payer = { partner: w('Partner', 'Partner'), client: w('Cliente', 'Client') };
const partnerRole = { owner: w('Titolare', 'Owner'), operator: w('Operatore', 'Operator') };
const language = { it: w('Italiano', 'Italian'), en: w('Inglese', 'English') };
const matchKind = { auto: w('Automatico', 'Automatic'), hand: w('A mano', 'By hand') };

/** Per resource, per property: each stored value in both languages. */
export const valueWords: Record<string, Vocabulary> = {
  orders: {
    status: {
      pending_payment: w('In attesa di pagamento', 'Awaiting payment'), paid: w('Pagato', 'Paid'), fulfilled: w('Evaso', 'Fulfilled'),
      cancelled: w('Annullato', 'Cancelled'), expired: w('Scaduto', 'Expired'), refunded: w('Rimborsato', 'Refunded'),
    },
    paymentMethod: { bank_transfer: w('Bonifico', 'Bank transfer'), stripe: w('Carta (Stripe)', 'Card (Stripe)'), sandbox: w('Prova (sandbox)', 'Test (sandbox)') },
    buyerType: payer,
    language,
  },
  order_lines: { productKind: productKinds, tier: tiers, toTier: tiers },
  products: { kind: productKinds, tier: tiers, toTier: tiers },
  coupons: { status: { available: w('Disponibile', 'Available'), activated: w('Attivato', 'Activated'), revoked: w('Revocato', 'Revoked') }, tier: tiers },
  companies: {
    provisioningState: { provisioning: w('In attivazione', 'Being created'), active: w('Attiva', 'Active'), failed: w('Attivazione non riuscita', 'Creation failed') },
    subscriptionState: { active: w('Attivo', 'Active'), grace: w('In tolleranza', 'In grace period'), suspended: w('Sospeso', 'Suspended') },
    payer, tier: tiers,
  },
  invitations: {
    status: { sent: w('Inviato', 'Sent'), opened: w('Aperto', 'Opened'), purchased: w('Acquistato', 'Purchased'), expired: w('Scaduto', 'Expired'), cancelled: w('Annullato', 'Cancelled') },
    tier: tiers, language,
  },
  partners: { kind: { service_centre: w('Centro Servizi', 'Service centre'), accountant: w('Commercialista', 'Accountant') } },
  partner_users: { role: partnerRole, language },
  link_codes: { role: partnerRole },
  staff_users: { role: { admin: w('Amministratore', 'Administrator'), accounting: w('Contabilità', 'Accounting'), support: w('Assistenza', 'Support') } },
  audit_logs: { actorType: { staff: w('Personale', 'Staff'), partner_user: w('Partner', 'Partner'), client: w('Cliente', 'Client'), system: w('Sistema', 'System') } },
  outbox_jobs: {
    status: { pending: w('In coda', 'Queued'), running: w('In corso', 'Running'), done: w('Completato', 'Done'), failed: w('Fallito', 'Failed') },
    kind: {
      send_email: w('Invio email', 'Send email'), notify: w('Notifica Telegram', 'Telegram notification'), provision_company: w('Creazione azienda', 'Company creation'),
      invitation_reminder: w('Promemoria invito', 'Invitation reminder'),
    },
  },
  emails: {
    status: { queued: w('In coda', 'Queued'), sent: w('Inviata', 'Sent'), failed: w('Non inviata', 'Not sent') },
    template: {
      bank_transfer_instructions: w('Istruzioni bonifico', 'Bank transfer instructions'), company_failed: w('Attivazione non riuscita', 'Company creation failed'),
      company_ready: w('Azienda pronta', 'Company ready'), coupons_issued: w('Coupon emessi', 'Coupons issued'), invitation: w('Invito all’acquisto', 'Invitation'),
      invitation_reminder: w('Promemoria invito', 'Invitation reminder'), order_confirmation: w('Conferma d’ordine', 'Order confirmation'),
      order_expiring: w('Ordine in scadenza', 'Order expiring'), order_refunded: w('Ordine rimborsato', 'Order refunded'), payment_received: w('Pagamento ricevuto', 'Payment received'),
    },
    language,
  },
  stripe_events: {
    status: { processing: w('In elaborazione', 'Processing'), processed: w('Elaborato', 'Processed'), ignored: w('Ignorato', 'Ignored'), not_ours: w('Non nostro', 'Not ours'), failed: w('Fallito', 'Failed') },
  },
  bank_statements: { format: { camt053: w('camt.053 (XML)', 'camt.053 (XML)'), cbi: w('CBI', 'CBI'), csv: w('CSV', 'CSV') } },
  bank_lines: {
    status: { unmatched: w('Da abbinare', 'Unmatched'), partial: w('Parziale', 'Partial'), matched: w('Abbinato', 'Matched'), not_ours: w('Non nostro', 'Not ours'), ignored: w('Ignorato', 'Ignored'),
      held: w('Possibile doppione', 'Possible duplicate'), reversed: w('Stornato', 'Reversed') },
    matchKind,
  },
  bank_imports: { status: { queued: w('In coda', 'Queued'), running: w('In corso', 'Running'), done: w('Completata', 'Done'), failed: w('Non riuscita', 'Failed') } },
  bank_allocations: { kind: matchKind },
  email_opt_outs: { source: { link: w('Link nell’email', 'Link in the email'), one_click: w('Un clic dal programma di posta', 'One click from the mail app'), staff: w('Registrata dal personale', 'Recorded by staff') } },
  payment_reversals: { status: { open: w('Da decidere', 'To decide'), restored: w('Ripristinato', 'Restored'), confirmed: w('Storno confermato', 'Confirmed') } },
};

/** The colour of each value that carries a meaning (the rest are plain grey badges). */
export const valueTones: Record<string, Tone> = {
  pending_payment: 'info', paid: 'primary', fulfilled: 'success', cancelled: 'light', expired: 'light', refunded: 'secondary',
  available: 'primary', activated: 'success', revoked: 'light',
  provisioning: 'info', active: 'success', failed: 'danger',
  sent: 'success', opened: 'info', purchased: 'success',
  queued: 'info', pending: 'info', running: 'info', done: 'success',
  processing: 'info', processed: 'success', ignored: 'light', not_ours: 'light',
  unmatched: 'danger', partial: 'info', matched: 'success', held: 'info', reversed: 'danger',
  grace: 'info', suspended: 'danger',
};

const resourceNames: Record<string, Words> = {
  partners: w('Partner (CS e Commercialisti)', 'Partners'), partner_users: w('Utenti Telegram', 'Telegram users'), link_codes: w('Codici di collegamento', 'Link codes'),
  products: w('Catalogo', 'Catalogue'), orders: w('Ordini', 'Orders'), order_lines: w('Righe d’ordine', 'Order lines'), coupons: w('Coupon', 'Coupons'),
  companies: w('Aziende', 'Companies'), invitations: w('Inviti all’acquisto', 'Invitations'), emails: w('Email', 'Emails'), outbox_jobs: w('Job in background', 'Background jobs'),
  stripe_events: w('Eventi Stripe', 'Stripe events'), bank_statements: w('Estratti conto', 'Bank statements'), bank_lines: w('Movimenti bancari', 'Bank lines'), bank_imports: w('Importazioni estratti', 'Statement imports'),
  payment_reversals: w('Pagamenti stornati', 'Reversed payments'),
  email_opt_outs: w('Disiscrizioni dagli inviti', 'Invitation opt-outs'),
  bank_allocations: w('Abbinamenti bancari', 'Bank allocations'), bank_csv_mappings: w('Mappature CSV', 'CSV mappings'), staff_users: w('Utenti del back-office', 'Staff users'),
  audit_logs: w('Registro attività', 'Audit log'), invoices: w('Fatture elettroniche', 'E-invoices'), invoice_receipts: w('Ricevute SdI', 'SdI receipts'),
  Vendite: w('Vendite', 'Sales'), Banca: w('Banca', 'Bank'), Sistema: w('Sistema', 'System'), 'Partner e clienti': w('Partner e clienti', 'Partners and clients'),
};

const actionNames: Record<string, Words> = {
  list: w('Elenco', 'List'), show: w('Dettagli', 'Details'), new: w('Nuovo', 'New'), edit: w('Modifica', 'Edit'), delete: w('Elimina', 'Delete'),
  bulkDelete: w('Elimina i selezionati', 'Delete selected'), search: w('Cerca', 'Search'),
  markPaid: w('Segna pagato', 'Mark paid'), fulfil: w('Evadi', 'Fulfil'), cancel: w('Annulla', 'Cancel'), refund: w('Rimborsa', 'Refund'),
  resendInstructions: w('Rispedisci istruzioni', 'Resend instructions'), revoke: w('Revoca', 'Revoke'), reassign: w('Riassegna', 'Reassign'),
  retryProvisioning: w('Riprova attivazione', 'Retry provisioning'), resend: w('Rispedisci', 'Resend'), preview: w('Anteprima', 'Preview'), retry: w('Riprova', 'Retry'),
  importStatement: w('Importa estratto conto', 'Import statement'), report: w('Resoconto', 'Report'), matchByHand: w('Abbina a mano', 'Match by hand'),
  notOurs: w('Non nostro', 'Not ours'), undo: w('Annulla decisione', 'Undo decision'), release: w('Non è un doppione', 'Not a duplicate'),
  addOptOut: w('Registra una disiscrizione', 'Record an opt-out'), withdrawOptOut: w('Annulla la disiscrizione', 'Withdraw the opt-out'),
  restore: w('Ripristina', 'Restore'), confirm: w('Conferma lo storno', 'Confirm the reversal'), saveMapping: w('Nuova mappatura CSV', 'New CSV mapping'),
  issueLinkCode: w('Genera codice di collegamento', 'Issue link code'), createPartner: w('Nuovo partner', 'New partner'), createStaffUser: w('Nuovo utente', 'New user'),
  extendSubscription: w('Proroga abbonamento', 'Extend subscription'), upcomingRenewals: w('Rinnovi in arrivo', 'Upcoming renewals'),
  personalDataReport: w('Dati di una persona', 'A person’s data'), personalDataErasure: w('Cancella i dati di una persona', 'Erase a person’s data'),
  exportCsv: w('Esporta CSV', 'Export CSV'), purchases: w('Acquisti', 'Purchases'),
  download: w('Scarica XML e copia', 'Download XML and copy'), export: w('Esporta l’anno (ZIP)', 'Export the year (ZIP)'), billing: w('Dati di fatturazione', 'Billing details'),
};

/** Every field of every resource (field names are shared: a name means the same everywhere). */
const propertyNames: Record<string, Words> = {
  documentType: w('Tipo documento', 'Document type'), issueDate: w('Data', 'Date'), orderNumber: w('Ordine', 'Order'),
  relatedInvoiceId: w('Fattura collegata', 'Related invoice'), state: w('Stato', 'State'), problems: w('Problemi', 'Problems'),
  progressivoInvio: w('Progressivo invio', 'Transmission number'), transmissionId: w('Id trasmissione', 'Transmission id'),
  sdiIdentifier: w('Identificativo SdI', 'SdI identifier'), deliveredAt: w('Consegnata il', 'Delivered at'), rejectedAt: w('Scartata il', 'Rejected at'),
  invoiceId: w('Fattura', 'Invoice'), errors: w('Errori', 'Errors'),
  id: w('N.', 'No.'), number: w('Numero', 'Number'), paymentReference: w('Causale', 'Payment reference'), buyerName: w('Acquirente', 'Buyer'),
  buyerEmail: w('Email acquirente', 'Buyer email'), buyerType: w('Chi paga', 'Paid by'), status: w('Stato', 'Status'), paymentMethod: w('Pagamento', 'Payment'),
  netCents: w('Imponibile (cent)', 'Net (cents)'), vatCents: w('IVA (cent)', 'VAT (cents)'), grossCents: w('Totale (cent)', 'Total (cents)'),
  receivedCents: w('Ricevuto (cent)', 'Received (cents)'), amountCents: w('Importo (cent)', 'Amount (cents)'), allocatedCents: w('Abbinato (cent)', 'Allocated (cents)'),
  surplusCents: w('Eccedenza (cent)', 'Surplus (cents)'), unitNetCents: w('Prezzo unitario (cent)', 'Unit price (cents)'),
  openingBalanceCents: w('Saldo iniziale (cent)', 'Opening balance (cents)'), closingBalanceCents: w('Saldo finale (cent)', 'Closing balance (cents)'),
  netEur: w('Imponibile', 'Net'), vatEur: w('IVA', 'VAT'), grossEur: w('Totale', 'Total'), receivedEur: w('Ricevuto', 'Received'), amountEur: w('Importo', 'Amount'),
  allocatedEur: w('Abbinato', 'Allocated'), surplusEur: w('Eccedenza', 'Surplus'), unitNetEur: w('Prezzo unitario', 'Unit price'),
  openingBalanceEur: w('Saldo iniziale', 'Opening balance'), closingBalanceEur: w('Saldo finale', 'Closing balance'),
  paidAt: w('Pagato il', 'Paid on'), fulfilledAt: w('Evaso il', 'Fulfilled on'), closedAt: w('Chiuso il', 'Closed on'), createdAt: w('Creato il', 'Created on'),
  updatedAt: w('Modificato il', 'Updated on'), anonymisedAt: w('Dati personali rimossi il', 'Personal data removed on'), expiresAt: w('Scade il', 'Expires on'), reminderSentAt: w('Promemoria inviato il', 'Reminder sent on'),
  activatedAt: w('Attivato il', 'Activated on'), revokedAt: w('Revocato il', 'Revoked on'), openedAt: w('Aperto il', 'Opened on'), purchasedAt: w('Acquistato il', 'Purchased on'),
  cancelledAt: w('Annullato il', 'Cancelled on'), sentAt: w('Inviata il', 'Sent on'), lastLoginAt: w('Ultimo accesso', 'Last login'), usedAt: w('Usato il', 'Used on'),
  blockedAt: w('Ha bloccato il bot il', 'Blocked the bot on'), runAt: w('Da eseguire il', 'Runs at'), doneAt: w('Completato il', 'Done on'),
  lockedUntil: w('Bloccato fino al', 'Locked until'), processedAt: w('Elaborato il', 'Processed on'), undoneAt: w('Annullato il', 'Undone on'),
  subscriptionExpiresAt: w('Scadenza abbonamento', 'Subscription expiry'), subscriptionState: w('Stato abbonamento', 'Subscription state'),
  suspendedAt: w('Sospesa il', 'Suspended on'),
  partnerId: w('Partner', 'Partner'), companyId: w('Azienda', 'Company'), couponId: w('Coupon', 'Coupon'), orderId: w('Ordine', 'Order'),
  invitationId: w('Invito', 'Invitation'), productId: w('Prodotto', 'Product'), statementId: w('Estratto conto', 'Statement'), lineId: w('Movimento', 'Bank line'),
  usedByPartnerUserId: w('Usato da', 'Used by'), createdByPartnerUserId: w('Creato da', 'Created by'), createdBy: w('Creato da', 'Created by'),
  importedById: w('Importato da (n.)', 'Imported by (no.)'), importedByLabel: w('Importato da', 'Imported by'), staffId: w('Persona (n.)', 'Staff (no.)'),
  staffLabel: w('Da', 'By'), undoneBy: w('Annullato da', 'Undone by'),
  legalName: w('Ragione sociale', 'Legal name'), legalForm: w('Forma giuridica', 'Legal form'), vatNumber: w('Partita IVA', 'VAT number'), taxCode: w('Codice fiscale', 'Tax code'),
  billingEmail: w('Email di fatturazione', 'Billing email'), pec: w('PEC', 'PEC'), address: w('Indirizzo', 'Address'), cap: w('CAP', 'Postcode'), city: w('Comune', 'Town'),
  province: w('Provincia', 'Province'), phone: w('Telefono', 'Phone'), email: w('Email', 'Email'), active: w('Attivo', 'Active'), kind: w('Tipo', 'Kind'),
  repFirstName: w('Nome del legale rappresentante', 'Representative first name'), repLastName: w('Cognome del legale rappresentante', 'Representative last name'),
  repTaxCode: w('Codice fiscale del legale rappresentante', 'Representative tax code'), atecoCode: w('Codice ATECO', 'ATECO code'), sdiCode: w('Codice SDI', 'SDI code'),
  payer: w('Chi paga', 'Paid by'), provisioningState: w('Stato attivazione', 'Creation state'), provisioningError: w('Errore di attivazione', 'Creation error'),
  externalAccountId: w('Account sulla piattaforma', 'Platform account'), einvoiceAllowance: w('Fatture elettroniche disponibili', 'E-invoices available'),
  telegramUserId: w('Utente Telegram (n.)', 'Telegram user id'), telegramChatId: w('Chat Telegram (n.)', 'Telegram chat id'), displayName: w('Nome', 'Name'),
  role: w('Ruolo', 'Role'), language: w('Lingua', 'Language'), codeHash: w('Codice (impronta)', 'Code (hash)'),
  sku: w('Codice articolo', 'SKU'), tier: w('Livello', 'Tier'), toTier: w('Al livello', 'To tier'), quantity: w('Quantità', 'Quantity'), unitQuantity: w('Pezzi per unità', 'Units per item'),
  nameIt: w('Nome (it)', 'Name (it)'), nameEn: w('Nome (en)', 'Name (en)'), vatRateBp: w('Aliquota IVA (centesimi di %)', 'VAT rate (basis points)'), sort: w('Ordine di elenco', 'Sort order'),
  productKind: w('Tipo di prodotto', 'Product kind'), description: w('Descrizione', 'Description'), currency: w('Valuta', 'Currency'),
  companyData: w('Dati dell’azienda', 'Company data'), stripeSessionId: w('Sessione Stripe', 'Stripe session'), stripePaymentIntentId: w('Pagamento Stripe', 'Stripe payment'),
  flag: w('Segnalazione', 'Flag'), code: w('Codice', 'Code'), clientName: w('Cliente', 'Client'), clientEmail: w('Email cliente', 'Client email'), tokenHash: w('Link (impronta)', 'Link (hash)'),
  name: w('Nome', 'Name'), passwordHash: w('Password (impronta)', 'Password (hash)'),
  actorType: w('Tipo di persona', 'Actor type'), actorId: w('Persona (n.)', 'Actor (no.)'), actorLabel: w('Persona', 'Actor'), action: w('Azione', 'Action'),
  entityType: w('Tipo record', 'Record type'), entityId: w('Record', 'Record'), before: w('Prima', 'Before'), after: w('Dopo', 'After'),
  payload: w('Dati', 'Payload'), attempts: w('Tentativi', 'Attempts'), maxAttempts: w('Tentativi massimi', 'Max attempts'), lockedBy: w('Preso da', 'Locked by'),
  lastError: w('Ultimo errore', 'Last error'), dedupKey: w('Chiave di unicità', 'De-duplication key'),
  template: w('Modello', 'Template'), toAddress: w('Destinatario', 'Recipient'), data: w('Dati', 'Data'), subject: w('Oggetto', 'Subject'), messageId: w('Message-ID', 'Message-ID'),
  error: w('Errore', 'Error'), eventId: w('Evento', 'Event'), type: w('Tipo', 'Type'), source: w('Origine', 'Source'), outcome: w('Esito', 'Outcome'),
  format: w('Formato', 'Format'), fileName: w('File', 'File'), fileSha256: w('Impronta del file', 'File hash'), accountIban: w('IBAN del conto', 'Account IBAN'),
  statementRef: w('Riferimento estratto', 'Statement ref.'), lineCount: w('Righe', 'Lines'), newLineCount: w('Righe nuove', 'New lines'),
  bankRef: w('Riferimento banca', 'Bank ref.'), bookingDate: w('Data contabile', 'Booking date'), valueDate: w('Data valuta', 'Value date'),
  counterparty: w('Ordinante', 'Payer'), remittance: w('Causale del bonifico', 'Remittance text'), reversal: w('Storno', 'Reversal'), matchKind: w('Abbinamento', 'Match'),
  purchases: w('Acquisti nel tempo', 'Purchases over time'), suggestions: w('Suggerimenti', 'Suggestions'), note: w('Nota', 'Note'), bankName: w('Banca', 'Bank'), mapping: w('Mappatura', 'Mapping'),
  phase: w('Fase', 'Phase'), linesRead: w('Righe lette', 'Lines read'), newLines: w('Nuove', 'New'), duplicates: w('Già importate', 'Already imported'),
  held: w('Possibili doppioni', 'Possible duplicates'), matched: w('Pagate', 'Paid'), partial: w('Parziali', 'Partial'), toReview: w('Da abbinare', 'To match'),
  ignored: w('Ignorate', 'Ignored'), reversals: w('Storni', 'Reversals'), startedByLabel: w('Avviata da', 'Started by'), finishedAt: w('Conclusa il', 'Finished on'),
  reversalOfId: w('Storno della riga', 'Reversal of line'),
  creditLineId: w('Bonifico stornato (riga)', 'Reversed credit (line)'), reversalLineId: w('Storno (riga)', 'Reversal (line)'),
  takenBack: w('Ripreso dallo storno', 'Taken back'), notTakenBack: w('Non ripreso', 'Not taken back'),
  decidedByLabel: w('Deciso da', 'Decided by'), decidedAt: w('Deciso il', 'Decided on'), decisionNote: w('Motivo della decisione', 'Reason for the decision'),
};

const split = (words: Record<string, Words>, lang: keyof Words) => Object.fromEntries(Object.entries(words).map(([k, v]) => [k, v[lang]]));

function resources(lang: keyof Words) {
  return Object.fromEntries(
    Object.entries(valueWords).map(([id, props]) => [id, { labels: Object.fromEntries(Object.entries(props).map(([p, values]) => [p, split(values, lang)])) }]),
  );
}

/** Yes/no fields (AdminJS reads `labels.<property>.true|false`). */
const BOOLEAN_FIELDS = ['active', 'reversal'];
const yesNo = (yes: string, no: string) => Object.fromEntries(BOOLEAN_FIELDS.map((f) => [f, { true: yes, false: no }]));

const it = {
  labels: { ...split(resourceNames, 'it'), ...yesNo('Sì', 'No'), navigation: 'Navigazione', pages: 'Pagine', selectedRecords: 'Selezionati ({{selected}})', filters: 'Filtri', dashboard: 'Cruscotto' },
  actions: split(actionNames, 'it'),
  buttons: {
    save: 'Salva', addNewItem: 'Aggiungi', filter: 'Filtra', filterActive: 'Filtri ({{count}})', applyChanges: 'Applica', resetFilter: 'Azzera i filtri',
    confirmRemovalMany: 'Conferma l’eliminazione di {{count}} elementi', confirmRemovalMany_plural: 'Conferma l’eliminazione di {{count}} elementi',
    logout: 'Esci', login: 'Accedi', createFirstRecord: 'Crea il primo', cancel: 'Annulla', confirm: 'Conferma',
  },
  properties: { ...split(propertyNames, 'it'), length: 'Quanti', from: 'Dal', to: 'Al' },
  components: {
    Login: { welcomeHeader: 'Back-office', welcomeMessage: 'Accesso riservato al personale: ordini, bonifici, partner e clienti.', properties: { email: 'Email', password: 'Password' }, loginButton: 'Accedi' },
  },
  resources: resources('it'),
  messages: {
    successfullyBulkDeleted: '{{count}} elementi eliminati', successfullyBulkDeleted_plural: '{{count}} elementi eliminati', successfullyDeleted: 'Elemento eliminato',
    successfullyUpdated: 'Modifiche salvate', successfullyCreated: 'Elemento creato', thereWereValidationErrors: 'Alcuni campi non sono validi: correggili qui sotto',
    forbiddenError: 'Azione non consentita al tuo ruolo', anyForbiddenError: 'Azione non consentita al tuo ruolo',
    bulkDeleteError: 'Eliminazione non riuscita', errorFetchingRecords: 'Impossibile leggere l’elenco: riprova', errorFetchingRecord: 'Impossibile leggere l’elemento: riprova',
    noRecordsSelected: 'Nessun elemento selezionato', theseRecordsWillBeRemoved: 'Verranno eliminati questi elementi', theseRecordsWillBeRemoved_plural: 'Verranno eliminati questi elementi',
    pickSomeFirstToRemove: 'Seleziona prima gli elementi da eliminare', error404Resource: 'Sezione “{{resourceId}}” inesistente',
    error404Action: 'L’azione “{{actionName}}” non esiste qui o non è consentita al tuo ruolo', error404Record: 'Elemento {{recordId}} inesistente o non consentito al tuo ruolo',
    seeConsoleForMore: 'Riprova; se l’errore si ripete avvisa l’assistenza tecnica', noActionComponent: 'Azione senza pagina', noRecordsInResource: 'Nessun elemento',
    noRecords: 'Nessun elemento', confirmDelete: 'Eliminare l’elemento?', invalidCredentials: 'Email o password errate',
    pageNotFound_title: 'Pagina non trovata', pageNotFound_subtitle: 'La pagina <strong>“{{pageName}}”</strong> non esiste',
    componentNotFound_title: 'Pagina non disponibile', componentNotFound_subtitle: 'Questa pagina non ha contenuto',
  },
};

const en = {
  labels: { ...split(resourceNames, 'en'), ...yesNo('Yes', 'No'), dashboard: 'Dashboard' },
  actions: split(actionNames, 'en'),
  buttons: { filter: 'Filter', resetFilter: 'Reset filters' },
  properties: { ...split(propertyNames, 'en'), length: 'Count', from: 'From', to: 'To' },
  components: {
    Login: { welcomeHeader: 'Back-office', welcomeMessage: 'For staff only: orders, bank transfers, partners and clients.', properties: { email: 'Email', password: 'Password' }, loginButton: 'Log in' },
  },
  resources: resources('en'),
  messages: {
    forbiddenError: 'Your role may not do this', anyForbiddenError: 'Your role may not do this', invalidCredentials: 'Wrong email or password',
    seeConsoleForMore: 'Try again; if the error repeats, tell technical support',
  },
};

export const locale: Locale = {
  language: 'it',
  availableLanguages: ['it', 'en'],
  localeDetection: false,
  translations: { it, en },
};

/** The Italian word for a stored value (the CSV exports and server-written texts use it). */
export const valueLabel = (resourceId: string, property: string, value: unknown, lang: keyof Words = 'it'): string =>
  valueWords[resourceId]?.[property]?.[String(value)]?.[lang] ?? String(value ?? '');
