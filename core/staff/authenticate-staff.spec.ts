import assert from 'node:assert/strict';
import { loginDelaySeconds, defaultLoginLimits } from './authenticate-staff.js';

describe('staff login delay', () => {
  it('is free up to the allowed failures, then doubles, then stays at its ceiling (never a lock)', () => {
    const l = defaultLoginLimits.perEmail;
    for (let f = 0; f < l.free; f++) assert.equal(loginDelaySeconds(f, l), 0);
    assert.equal(loginDelaySeconds(l.free, l), 1);
    assert.equal(loginDelaySeconds(l.free + 1, l), 2);
    assert.equal(loginDelaySeconds(l.free + 4, l), 16);
    assert.equal(loginDelaySeconds(l.free + 1000, l), l.maxDelaySeconds);
    assert.ok(l.maxDelaySeconds <= 15 * 60);
  });
});
