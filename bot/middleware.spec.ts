import { strict as assert } from 'node:assert';
import type { Session } from './context.js';
import { seenBefore } from './middleware.js';

describe('bot: recognising a redelivered update', function () {
  const DAY = 24 * 3600;

  it('the same update_id again is a duplicate; any other id, lower ones included, is new', () => {
    const s: Session = {};
    assert.equal(seenBefore(s, 1000, 0), false);
    assert.equal(seenBefore(s, 1001, 1), false);
    assert.equal(seenBefore(s, 1000, 2), true);
    assert.equal(seenBefore(s, 7, 3), false, 'numbering restarted below: a new update');
    assert.equal(seenBefore(s, 7, 4), true);
  });

  it('remembers a bounded number of ids, for a day', () => {
    const s: Session = {};
    for (let id = 1; id <= 100; id++) seenBefore(s, id, 10);
    assert.equal(s.recentUpdates!.length, 32);
    assert.equal(seenBefore(s, 100, 11), true);
    assert.equal(seenBefore(s, 1, 12), false, 'fell out of the window');
    // A restarted numbering comes after a week without updates: the old ids are forgotten by then.
    assert.equal(seenBefore(s, 99, 12 + DAY), false);
    assert.deepEqual(s.recentUpdates, [[99, 12 + DAY]]);
  });

  it('drops the former "highest id seen" of older sessions', () => {
    const s = { lastUpdateId: 5000 } as Session & { lastUpdateId?: number };
    assert.equal(seenBefore(s, 10, 0), false);
    assert.equal(s.lastUpdateId, undefined);
  });
});
