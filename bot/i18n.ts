/**
 * What the bot says, in Italian (default) and English. Plain typed dictionaries: `en` must have every
 * key of `it`, so a missing translation is a type error. Texts are Telegram HTML: callers escape data
 * with `esc()`. The guide's words are kept: "Acquista coupon", "Attiva coupon acquistati",
 * "Conferma i dati", "Spedisci invito".
 */
import type { Lang, Tier, OrderStatus, CouponStatus, InvitationStatus, ProvisioningState, ProductKind } from '../core/shared/types.js';
import type { ErrorCode } from '../core/errors.js';
import { formatEuro } from '../core/shared/money.js';
import { escapeHtml } from '../core/shared/escape-html.js';

export type { Lang };

export const esc = (s: unknown) => escapeHtml(String(s ?? ''));
export const euro = (cents: number, lang: Lang) => formatEuro(cents, lang);
const d = (date: Date | string, lang: Lang) => new Date(date).toLocaleDateString(lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome' });

/** A Rome day `YYYY-MM-DD` as people write it. */
const dayIt = (day: unknown) => String(day ?? '').replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');
const dayEn = (day: unknown) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day ?? ''));
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : String(day ?? '');
};

/** "3 aziende scadono il 31/01" with the list; a renewal already ordered says it waits for the transfer. */
function renewalsDueText(p: any, lang: Lang): string {
  const list: { legalName: string; awaitingOrderNumber: string | null }[] = Array.isArray(p.companies) ? p.companies : [];
  const n = list.length;
  const on = lang === 'it' ? dayIt(p.expiresOn) : dayEn(p.expiresOn);
  const grace = lang === 'it' ? dayIt(p.graceEndsOn) : dayEn(p.graceEndsOn);
  const head =
    lang === 'it'
      ? p.threshold === 0
        ? `⏳ ${n === 1 ? 'Un’azienda scade' : `${n} aziende scadono`} <b>oggi</b> (${on}): ${n === 1 ? 'resta' : 'restano'} attive fino al ${grace}, poi ${n === 1 ? 'viene sospesa' : 'vengono sospese'}.`
        : `⏳ ${n === 1 ? 'Un’azienda scade' : `${n} aziende scadono`} il <b>${on}</b>.`
      : p.threshold === 0
        ? `⏳ ${n === 1 ? 'One company expires' : `${n} companies expire`} <b>today</b> (${on}): active until ${grace}, then suspended.`
        : `⏳ ${n === 1 ? 'One company expires' : `${n} companies expire`} on <b>${on}</b>.`;
  const rows = list.slice(0, 30).map((c) =>
    `• ${esc(c.legalName)}${c.awaitingOrderNumber ? (lang === 'it' ? ` — rinnovo ordinato (${esc(c.awaitingOrderNumber)}), in attesa del bonifico` : ` — renewal ordered (${esc(c.awaitingOrderNumber)}), awaiting the bank transfer`) : ''}`,
  );
  const more = n > 30 ? [lang === 'it' ? `… e altre ${n - 30}` : `… and ${n - 30} more`] : [];
  return [head, '', ...rows, ...more].join('\n');
}

