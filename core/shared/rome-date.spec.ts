import assert from 'node:assert/strict';
import { addRomeDays, addRomeMonths, italianDay, romeDay, romeDayStart, romeDaysBetween } from './rome-date.js';

describe('Rome days', () => {
  it('an instant belongs to its Rome day, not its UTC day', () => {
    assert.equal(romeDay(new Date('2027-01-30T23:30:00Z')), '2027-01-31'); // 00:30 in Rome (UTC+1)
    assert.equal(romeDay(new Date('2027-07-30T22:30:00Z')), '2027-07-31'); // 00:30 in Rome (UTC+2)
    assert.equal(romeDay(new Date('2027-07-30T21:59:59Z')), '2027-07-30');
  });
  it('a day starts at Rome midnight, winter and summer', () => {
    assert.equal(romeDayStart('2027-01-31').toISOString(), '2027-01-30T23:00:00.000Z');
    assert.equal(romeDayStart('2027-07-31').toISOString(), '2027-07-30T22:00:00.000Z');
  });
  it('the days around daylight-saving changes are 23 and 25 hours long', () => {
    const spring = romeDayStart('2027-03-29').getTime() - romeDayStart('2027-03-28').getTime();
    const autumn = romeDayStart('2027-11-01').getTime() - romeDayStart('2027-10-31').getTime();
    assert.equal(spring, 23 * 3_600_000);
    assert.equal(autumn, 25 * 3_600_000);
    assert.equal(addRomeDays('2027-03-27', 1), '2027-03-28');
    assert.equal(addRomeDays('2027-03-28', 1), '2027-03-29');
    assert.equal(romeDaysBetween('2027-03-01', '2027-04-01'), 31);
  });
  it('29 February: day arithmetic and a year later', () => {
    assert.equal(addRomeDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addRomeDays('2028-02-29', 1), '2028-03-01');
    assert.equal(addRomeDays('2028-02-29', -60), '2027-12-31');
    assert.equal(addRomeDays('2027-02-28', 1), '2027-03-01');
    const leap = romeDayStart('2028-02-29');
    assert.equal(romeDay(addRomeMonths(leap, 12)), '2029-02-28');
    assert.equal(romeDay(addRomeMonths(leap, 48)), '2032-02-29');
    assert.equal(romeDay(addRomeMonths(romeDayStart('2027-01-31'), 1)), '2027-02-28');
  });
  it('a year later keeps the Rome wall-clock time across daylight saving', () => {
    // 10:00 in Rome in winter is 10:00 in Rome in summer, whatever UTC says.
    const winter = new Date('2027-01-15T09:00:00Z');
    const summer = addRomeMonths(winter, 6);
    assert.equal(summer.toISOString(), '2027-07-15T08:00:00.000Z');
    // Midnight in Rome stays in the same Rome day a year on (a UTC +12 months would move a day).
    const start = romeDayStart('2027-04-01');
    assert.equal(romeDay(addRomeMonths(start, 12)), '2028-04-01');
  });
  it('writes Italian dates', () => {
    assert.equal(italianDay('2027-01-31'), '31/01/2027');
  });
});
