/** The bot's typed context and the conversation state kept per chat (in the database, see session-store.ts). */
import type { Context } from 'telegraf';
import type { App } from '../core/app.js';
import type { PartnerUser } from '../core/shared/records.js';
import type { Lang, ProductKind, Tier } from '../core/shared/types.js';
import type { Catalogue } from './catalogue.js';
import type { Messages } from './i18n.js';

export type BuyFlow = {
  kind: 'buy';
  id: string;
  /** sent with the order: the flow places one order at most, even when its "pay" tap is handled twice */
  requestKey?: string;
  step: 'kind' | 'tier' | 'company' | 'offer' | 'qty' | 'summary';
  productKind?: ProductKind;
  tier?: Tier;
  companyId?: number;
  productId?: number;
  quantity?: number;
};
export type ActivateFlow = {
  kind: 'activate';
  id: string;
  step: 'coupon' | 'field' | 'summary' | 'edit';
  couponId?: number;
  /** validated values so far, by company field key */
  data: Record<string, unknown>;
  asking?: string;
  /** true when the question comes from "Modifica un dato": after it, back to the summary */
  editing?: boolean;
};
export type InviteFlow = {
  kind: 'invite';
  id: string;
  step: 'name' | 'email' | 'tier' | 'summary';
  clientName?: string;
  clientEmail?: string;
  tier?: Tier;
};
export type BillingFlow = {
  kind: 'billing';
  id: string;
  step: 'field' | 'summary';
  asking?: string;
  /** validated answers so far: address, cap, city, province, sdiCode, pec */
  data: Record<string, string>;
};
export type Flow = BuyFlow | ActivateFlow | InviteFlow | BillingFlow;

export interface Session {
  lang?: Lang;
  flow?: Flow;
  /** the chat's recent update_ids with when they were handled (seconds): a redelivered update is ignored (middleware.ts) */
  recentUpdates?: [updateId: number, atS: number][];
}

export interface PartnerActor {
  type: 'partner_user';
  id: number;
  partnerId: number;
  label: string;
}

export interface BotContext extends Context {
  app: App;
  /** the active products as shown to partners (kept a few seconds, see catalogue.ts) */
  catalogue: Catalogue;
  session: Session;
  lang: Lang;
  /** the dictionary of `lang` */
  m: Messages;
  /** set when the chat is linked to an active partner; every handler past the gate may rely on it */
  partnerUser?: PartnerUser;
  actor?: PartnerActor;
  partnerName?: string;
  /** set once answerCbQuery ran, so the boundary answers every other callback (no spinning buttons) */
  cbAnswered?: boolean;
}

/** Past the linking gate: the actor is known. */
export type LinkedContext = BotContext & { actor: PartnerActor; partnerUser: PartnerUser };
