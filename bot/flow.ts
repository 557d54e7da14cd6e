/**
 * Buttons of a flow carry the flow's id and the action: `<ns>:<flowId>:<action>[:<arg>]`. A tap is
 * accepted only while that flow is current and in one of the steps the action belongs to, so a
 * double tap, or a tap on an old message after /annulla, runs nothing twice — it is answered instead.
 */
import type { Composer } from 'telegraf';
import type { BotContext, Flow, LinkedContext } from './context.js';
import { cb, toast } from './ui.js';

type FlowOf<K extends Flow['kind']> = Extract<Flow, { kind: K }>;

export interface FlowAction<K extends Flow['kind']> {
  steps: FlowOf<K>['step'][];
  run(ctx: LinkedContext, flow: FlowOf<K>, arg: string): Promise<unknown>;
}

export function flowButtons<K extends Flow['kind']>(c: Composer<BotContext>, ns: string, kind: K, actions: Record<string, FlowAction<K>>) {
  c.action(new RegExp(`^${ns}:([\\w-]+):(\\w+)(?::(.*))?$`), async (ctx) => {
    const [, id, action, arg = ''] = ctx.match;
    const flow = ctx.session.flow;
    const def = actions[action!];
    if (!def || !flow || flow.kind !== kind || flow.id !== id) return toast(ctx, flow ? ctx.m.staleButton : ctx.m.flowClosed);
    if (!def.steps.includes(flow.step as never)) return toast(ctx, ctx.m.alreadyDone);
    await def.run(ctx as LinkedContext, flow as FlowOf<K>, arg);
  });
}

/** Callback data of a button of `flow`. */
export const fb = (ns: string, flow: Flow, action: string, arg?: string | number) => (arg === undefined ? cb(ns, flow.id, action) : cb(ns, flow.id, action, arg));
