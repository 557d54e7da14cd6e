/**
 * Per-chat serialisation of updates in the one bot process. telegraf would run a batch of updates
 * concurrently, so two taps of the same chat would race on its session; here each chat's updates run
 * one at a time, in the order they are given, while different chats run side by side.
 */
import type { Update } from 'telegraf/types';

export type UpdateHandler = (update: Update) => Promise<void>;

export interface UpdateDispatcher {
  /** Handles `update` after the chat's earlier ones; resolves once it has been handled. */
  dispatch(update: Update): Promise<void>;
  /** Resolves when every update given so far has been handled. */
  drained(): Promise<void>;
}

/** The chat an update belongs to; updates without one (rare kinds) are handled at once. */
export function chatIdOf(u: Update): number | undefined {
  const any = u as any;
  return (
    any.message?.chat?.id ?? any.edited_message?.chat?.id ?? any.callback_query?.message?.chat?.id ?? any.callback_query?.from?.id ??
    any.my_chat_member?.chat?.id ?? any.channel_post?.chat?.id
  );
}

/** FIFO chain per key, in this process; entries are removed when their chain empties. */
export function keyedQueue() {
  const tails = new Map<string, Promise<void>>();
  let inflight = 0;
  let idle: (() => void)[] = [];
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      inflight++;
      const result = previous.then(fn);
      const tail = result.then(() => undefined, () => undefined).finally(() => {
        if (tails.get(key) === tail) tails.delete(key);
        if (--inflight === 0) {
          for (const wake of idle) wake();
          idle = [];
        }
      });
      tails.set(key, tail);
      return result;
    },
    async drained() {
      if (inflight > 0) await new Promise<void>((r) => idle.push(r));
    },
  };
}

export function createUpdateDispatcher(handle: UpdateHandler): UpdateDispatcher {
  const queue = keyedQueue();
  return {
    dispatch(u) {
      const chat = chatIdOf(u);
      return chat === undefined ? handle(u) : queue.run(String(chat), () => handle(u));
    },
    drained: () => queue.drained(),
  };
}
