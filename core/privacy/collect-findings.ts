/**
 * Everything held about one person (GDPR art. 15), table by table, each row with what erasure
 * (art. 17) does to it: `erase` (anonymised, the row stays for counts and amounts), `delete`, or
 * `keep` with the reason the law or the contract gives. Shared by the access report and the erasure,
 * so the report says exactly what the erasure will do. Free-text columns (JSON of company data, audit
 * entries, bank remittance) are searched with LIKE and confirmed in code, so a `_` in an address never
 * matches somebody else.
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Db } from '../db/database.js';
import type { PersonQuery } from './person-query.js';
import { mentions } from './mask.js';

export type Fate = 'erase' | 'delete' | 'keep';
export interface Finding {
  table: string;
  id: string;
  /** the personal data this row holds (as stored; what the person may see) */
  data: Record<string, unknown>;
  fate: Fate;
  /** why it stays (fate 'keep'), Italian first */
  reason?: { it: string; en: string };
}

export const KEEP = {
  paidOrder: { it: 'ordine pagato: registrazione contabile e base della fattura, da conservare 10 anni (art. 2220 c.c., art. 39 DPR 633/1972)', en: 'paid order: an accounting record and the basis of the invoice, kept 10 years' },
  pendingOrder: { it: 'ordine in attesa di pagamento: annullalo prima (Ordini → Annulla), poi ripeti la cancellazione', en: 'order awaiting payment: cancel it first, then erase again' },
  company: { it: 'azienda attivata: dati necessari al contratto in corso e alle fatture emesse (10 anni)', en: 'activated company: data needed by the running contract and the invoices issued (10 years)' },
  partner: { it: 'partner rivenditore: dati del contratto di rivendita e delle sue fatture; a fine rapporto si disattiva il partner', en: 'reseller partner: data of the reseller contract and its invoices' },
  purchasedInvitation: { it: 'invito che ha portato a un acquisto: fa parte dell’ordine pagato', en: 'invitation that led to a purchase: part of the paid order' },
  orderEmail: { it: 'email su un ordine pagato (ricevuta, istruzioni, coupon): corrispondenza commerciale conservata con l’ordine', en: 'email about a paid order: business correspondence kept with the order' },
  matchedBankLine: { it: 'movimento bancario abbinato a un ordine: registrazione contabile', en: 'bank line matched to an order: an accounting record' },
  staff: { it: 'utente del personale: si disattiva dal back-office (Utenti del back-office)', en: 'staff user: deactivate it in the back-office' },
  optOut: { it: 'la richiesta di non ricevere inviti: la conserviamo proprio per rispettarla (art. 21)', en: 'the request to receive no invitations: kept in order to honour it (art. 21)' },
  invoice: { it: 'fattura elettronica o nota di credito emessa: documento contabile e fiscale, da conservare 10 anni con il suo file XML (art. 2220 c.c., art. 39 DPR 633/1972); l’originale è anche presso il Sistema di Interscambio', en: 'electronic invoice or credit note issued: an accounting and tax record kept 10 years with its XML file; the original is also held by the Sistema di Interscambio' },
} as const;

const like = (v: string) => ({ [Op.like]: `%${v}%` });

