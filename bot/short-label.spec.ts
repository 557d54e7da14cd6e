import assert from 'node:assert/strict';
import { shortLabel } from './ui.js';

describe('shortLabel (button text)', () => {
  it('keeps short labels, cuts long ones at a word boundary with “…”', () => {
    assert.equal(shortLabel('Ditta individuale'), 'Ditta individuale');
    const ateco = shortLabel('62.10.00 Produzione di software non connesso all’edizione e consulenza in materia di con', 40);
    assert.equal(ateco, '62.10.00 Produzione di software non…');
    assert.ok([...ateco].length <= 40);
    assert.ok(!/\s…$/.test(ateco));
    assert.equal(shortLabel('Supercalifragilistichespiralidoso-e-ancora-di-più', 20).length, 20);
  });
});
