import assert from 'node:assert/strict';
import { createRateLimiter } from './rate-limit.js';

describe('rate limiter', () => {
  it('allows the limit per window and key, then says how long to wait', () => {
    let t = 0;
    const l = createRateLimiter({ limit: 2, windowMs: 10_000, now: () => t });
    assert.deepEqual([l.hit('a'), l.hit('a'), l.hit('b')], [0, 0, 0]);
    assert.equal(l.hit('a'), 10);
    t = 9_500;
    assert.equal(l.hit('a'), 1);
    t = 10_000;
    assert.equal(l.hit('a'), 0, 'a new window');
  });

  it('keeps memory bounded under a flood of keys', () => {
    const l = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) l.hit(`k${i}`);
    assert.equal(l.hit('fresh'), 0);
  });
});
