import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashToken, randomToken, signedToken, verifySignedToken } from './tokens.js';

describe('tokens', () => {
  it('random tokens carry at least 128 bits and hash to 64 hex chars', () => {
    const t = randomToken(32);
    assert.ok(Buffer.from(t, 'base64url').length >= 16);
    assert.match(hashToken(t), /^[0-9a-f]{64}$/);
    assert.notEqual(randomToken(), randomToken());
  });
  it('signed tokens verify for their purpose only and reject tampering', () => {
    const t = signedToken('secret-1', 'pay', 42);
    assert.equal(verifySignedToken('secret-1', 'pay', t), 42);
    assert.equal(verifySignedToken('secret-1', 'status', t), null);
    assert.equal(verifySignedToken('secret-2', 'pay', t), null);
    assert.equal(verifySignedToken('secret-1', 'pay', t.replace(/^[^.]+/, (43).toString(36))), null);
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (x) => verifySignedToken('s', 'pay', x) === null || typeof verifySignedToken('s', 'pay', x) === 'number'));
  });
});