const it = {
  menu: {
    title: 'Cosa vuoi fare?',
    buy: '🛒 Acquista coupon',
    buyOther: '📦 Altri prodotti',
    coupons: '🎟 I miei coupon',
    activate: '✅ Attiva coupon acquistati',
    invite: '✉️ Invita un cliente',
    orders: '🧾 Ordini',
    companies: '🏢 Aziende',
    help: '❓ Aiuto',
    expiring: '⏳ In scadenza',
  },
  welcomeUnlinked:
    'Benvenuto nello <b>Sportello KeyContabilità</b>.\n\nQuesto bot è riservato ai Centri Servizi e ai Commercialisti. Per collegarti chiedi al tuo referente commerciale un <b>codice di collegamento</b>, poi apri il link che ti ha mandato oppure scrivi <code>/start CODICE</code>.',
  linked: (name: string, partner: string) => `Ciao ${esc(name)}! Questo account Telegram è collegato a <b>${esc(partner)}</b>${partner.endsWith('.') ? '' : '.'}`,
  linkErrors: {
    not_found: 'Questo codice di collegamento non esiste. Controlla di averlo copiato per intero, oppure chiedine uno nuovo al tuo referente.',
    already_used: 'Questo codice è già stato usato. Ogni codice vale una volta sola: chiedine uno nuovo al tuo referente.',
    expired: 'Questo codice è scaduto. Chiedine uno nuovo al tuo referente.',
    conflict: 'Questo account Telegram è già collegato a un altro Centro Servizi. Scrivi al supporto per spostarlo.',
  } as Record<string, string>,
  help:
    'Con questo bot puoi:\n• <b>Acquista coupon</b>: compra coupon LITE, Ordinaria o Corporate, e con <b>Altri prodotti</b> pacchetti di fatturazione elettronica, credito prepagato, rinnovi e upgrade per le tue aziende;\n• <b>Attiva coupon acquistati</b>: crea l’azienda del cliente con i suoi dati;\n• <b>Invita un cliente</b>: il cliente riceve una mail e acquista da sé;\n• <b>Ordini</b>, <b>I miei coupon</b>, <b>Aziende</b>: lo stato di tutto.\n\nComandi: /menu torna al menu, /annulla interrompe quello che stai facendo, /lingua cambia lingua.',
  cancelled: 'Operazione annullata. Nessun dato è stato salvato.',
  nothingToCancel: 'Non c’è nulla da annullare.',
  staleButton: 'Questo pulsante non è più attivo.',
  flowClosed: 'Questo pulsante non è più attivo: l’operazione è già conclusa o è stata annullata.',
  alreadyDone: 'Fatto già: questo passaggio è stato completato.',
  hintButtons: 'Scegli una delle opzioni con i pulsanti qui sopra, oppure /annulla per uscire.',
  hintIdle: 'Non ho capito. Usa i pulsanti del menu, oppure /menu.',
  languageChosen: 'Lingua impostata: italiano 🇮🇹',
  chooseLanguage: 'Scegli la lingua / Choose your language',
  back: '« Indietro',
  cancel: '✖️ Annulla',
  prev: '‹ Precedenti',
  next: 'Successivi ›',
  page: (p: number, n: number) => `Pagina ${p} di ${n}`,
  genericError: 'Mi dispiace, qualcosa è andato storto. Riprova tra poco; se succede ancora scrivi al supporto.',
  errors: {
    validation: 'Alcuni dati non sono validi.',
    not_found: 'Non trovato: forse è stato rimosso, o non appartiene al tuo Centro Servizi.',
    forbidden: 'Operazione non consentita.',
    conflict: 'I dati sono cambiati nel frattempo: riprova.',
    illegal_transition: 'Non è possibile in questo stato.',
    expired: 'È scaduto.',
    already_used: 'È già stato usato.',
    payment_mismatch: 'L’importo non corrisponde all’ordine.',
    unavailable: 'Il servizio non è raggiungibile in questo momento: riprova tra poco.',
    parse_error: 'Non riesco a leggere questi dati.',
  } satisfies Record<ErrorCode, string>,
  tier: { lite: 'LITE', ordinary: 'Ordinaria', corporate: 'Corporate' } satisfies Record<Tier, string>,
  tierInfo: {
    lite: 'contabilità semplificata: microimprese, professionisti e lavoratori autonomi (versione web)',
    ordinary: 'contabilità ordinaria',
    corporate: 'contabilità ordinaria con ciclo attivo/passivo e contabilità analitica',
  } satisfies Record<Tier, string>,
  kind: {
    coupon: 'Coupon', einvoice_pack: 'Fatturazione elettronica', credit_topup: 'Credito prepagato', renewal: 'Rinnovo', upgrade: 'Upgrade',
  } satisfies Record<ProductKind, string>,
  buy: {
    chooseTier: 'Quale tipologia di coupon vuoi acquistare?',
    perCoupon: (each: string) => `${each} a coupon`,
    packHint: (pack: string, packPrice: string, current: string) => `Il pacchetto «${pack}» costa ${packPrice} invece di ${current}.`,
    takePack: (pack: string) => `Prendi ${pack}`.slice(0, 40),
    chooseKind: 'Quale prodotto vuoi acquistare? (vale per un’azienda che hai attivato tu)',
    chooseCompany: (kind: string) => `${kind}: per quale azienda?`,
    noCompanies: 'Non hai ancora aziende attivate con i tuoi coupon: questi prodotti si acquistano per un’azienda.',
    chooseOffer: (what: string) => `<b>${what}</b> — scegli l’offerta (prezzi IVA esclusa):`,
    noOffers: 'Nessuna offerta disponibile per questa scelta.',
    chooseQty: (name: string) => `<b>${esc(name)}</b>\nQuanti ne vuoi? Scegli o scrivi un numero da 1 a 100.`,
    badQty: 'Scrivi un numero intero da 1 a 100.',
    summary: 'Riepilogo dell’ordine',
    company: 'Azienda',
    net: 'Imponibile',
    vat: 'IVA 22%',
    total: 'Totale',
    chooseMethod: 'Come vuoi pagare?',
    stripe: '💳 Carta (Stripe)',
    bank: '🏦 Bonifico bancario',
    placed: (n: string) => `Ordine <b>${esc(n)}</b> registrato.`,
    payStripe: 'Paga con carta sulla pagina sicura: appena il pagamento va a buon fine l’ordine viene evaso subito e te lo dico qui.',
    payButton: '💳 Paga ora',
    bankTitle: 'Per pagare con bonifico bancario:',
    beneficiary: 'Beneficiario',
    amount: 'Importo esatto',
    causale: 'Causale',
    bankNote: 'Scrivi la causale esattamente così. L’ordine viene evaso entro 24 ore dall’arrivo del bonifico (di solito 12–24 ore); ti avviso io qui.',
  },
  activate: {
    noCoupons: 'Non hai coupon da attivare. Puoi acquistarli con «Acquista coupon».',
    chooseCoupon: 'Quale coupon vuoi attivare?',
    start: (code: string, tier: string) => `Attiviamo il coupon <code>${esc(code)}</code> (${tier}). Ti chiedo i dati dell’azienda, uno alla volta. Puoi interrompere con /annulla.`,
    question: (n: number, total: number, prompt: string) => `<b>${n}/${total}</b> ${esc(prompt)}`,
    example: (ex: string) => `<i>Esempio: ${esc(ex)}</i>`,
    invalid: (why: string) => `⚠️ ${esc(why)}`,
    recheck: (label: string, why: string) => `Dopo la modifica va rivisto <b>${esc(label)}</b>: ${esc(why)}`,
    sameAsVat: 'Uguale alla Partita IVA',
    sameAsOwner: 'Uguale a quello dell’azienda',
    noPec: 'Non ha la PEC',
    skip: 'Salta',
    viaPec: 'Ricevo via PEC (0000000)',
    noSdiCode: 'Non ha un codice (0000000)',
    taxCodeIndividual: 'Qual è il codice fiscale del titolare (16 caratteri)? Per una ditta individuale o un professionista è quello personale, non la Partita IVA.',
    taxCodeIndividualExample: 'RSSMRA85T10A562S',
    choicesAre: 'Le scelte:',
    atecoMatches: 'Ho trovato queste attività: tocca quella giusta, oppure scrivi il codice a 6 cifre.',
    atecoNone: 'Non ho trovato attività con queste parole: prova con altre parole o scrivi il codice a 6 cifre.',
    summaryTitle: 'Controlla i dati dell’azienda:',
    confirm: '✅ Conferma i dati',
    edit: '✏️ Modifica un dato',
    chooseEdit: 'Quale dato vuoi modificare?',
    none: '—',
    creating: (name: string) => `Grazie! Stiamo creando l’azienda <b>${esc(name)}</b>: ci vorrà qualche minuto. Ti scrivo qui appena è pronta.`,
    couponGone: 'Questo coupon non è più disponibile (forse è già stato attivato).',
  },
  invite: {
    intro: 'Con l’invito all’acquisto il cliente riceve una mail e acquista da sé il proprio account aziendale, facendosi carico dei costi. L’azienda sarà collegata al tuo Centro Servizi.',
    newInvite: '✉️ Nuovo invito',
    list: '📋 Inviti inviati',
    askName: 'Come si chiama il cliente (nome e cognome o ragione sociale)?',
    askEmail: (name: string) => `Qual è l’indirizzo email di <b>${esc(name)}</b>?`,
    askTier: 'Quale tipologia di azienda deve acquistare il cliente?',
    badName: 'Il nome deve avere da 2 a 200 caratteri.',
    summary: (name: string, email: string, tier: string) => `Riepilogo invito:\n• Cliente: <b>${esc(name)}</b>\n• Email: <b>${esc(email)}</b>\n• Tipologia: <b>${tier}</b>`,
    send: '📨 Spedisci invito',
    sent: (email: string) => `Invito spedito a <b>${esc(email)}</b>. Ti avviso quando il cliente apre il link e quando acquista.`,
    empty: 'Non hai ancora spedito inviti.',
    title: 'Inviti inviati',
  },
  lists: {
    ordersTitle: 'I tuoi ordini',
    ordersEmpty: 'Non hai ancora ordini.',
    couponsTitle: 'I tuoi coupon',
    couponsEmpty: 'Non hai ancora coupon. Acquistali con «Acquista coupon».',
    available: (l: number, o: number, c: number) => `Disponibili: LITE ${l} · Ordinaria ${o} · Corporate ${c}`,
    companiesTitle: 'Le tue aziende',
    companiesEmpty: 'Non hai ancora aziende.',
    expires: (date: Date | string) => `scade il ${d(date, 'it')}`,
    credit: 'Credito prepagato',
    invoices: 'Fatture elettroniche disponibili',
    orderTitle: (n: string) => `Ordine <b>${esc(n)}</b>`,
    placedOn: (date: Date | string) => `del ${d(date, 'it')}`,
    payAgain: 'Puoi ancora pagare con carta:',
  },
  orderStatus: {
    pending_payment: '⏳ in attesa di pagamento', paid: '💶 pagato', fulfilled: '✅ evaso', cancelled: '✖️ annullato', expired: '⌛ scaduto', refunded: '↩️ rimborsato',
  } satisfies Record<OrderStatus, string>,
  couponStatus: { available: '🟢 disponibile', activated: '✅ attivato', revoked: '⛔ revocato' } satisfies Record<CouponStatus, string>,
  companyState: { provisioning: '⚙️ in creazione', active: '✅ attiva', failed: '⚠️ creazione non riuscita' } satisfies Record<ProvisioningState, string>,
  invitationStatus: { sent: '📨 spedito', opened: '👀 aperto', purchased: '✅ acquistato', expired: '⌛ scaduto', cancelled: '✖️ annullato' } satisfies Record<InvitationStatus, string>,
  payer: { partner: 'a carico tuo', client: 'a carico del cliente' },
  notify: {
    order_paid: (p: any) => `💶 Pagamento ricevuto per l’ordine <b>${esc(p.orderNumber)}</b> (${euro(p.grossCents ?? 0, 'it')}).`,
    bank_transfer_received: (p: any) => `🏦 Abbiamo ricevuto il tuo bonifico per l’ordine <b>${esc(p.orderNumber)}</b> (${euro(p.grossCents ?? 0, 'it')}).`,
    order_fulfilled: (p: any) => `✅ L’ordine <b>${esc(p.orderNumber)}</b> è stato evaso.`,
    coupons_issued: (p: any) => `🎟 L’ordine <b>${esc(p.orderNumber)}</b> è stato evaso: ${p.couponsIssued} coupon emessi. Ora ne hai <b>${p.couponsAvailable}</b> disponibili da attivare.`,
    company_ready: (p: any) => `🏢 L’azienda <b>${esc(p.legalName)}</b> è pronta: la trovi nella lista aziende della contabilità online, pronta per essere configurata.`,
    company_failed: (p: any) => `⚠️ Non siamo riusciti a creare l’azienda <b>${esc(p.legalName)}</b>. Il nostro supporto è già stato avvisato e ti contatterà; il coupon resta assegnato a questa azienda, non devi rifare nulla.`,
    invitation_opened: (p: any) => `👀 ${esc(p.clientName)} ha aperto il tuo invito all’acquisto.`,
    invitation_purchased: (p: any) => `🎉 ${esc(p.clientName)} ha acquistato tramite il tuo invito (ordine ${esc(p.orderNumber)}). L’azienda sarà collegata al tuo Centro Servizi.`,
    order_expiring: (p: any) => `⏳ L’ordine <b>${esc(p.orderNumber)}</b> è ancora in attesa di pagamento e scade il ${d(p.expiresAt, 'it')}.`,
    order_expired: (p: any) => `⌛ L’ordine <b>${esc(p.orderNumber)}</b> è scaduto senza pagamento ed è stato chiuso.`,
    order_refunded: (p: any) => `↩️ L’ordine <b>${esc(p.orderNumber)}</b> è stato rimborsato.`,
    payment_flagged: (p: any) => `ℹ️ Il pagamento dell’ordine <b>${esc(p.orderNumber)}</b> richiede una verifica: ti contatterà l’amministrazione.`,
    renewals_due: (p: any) => renewalsDueText(p, 'it'),
    renewal_client_reminded: (p: any) =>
      p.awaitingOrderNumber
        ? `⏳ L’abbonamento di <b>${esc(p.legalName)}</b> (a carico del cliente) scade il ${dayIt(p.expiresOn)}: il rinnovo è ordinato (ordine ${esc(p.awaitingOrderNumber)}), in attesa del bonifico.`
        : `⏳ L’abbonamento di <b>${esc(p.legalName)}</b> (a carico del cliente) scade il ${dayIt(p.expiresOn)}: abbiamo mandato al cliente il link per rinnovarlo.`,
    company_suspended: (p: any) => `⛔ L’azienda <b>${esc(p.legalName)}</b> è sospesa: l’abbonamento è scaduto il ${dayIt(p.expiresOn)} e non è stato rinnovato. Rinnovandola torna subito attiva.`,
    company_reactivated: (p: any) => `✅ L’azienda <b>${esc(p.legalName)}</b> è di nuovo attiva: l’abbonamento vale fino al ${dayIt(p.expiresOn)}.`,
    order_payment_failed: (p: any) => `❌ Il pagamento con carta dell’ordine <b>${esc(p.orderNumber)}</b> non è andato a buon fine e non è stato addebitato nulla. L’ordine resta da pagare: <a href="${esc(p.payLink)}">paga di nuovo</a>.`,
  },
  viewOrders: '🧾 Vedi ordini',
  activateNow: '✅ Attiva un coupon',
  renewals: {
    title: '⏳ In scadenza nei prossimi 90 giorni',
    empty: 'Nessuna azienda scade nei prossimi 90 giorni.',
    totals: (n: number, own: number, gross: string) => `${n} ${n === 1 ? 'azienda' : 'aziende'}, ${own} a tuo carico${own ? ` · rinnovarle tutte: <b>${gross}</b> IVA inclusa` : ''}`,
    expires: (day: string) => `scade il ${dayIt(day)}`,
    state: { active: '', grace: '⚠️ scaduta, in tolleranza', suspended: '⛔ sospesa' } as Record<string, string>,
    clientPays: 'rinnova il cliente',
    awaiting: (n: string) => `rinnovo ordinato (${esc(n)}), in attesa del bonifico`,
    renewOne: (name: string) => `🔁 ${name}`,
    renewAll: (n: number) => `🔁 Rinnova tutte (${n}) in un ordine`,
    summary: (n: number) => (n === 1 ? 'Rinnovo di 12 mesi' : `Rinnovo di 12 mesi di ${n} aziende`),
    rule: 'L’anno nuovo parte dalla scadenza attuale; per un’azienda sospesa, dal giorno del pagamento.',
    nothing: 'Non c’è nulla da rinnovare qui: le aziende a carico dei clienti le rinnovano i clienti dal loro link.',
    renewButton: '🔁 Rinnova',
  },
  /** Privacy notices (GDPR art. 13) where the bot collects personal data; the link is PRIVACY_POLICY_URL. */
  privacy: {
    activate: (vendor: string, url: string) =>
      `🔒 <i>Privacy: i dati che inserisci (anche del legale rappresentante) li tratta ${esc(vendor)}, titolare, per creare l’azienda, fatturare e dare assistenza (contratto e obblighi di legge). Informa il tuo cliente. <a href="${esc(url)}">Informativa privacy</a></i>`,
    invite: (vendor: string, url: string, days: number) =>
      `🔒 <i>Privacy: nome ed email del cliente servono solo a mandargli l’invito per conto tuo; l’email dice chi scrive e come opporsi. Se non acquista, li cancelliamo ${days} giorni dopo la scadenza. Titolare: ${esc(vendor)}. <a href="${esc(url)}">Informativa privacy</a></i>`,
  },
};

