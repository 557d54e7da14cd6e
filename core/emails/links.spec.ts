import assert from 'node:assert/strict';
import { checkBaseUrl, linkBuilder } from './links.js';

describe('email links', () => {
  it('builds absolute URLs on the base, keeping a base path', () => {
    assert.equal(linkBuilder('https://s.example.it/')('/i/abc'), 'https://s.example.it/i/abc');
    assert.equal(linkBuilder('https://s.example.it/sportello')('/i/abc?x=1'), 'https://s.example.it/sportello/i/abc?x=1');
    assert.equal(linkBuilder('http://localhost:3000')('/pay/é'), 'http://localhost:3000/pay/%C3%A9');
  });

  it('accepts only an http(s) base without credentials, query or fragment', () => {
    assert.throws(() => checkBaseUrl('javascript:alert(1)'), /must be http\(s\)/);
    assert.throws(() => checkBaseUrl('ftp://x.it'), /must be http\(s\)/);
    assert.throws(() => checkBaseUrl('sportello.it'), /not a URL/);
    assert.throws(() => checkBaseUrl('https://u:p@x.it'), /credentials/);
  });

  it('refuses anything that is not a path on our own site', () => {
    const link = linkBuilder('https://s.example.it/sportello');
    for (const bad of ['javascript:alert(1)', 'https://evil.example/x', '//evil.example/x', '/\\evil.example', 'i/abc', '/a b', '/../../x']) {
      assert.throws(() => link(bad), /email link/, bad);
    }
  });
});