export async function collectFindings(db: Db, q: PersonQuery, t?: Transaction): Promise<Finding[]> {
  const m = db.models;
  const terms = [q.value, ...q.alternatives];
  const inText = (text: unknown) => terms.some((v) => mentions(typeof text === 'string' ? text : JSON.stringify(text ?? ''), v));
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(f);
  const opts = { transaction: t };

  // Partners (a sole-trader accountant's tax code and phone are personal data too).
  const partnerWhere =
    q.kind === 'email' ? { [Op.or]: [{ billingEmail: q.value }, { pec: q.value }] }
    : q.kind === 'taxCode' ? { [Op.or]: [{ taxCode: q.value }, { vatNumber: q.value }, { vatNumber: `IT${q.value}` }] }
    : q.kind === 'phone' ? { phone: terms }
    : null;
  if (partnerWhere) {
    for (const p of await m.Partner.findAll({ where: partnerWhere, ...opts })) {
      add({ table: 'partners', id: String(p.id), data: { legalName: p.legalName, vatNumber: p.vatNumber, taxCode: p.taxCode, billingEmail: p.billingEmail, pec: p.pec, phone: p.phone, address: p.address }, fate: 'keep', reason: KEEP.partner });
    }
  }

  // Telegram users and their conversation state.
  const partnerUserIds: number[] = [];
  if (q.kind === 'telegram') {
    for (const u of await m.PartnerUser.findAll({ where: { [Op.or]: [{ telegramUserId: q.value }, { telegramChatId: q.value }] }, ...opts })) {
      partnerUserIds.push(u.id);
      add({ table: 'partner_users', id: String(u.id), data: { partnerId: u.partnerId, telegramUserId: u.telegramUserId, telegramChatId: u.telegramChatId, displayName: u.displayName, role: u.role, language: u.language, createdAt: u.createdAt }, fate: 'erase' });
      const session = await m.BotSession.findByPk(u.telegramChatId, opts);
      if (session) add({ table: 'bot_sessions', id: session.chatId, data: { chatId: session.chatId, data: session.data, updatedAt: session.updatedAt }, fate: 'delete' });
    }
    const own = await m.BotSession.findByPk(q.value, opts);
    if (own && !out.some((f) => f.table === 'bot_sessions' && f.id === own.chatId)) add({ table: 'bot_sessions', id: own.chatId, data: { chatId: own.chatId, data: own.data, updatedAt: own.updatedAt }, fate: 'delete' });
  }

  // Invitations.
  if (q.kind === 'email') {
    for (const inv of await m.Invitation.findAll({ where: { clientEmail: q.value }, ...opts })) {
      const bought = inv.status === 'purchased' || inv.purchasedAt !== null;
      add({ table: 'invitations', id: String(inv.id), data: { clientName: inv.clientName, clientEmail: inv.clientEmail, partnerId: inv.partnerId, tier: inv.tier, status: inv.status, createdAt: inv.createdAt, expiresAt: inv.expiresAt }, fate: bought ? 'keep' : 'erase', reason: bought ? KEEP.purchasedInvitation : undefined });
    }
  }

  // Orders: the buyer's email, or the company data the client sent.
  const orderWhere = q.kind === 'email' ? { [Op.or]: [{ buyerEmail: q.value }, ...terms.map((v) => ({ companyData: like(v) }))] } : q.kind === 'telegram' ? null : { [Op.or]: terms.map((v) => ({ companyData: like(v) })) };
  const keptOrderIds = new Set<string>();
  if (orderWhere) {
    for (const o of await m.Order.findAll({ where: orderWhere, ...opts })) {
      if (o.anonymisedAt || !(o.buyerEmail === q.value || inText(o.companyData))) continue;
      const money = o.paidAt !== null || o.receivedCents > 0;
      const fate: Fate = money || o.status === 'pending_payment' ? 'keep' : 'erase';
      if (fate === 'keep') keptOrderIds.add(String(o.id));
      add({
        table: 'orders', id: String(o.id),
        data: { number: o.number, status: o.status, buyerType: o.buyerType, buyerName: o.buyerName, buyerEmail: o.buyerEmail, companyData: o.companyData, grossCents: o.grossCents, createdAt: o.createdAt },
        fate, reason: money ? KEEP.paidOrder : o.status === 'pending_payment' ? KEEP.pendingOrder : undefined,
      });
    }
  }

  // Companies (activated: the contract runs and invoices name them).
  const companyWhere =
    q.kind === 'email' ? { [Op.or]: [{ email: q.value }, { pec: q.value }] }
    : q.kind === 'taxCode' ? { [Op.or]: [{ repTaxCode: q.value }, { taxCode: q.value }, { vatNumber: q.value }] }
    : q.kind === 'phone' ? { phone: terms }
    : null;
  const companyIds: string[] = [];
  if (companyWhere) {
    for (const c of await m.Company.findAll({ where: companyWhere, ...opts })) {
      companyIds.push(String(c.id));
      add({ table: 'companies', id: String(c.id), data: { legalName: c.legalName, vatNumber: c.vatNumber, taxCode: c.taxCode, address: `${c.address}, ${c.cap} ${c.city} (${c.province})`, repFirstName: c.repFirstName, repLastName: c.repLastName, repTaxCode: c.repTaxCode, pec: c.pec, email: c.email, phone: c.phone, createdAt: c.createdAt }, fate: 'keep', reason: KEEP.company });
    }
  }

  // Invoices and credit notes: the buyer as invoiced (email, PEC, tax code or VAT number, a sole trader's
  // name) is in the document and its XML; the law keeps both, whole.
  if (q.kind === 'email' || q.kind === 'taxCode') {
    for (const inv of await m.Invoice.findAll({ where: { [Op.or]: terms.map((v) => ({ buyer: like(v) })) }, order: [['id', 'ASC']], ...opts })) {
      if (!inText(inv.buyer)) continue;
      add({
        table: 'invoices', id: String(inv.id),
        data: { number: inv.number, documentType: inv.documentType, issueDate: inv.issueDate, orderNumber: inv.orderNumber, buyer: inv.buyer, grossCents: inv.grossCents, state: inv.state, fileName: inv.fileName },
        fate: 'keep', reason: KEEP.invoice,
      });
    }
  }

  // Emails sent to the address.
  if (q.kind === 'email') {
    for (const e of await m.Email.findAll({ where: { toAddress: q.value }, ...opts })) {
      const aboutKept = (e.entityType === 'order' && keptOrderIds.has(String(e.entityId))) || (e.entityType === 'company' && companyIds.includes(String(e.entityId))) || (e.entityType === 'order' && (await isPaidOrder(db, e.entityId, t)));
      add({ table: 'emails', id: String(e.id), data: { template: e.template, toAddress: e.toAddress, subject: e.subject, status: e.status, sentAt: e.sentAt, createdAt: e.createdAt }, fate: aboutKept ? 'keep' : 'erase', reason: aboutKept ? KEEP.orderEmail : undefined });
    }
  }

  // Bank lines (payer name or remittance text naming the person), read in SQL: see anonymise.ts.
  if (q.kind !== 'telegram') {
    const rows = await db.sequelize.query<{ id: number; booking_date: string; amount_cents: number; counterparty: string | null; remittance: string; status: string }>(
      `SELECT id, booking_date, amount_cents, counterparty, remittance, status FROM bank_lines WHERE ${terms.map((_, i) => `remittance LIKE :t${i} OR counterparty LIKE :t${i}`).join(' OR ')}`,
      { replacements: Object.fromEntries(terms.map((v, i) => [`t${i}`, `%${v}%`])), type: QueryTypes.SELECT, transaction: t },
    );
    for (const r of rows) {
      if (!inText(`${r.counterparty ?? ''} ${r.remittance}`)) continue;
      const ours = r.status === 'not_ours';
      add({ table: 'bank_lines', id: String(r.id), data: { bookingDate: r.booking_date, amountCents: Number(r.amount_cents), counterparty: r.counterparty, remittance: r.remittance, status: r.status }, fate: ours ? 'erase' : 'keep', reason: ours ? undefined : KEEP.matchedBankLine });
    }
  }

  // An objection to invitations (List-Unsubscribe): kept, so that it is honoured.
  if (q.kind === 'email') {
    for (const o of await m.EmailOptOut.findAll({ where: { email: q.value }, ...opts })) add({ table: 'email_opt_outs', id: String(o.id), data: { email: o.email, source: o.source, createdAt: o.createdAt }, fate: 'keep', reason: KEEP.optOut });
  }

  // Staff: their account and login attempts.
  if (q.kind === 'email') {
    for (const s of await m.StaffUser.findAll({ where: { email: q.value }, ...opts })) add({ table: 'staff_users', id: String(s.id), data: { email: s.email, name: s.name, role: s.role, active: s.active, lastLoginAt: s.lastLoginAt }, fate: 'keep', reason: KEEP.staff });
    const attempts = await m.StaffLoginAttempt.findAll({ where: { email: q.value }, ...opts });
    for (const a of attempts) add({ table: 'staff_login_attempts', id: String(a.id), data: { email: a.email, ip: a.ip, success: a.success, createdAt: a.createdAt }, fate: 'delete' });
  }

  // Audit entries naming the person, or done by their Telegram user: who did what stays, their values are masked.
  const auditWhere: Record<string | symbol, unknown>[] = terms.flatMap((v) => [{ before: like(v) }, { after: like(v) }, { actorLabel: like(v) }]);
  if (partnerUserIds.length) auditWhere.push({ actorType: 'partner_user', actorId: partnerUserIds.map(String) });
  for (const a of await m.AuditLog.findAll({ where: { [Op.or]: auditWhere }, order: [['id', 'ASC']], ...opts })) {
    const byUser = a.actorType === 'partner_user' && partnerUserIds.map(String).includes(String(a.actorId));
    if (!byUser && !inText(a.before) && !inText(a.after) && !inText(a.actorLabel)) continue;
    if (a.anonymisedAt) continue;
    add({ table: 'audit_logs', id: String(a.id), data: { createdAt: a.createdAt, actorType: a.actorType, actorLabel: a.actorLabel, action: a.action, entityType: a.entityType, entityId: a.entityId, before: a.before, after: a.after }, fate: 'erase' });
  }
  return out;
}

async function isPaidOrder(db: Db, id: string | null, t?: Transaction) {
  if (!id) return false;
  const o = await db.models.Order.findByPk(Number(id), { attributes: ['paidAt', 'receivedCents'], transaction: t });
  return Boolean(o && (o.paidAt !== null || o.receivedCents > 0));
}
