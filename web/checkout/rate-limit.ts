/**
 * A small fixed-window rate limiter kept in memory: enough for one web process (the checkout is
 * low-traffic; several processes each allow the limit, which still stops brute force and floods).
 */
export interface RateLimiter {
  /** Counts a hit; returns 0 when allowed, else the seconds until the window reopens. */
  hit(key: string): number;
}

export function createRateLimiter(opts: { limit: number; windowMs: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 50_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key) {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= opts.windowMs) {
        // Re-insert so the Map stays ordered by window start; past the cap the oldest window goes
        // (O(1) per hit, so a flood of new keys costs no more than one key).
        if (w) windows.delete(key);
        else if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count > opts.limit ? Math.max(1, Math.ceil((w.start + opts.windowMs - t) / 1000)) : 0;
    },
  };
}
