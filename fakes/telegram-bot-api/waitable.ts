// A list that can be awaited race-free: `waitFor` looks at what is already there first, then listens.
// Timeouts are only a safety net so that a hung test fails with a readable message.

export interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class Waitable<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private readonly subscribers = new Set<(item: T) => void>();

  constructor(private readonly describe: (recent: T[]) => string) {}

  push(item: T): T {
    this.items.push(item);
    for (const cb of this.subscribers) cb(item);
    for (const w of [...this.waiters]) if (w.predicate(item)) this.settle(w, () => w.resolve(item));
    return item;
  }

  /** `from`: the index to look from (callers that know nothing earlier can match skip the scan of a long history). */
  waitFor(predicate: (item: T) => boolean, timeoutMs = 5000, from = 0): Promise<T> {
    for (let i = Math.max(0, from); i < this.items.length; i++) if (predicate(this.items[i]!)) return Promise.resolve(this.items[i]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(
          () => this.settle(waiter, () => reject(new Error(`fake Telegram: nothing matched within ${timeoutMs} ms; ${this.describe(this.items.slice(-5))}`))),
          timeoutMs,
        ),
      };
      this.waiters.add(waiter);
    });
  }

  /** Calls `cb` for every item pushed from now on; returns the unsubscribe function. */
  subscribe(cb: (item: T) => void): () => void {
    this.subscribers.add(cb);
    return () => this.subscribers.delete(cb);
  }

  rejectAll(reason: string): void {
    for (const w of [...this.waiters]) this.settle(w, () => w.reject(new Error(reason)));
  }

  private settle(w: Waiter<T>, fn: () => void): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    fn();
  }
}