export type Messages = typeof it;

const en: Messages = {
  menu: {
    title: 'What would you like to do?',
    buy: '🛒 Buy coupons',
    buyOther: '📦 Other products',
    coupons: '🎟 My coupons',
    activate: '✅ Activate purchased coupons',
    invite: '✉️ Invite a client',
    orders: '🧾 Orders',
    companies: '🏢 Companies',
    expiring: '⏳ Expiring',
    help: '❓ Help',
  },
  welcomeUnlinked:
    'Welcome to the <b>KeyContabilità Sportello</b>.\n\nThis bot is for service centres and accountants. To link your account, ask your sales contact for a <b>link code</b>, then open the link they sent you or write <code>/start CODE</code>.',
  linked: (name, partner) => `Hello ${esc(name)}! You are linked to <b>${esc(partner)}</b>${partner.endsWith('.') ? '' : '.'}`,
  linkErrors: {
    not_found: 'This link code does not exist. Check that you copied all of it, or ask your contact for a new one.',
    already_used: 'This code has already been used. Each code works once: ask your contact for a new one.',
    expired: 'This code has expired. Ask your contact for a new one.',
    conflict: 'This Telegram account is already linked to another service centre. Write to support to move it.',
  },
  help:
    'With this bot you can:\n• <b>Buy coupons</b>: LITE, Ordinary or Corporate coupons, and with <b>Other products</b> e-invoicing packs, prepaid credit, renewals and upgrades for your companies;\n• <b>Activate purchased coupons</b>: create your client’s company with its data;\n• <b>Invite a client</b>: the client gets an e-mail and buys for itself;\n• <b>Orders</b>, <b>My coupons</b>, <b>Companies</b>: the state of everything.\n\nCommands: /menu back to the menu, /annulla cancels what you are doing, /lingua changes language.',
  cancelled: 'Cancelled. Nothing was saved.',
  nothingToCancel: 'There is nothing to cancel.',
  staleButton: 'This button is no longer active.',
  flowClosed: 'This button is no longer active: the operation was completed or cancelled.',
  alreadyDone: 'Already done: this step has been completed.',
  hintButtons: 'Please choose one of the options with the buttons above, or /annulla to leave.',
  hintIdle: 'Sorry, I didn’t understand. Use the menu buttons, or /menu.',
  languageChosen: 'Language set: English 🇬🇧',
  chooseLanguage: 'Scegli la lingua / Choose your language',
  back: '« Back',
  cancel: '✖️ Cancel',
  prev: '‹ Previous',
  next: 'Next ›',
  page: (p, n) => `Page ${p} of ${n}`,
  genericError: 'Sorry, something went wrong. Please try again shortly; if it happens again, write to support.',
  errors: {
    validation: 'Some data are not valid.',
    not_found: 'Not found: perhaps it was removed, or it does not belong to your service centre.',
    forbidden: 'Not allowed.',
    conflict: 'The data changed meanwhile: please try again.',
    illegal_transition: 'Not possible in this state.',
    expired: 'It has expired.',
    already_used: 'It has already been used.',
    payment_mismatch: 'The amount does not match the order.',
    unavailable: 'The service cannot be reached right now: please try again shortly.',
    parse_error: 'I cannot read these data.',
  },
  tier: { lite: 'LITE', ordinary: 'Ordinary', corporate: 'Corporate' },
  tierInfo: {
    lite: 'simplified accounting: micro-businesses, professionals and the self-employed (web version)',
    ordinary: 'ordinary accounting',
    corporate: 'ordinary accounting with active/passive cycle and analytic accounting',
  },
  kind: { coupon: 'Coupon', einvoice_pack: 'E-invoicing', credit_topup: 'Prepaid credit', renewal: 'Renewal', upgrade: 'Upgrade' },
  buy: {
    chooseTier: 'Which type of coupon would you like to buy?',
    perCoupon: (each) => `${each} per coupon`,
    packHint: (pack, packPrice, current) => `The “${pack}” pack costs ${packPrice} instead of ${current}.`,
    takePack: (pack) => `Take ${pack}`.slice(0, 40),
    chooseKind: 'Which product would you like to buy? (for a company you activated)',
    chooseCompany: (kind) => `${kind}: for which company?`,
    noCompanies: 'You have no companies activated with your coupons yet: these products are bought for a company.',
    chooseOffer: (what) => `<b>${what}</b> — choose an offer (prices excluding VAT):`,
    noOffers: 'No offer available for this choice.',
    chooseQty: (name) => `<b>${esc(name)}</b>\nHow many? Choose or type a number from 1 to 100.`,
    badQty: 'Please type a whole number from 1 to 100.',
    summary: 'Order summary',
    company: 'Company',
    net: 'Net',
    vat: 'VAT 22%',
    total: 'Total',
    chooseMethod: 'How would you like to pay?',
    stripe: '💳 Card (Stripe)',
    bank: '🏦 Bank transfer',
    placed: (n) => `Order <b>${esc(n)}</b> placed.`,
    payStripe: 'Pay by card on the secure page: as soon as the payment succeeds the order is fulfilled at once and I’ll tell you here.',
    payButton: '💳 Pay now',
    bankTitle: 'To pay by bank transfer:',
    beneficiary: 'Beneficiary',
    amount: 'Exact amount',
    causale: 'Payment reference (causale)',
    bankNote: 'Write the reference exactly like this. The order is fulfilled within 24 hours of the transfer arriving (usually 12–24 hours); I’ll tell you here.',
  },
  activate: {
    noCoupons: 'You have no coupons to activate. You can buy them with “Buy coupons”.',
    chooseCoupon: 'Which coupon would you like to activate?',
    start: (code, tier) => `Let’s activate coupon <code>${esc(code)}</code> (${tier}). I’ll ask for the company’s data one at a time. You can stop with /annulla.`,
    question: (n, total, prompt) => `<b>${n}/${total}</b> ${esc(prompt)}`,
    example: (ex) => `<i>Example: ${esc(ex)}</i>`,
    invalid: (why) => `⚠️ ${esc(why)}`,
    recheck: (label, why) => `After the change, <b>${esc(label)}</b> needs another look: ${esc(why)}`,
    sameAsVat: 'Same as the VAT number',
    sameAsOwner: 'Same as the business’s',
    noPec: 'No PEC',
    skip: 'Skip',
    viaPec: 'I receive by PEC (0000000)',
    noSdiCode: 'Has no code (0000000)',
    taxCodeIndividual: 'What is the owner’s tax code (16 characters)? For a sole trader or professional it is the personal one, not the VAT number.',
    taxCodeIndividualExample: 'RSSMRA85T10A562S',
    choicesAre: 'The choices:',
    atecoMatches: 'I found these activities: tap the right one, or type the 6-digit code.',
    atecoNone: 'No activity matches these words: try other words or type the 6-digit code.',
    summaryTitle: 'Check the company’s data:',
    confirm: '✅ Confirm the data',
    edit: '✏️ Change a field',
    chooseEdit: 'Which field would you like to change?',
    none: '—',
    creating: (name) => `Thank you! We are creating the company <b>${esc(name)}</b>: it will take a few minutes. I’ll write here as soon as it is ready.`,
    couponGone: 'This coupon is no longer available (perhaps it was already activated).',
  },
  invite: {
    intro: 'With a purchase invitation the client gets an e-mail and buys its own company account, bearing the costs. The company will be linked to your service centre.',
    newInvite: '✉️ New invitation',
    list: '📋 Sent invitations',
    askName: 'What is the client’s name (full name or company name)?',
    askEmail: (name) => `What is <b>${esc(name)}</b>’s e-mail address?`,
    askTier: 'Which type of company should the client buy?',
    badName: 'The name must have 2 to 200 characters.',
    summary: (name, email, tier) => `Invitation summary:\n• Client: <b>${esc(name)}</b>\n• E-mail: <b>${esc(email)}</b>\n• Type: <b>${tier}</b>`,
    send: '📨 Send invitation',
    sent: (email) => `Invitation sent to <b>${esc(email)}</b>. I’ll tell you when the client opens the link and when it buys.`,
    empty: 'You have not sent any invitation yet.',
    title: 'Sent invitations',
  },
  lists: {
    ordersTitle: 'Your orders',
    ordersEmpty: 'You have no orders yet.',
    couponsTitle: 'Your coupons',
    couponsEmpty: 'You have no coupons yet. Buy them with “Buy coupons”.',
    available: (l, o, c) => `Available: LITE ${l} · Ordinary ${o} · Corporate ${c}`,
    companiesTitle: 'Your companies',
    companiesEmpty: 'You have no companies yet.',
    expires: (date) => `expires ${d(date, 'en')}`,
    credit: 'Prepaid credit',
    invoices: 'E-invoices available',
    orderTitle: (n) => `Order <b>${esc(n)}</b>`,
    placedOn: (date) => `of ${d(date, 'en')}`,
    payAgain: 'You can still pay by card:',
  },
  orderStatus: {
    pending_payment: '⏳ awaiting payment', paid: '💶 paid', fulfilled: '✅ fulfilled', cancelled: '✖️ cancelled', expired: '⌛ expired', refunded: '↩️ refunded',
  },
  couponStatus: { available: '🟢 available', activated: '✅ activated', revoked: '⛔ revoked' },
  companyState: { provisioning: '⚙️ being created', active: '✅ active', failed: '⚠️ creation failed' },
  invitationStatus: { sent: '📨 sent', opened: '👀 opened', purchased: '✅ purchased', expired: '⌛ expired', cancelled: '✖️ cancelled' },
  payer: { partner: 'paid by you', client: 'paid by the client' },
  notify: {
    order_paid: (p) => `💶 Payment received for order <b>${esc(p.orderNumber)}</b> (${euro(p.grossCents ?? 0, 'en')}).`,
    bank_transfer_received: (p) => `🏦 We received your bank transfer for order <b>${esc(p.orderNumber)}</b> (${euro(p.grossCents ?? 0, 'en')}).`,
    order_fulfilled: (p) => `✅ Order <b>${esc(p.orderNumber)}</b> has been fulfilled.`,
    coupons_issued: (p) => `🎟 Order <b>${esc(p.orderNumber)}</b> has been fulfilled: ${p.couponsIssued} coupons issued. You now have <b>${p.couponsAvailable}</b> available to activate.`,
    company_ready: (p) => `🏢 The company <b>${esc(p.legalName)}</b> is ready: you’ll find it in the online accounting’s company list, ready to be configured.`,
    company_failed: (p) => `⚠️ We could not create the company <b>${esc(p.legalName)}</b>. Our support team has been told and will contact you; the coupon stays assigned to this company, you need not do anything again.`,
    invitation_opened: (p) => `👀 ${esc(p.clientName)} opened your purchase invitation.`,
    invitation_purchased: (p) => `🎉 ${esc(p.clientName)} bought through your invitation (order ${esc(p.orderNumber)}). The company will be linked to your service centre.`,
    order_expiring: (p) => `⏳ Order <b>${esc(p.orderNumber)}</b> is still awaiting payment and expires on ${d(p.expiresAt, 'en')}.`,
    order_expired: (p) => `⌛ Order <b>${esc(p.orderNumber)}</b> expired unpaid and was closed.`,
    order_refunded: (p) => `↩️ Order <b>${esc(p.orderNumber)}</b> has been refunded.`,
    payment_flagged: (p) => `ℹ️ The payment of order <b>${esc(p.orderNumber)}</b> needs checking: our accounting team will contact you.`,
    renewals_due: (p) => renewalsDueText(p, 'en'),
    renewal_client_reminded: (p) =>
      p.awaitingOrderNumber
        ? `⏳ The subscription of <b>${esc(p.legalName)}</b> (paid by the client) expires on ${dayEn(p.expiresOn)}: its renewal is ordered (order ${esc(p.awaitingOrderNumber)}), awaiting the bank transfer.`
        : `⏳ The subscription of <b>${esc(p.legalName)}</b> (paid by the client) expires on ${dayEn(p.expiresOn)}: we sent the client the link to renew it.`,
    company_suspended: (p) => `⛔ The company <b>${esc(p.legalName)}</b> is suspended: its subscription expired on ${dayEn(p.expiresOn)} and was not renewed. Renewing it makes it active again at once.`,
    company_reactivated: (p) => `✅ The company <b>${esc(p.legalName)}</b> is active again: its subscription runs until ${dayEn(p.expiresOn)}.`,
    order_payment_failed: (p) => `❌ The card payment of order <b>${esc(p.orderNumber)}</b> did not go through and nothing was charged. The order is still to be paid: <a href="${esc(p.payLink)}">pay again</a>.`,
  },
  viewOrders: '🧾 See orders',
  activateNow: '✅ Activate a coupon',
  renewals: {
    title: '⏳ Expiring in the next 90 days',
    empty: 'No company expires in the next 90 days.',
    totals: (n, own, gross) => `${n} ${n === 1 ? 'company' : 'companies'}, ${own} paid by you${own ? ` · renewing them all: <b>${gross}</b> VAT included` : ''}`,
    expires: (day) => `expires ${dayEn(day)}`,
    state: { active: '', grace: '⚠️ expired, in grace', suspended: '⛔ suspended' },
    clientPays: 'the client renews',
    awaiting: (n) => `renewal ordered (${esc(n)}), awaiting the bank transfer`,
    renewOne: (name) => `🔁 ${name}`,
    renewAll: (n) => `🔁 Renew all (${n}) in one order`,
    summary: (n) => (n === 1 ? '12-month renewal' : `12-month renewal of ${n} companies`),
    rule: 'The new year starts from the current expiry; for a suspended company, from the day of payment.',
    nothing: 'Nothing to renew here: companies paid by their clients are renewed by the clients from their link.',
    renewButton: '🔁 Renew',
  },
  privacy: {
    activate: (vendor, url) =>
      `🔒 <i>Privacy: the data you enter (the legal representative's included) are processed by ${esc(vendor)}, the controller, to create the company, invoice and support it (contract and legal obligations). Please tell your client. <a href="${esc(url)}">Privacy policy</a></i>`,
    invite: (vendor, url, days) =>
      `🔒 <i>Privacy: the client's name and email are used only to send the invitation on your behalf; the email says who is writing and how to object. If they do not buy, we delete them ${days} days after expiry. Controller: ${esc(vendor)}. <a href="${esc(url)}">Privacy policy</a></i>`,
  },
};

export const messages: Record<Lang, Messages> = { it, en };

export const languageOf = (code: string | undefined): Lang => (code?.toLowerCase().startsWith('en') ? 'en' : 'it');
