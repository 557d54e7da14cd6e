/** Back-office words: Italian first (the guide's vocabulary), English available from the language menu. */
import type { Locale } from 'adminjs';

const it = {
  labels: {
    partners: 'Partner (CS e Commercialisti)', partner_users: 'Utenti Telegram', link_codes: 'Codici di collegamento', products: 'Catalogo',
    orders: 'Ordini', order_lines: 'Righe d’ordine', coupons: 'Coupon', companies: 'Aziende', invitations: 'Inviti all’acquisto', emails: 'Email',
    outbox_jobs: 'Job in background', stripe_events: 'Eventi Stripe', bank_statements: 'Estratti conto', bank_lines: 'Movimenti bancari',
    bank_allocations: 'Abbinamenti bancari', bank_csv_mappings: 'Mappature CSV', staff_users: 'Utenti del back-office', audit_logs: 'Registro attività',
    Vendite: 'Vendite', Banca: 'Banca', Sistema: 'Sistema', 'Partner e clienti': 'Partner e clienti',
  },
  actions: {
    markPaid: 'Segna pagato', fulfil: 'Evadi', cancel: 'Annulla', refund: 'Rimborsa', resendInstructions: 'Rispedisci istruzioni', revoke: 'Revoca',
    reassign: 'Riassegna', retryProvisioning: 'Riprova attivazione', resend: 'Rispedisci', preview: 'Anteprima', retry: 'Riprova',
    importStatement: 'Importa estratto conto', report: 'Resoconto', matchByHand: 'Abbina a mano', notOurs: 'Non nostro', undo: 'Annulla decisione',
    saveMapping: 'Nuova mappatura CSV', issueLinkCode: 'Genera codice di collegamento', createPartner: 'Nuovo partner', createStaffUser: 'Nuovo utente',
    extendSubscription: 'Proroga abbonamento', upcomingRenewals: 'Rinnovi in arrivo',
  },
  properties: {
    number: 'Numero', paymentReference: 'Causale', buyerName: 'Acquirente', buyerEmail: 'Email acquirente', buyerType: 'Chi paga', status: 'Stato',
    paymentMethod: 'Metodo di pagamento', netCents: 'Imponibile (cent)', vatCents: 'IVA (cent)', grossCents: 'Totale (cent)', receivedCents: 'Ricevuto (cent)',
    netEur: 'Imponibile', vatEur: 'IVA', grossEur: 'Totale', receivedEur: 'Ricevuto', amountEur: 'Importo', allocatedEur: 'Abbinato', surplusEur: 'Eccedenza',
    unitNetEur: 'Prezzo unitario', openingBalanceEur: 'Saldo iniziale', closingBalanceEur: 'Saldo finale',
    paidAt: 'Pagato il', fulfilledAt: 'Evaso il', createdAt: 'Creato il', updatedAt: 'Modificato il', expiresAt: 'Scade il', partnerId: 'Partner',
    legalName: 'Ragione sociale', vatNumber: 'Partita IVA', taxCode: 'Codice fiscale', billingEmail: 'Email di fatturazione', active: 'Attivo',
    bookingDate: 'Data contabile', valueDate: 'Data valuta', counterparty: 'Ordinante', remittance: 'Causale del bonifico', matchKind: 'Abbinamento',
    fileName: 'File', format: 'Formato', lineCount: 'Righe', newLineCount: 'Righe nuove', importedByLabel: 'Importato da', statementId: 'Estratto conto',
    flag: 'Segnalazione', code: 'Codice', tier: 'Livello', provisioningState: 'Stato attivazione', clientName: 'Cliente', clientEmail: 'Email cliente',
    actorLabel: 'Persona', action: 'Azione', entityType: 'Tipo record', entityId: 'Record', template: 'Modello', toAddress: 'Destinatario',
    kind: 'Tipo', attempts: 'Tentativi', lastError: 'Ultimo errore', nameIt: 'Nome (it)', nameEn: 'Nome (en)', role: 'Ruolo', name: 'Nome',
    lineId: 'Riga', orderId: 'Ordine', staffLabel: 'Da', undoneAt: 'Annullato il', bankName: 'Banca', note: 'Nota',
    subscriptionExpiresAt: 'Scadenza abbonamento', subscriptionState: 'Stato abbonamento', suspendedAt: 'Sospesa il',
  },
  messages: { loginWelcome: 'Sportello · back-office per il personale', invalidCredentials: 'Email o password errate', forbiddenError: 'Azione non consentita al tuo ruolo' },
};

const en = {
  labels: {
    partners: 'Partners', partner_users: 'Telegram users', link_codes: 'Link codes', products: 'Catalogue', orders: 'Orders', order_lines: 'Order lines',
    coupons: 'Coupons', companies: 'Companies', invitations: 'Invitations', emails: 'Emails', outbox_jobs: 'Background jobs', stripe_events: 'Stripe events',
    bank_statements: 'Bank statements', bank_lines: 'Bank lines', bank_allocations: 'Bank allocations', bank_csv_mappings: 'CSV mappings',
    staff_users: 'Staff users', audit_logs: 'Audit log', Vendite: 'Sales', Banca: 'Bank', Sistema: 'System', 'Partner e clienti': 'Partners and clients',
  },
  actions: {
    markPaid: 'Mark paid', fulfil: 'Fulfil', cancel: 'Cancel', refund: 'Refund', resendInstructions: 'Resend instructions', revoke: 'Revoke', reassign: 'Reassign',
    retryProvisioning: 'Retry provisioning', resend: 'Resend', preview: 'Preview', retry: 'Retry', importStatement: 'Import statement', report: 'Report',
    matchByHand: 'Match by hand', notOurs: 'Not ours', undo: 'Undo decision', saveMapping: 'New CSV mapping', issueLinkCode: 'Issue link code',
    createPartner: 'New partner', createStaffUser: 'New user', extendSubscription: 'Extend subscription', upcomingRenewals: 'Upcoming renewals',
  },
  properties: {
    netEur: 'Net', vatEur: 'VAT', grossEur: 'Total', receivedEur: 'Received', amountEur: 'Amount', allocatedEur: 'Allocated', surplusEur: 'Surplus',
    paymentReference: 'Payment reference', remittance: 'Remittance text', counterparty: 'Payer',
    subscriptionExpiresAt: 'Subscription expiry', subscriptionState: 'Subscription state', suspendedAt: 'Suspended on',
  },
  messages: { loginWelcome: 'Sportello back-office for staff', invalidCredentials: 'Wrong email or password', forbiddenError: 'Your role may not do this' },
};

export const locale: Locale = {
  language: 'it',
  availableLanguages: ['it', 'en'],
  localeDetection: false,
  translations: { it, en },
};
