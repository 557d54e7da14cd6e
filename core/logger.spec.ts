import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, wantsPrettyLogs } from './logger.js';

/** A logger writing JSON lines into an array, as production would write them to stdout. */
function capture() {
  const lines: any[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('info', { pretty: false, destination }), lines };
}

describe('logger', () => {
  it('keeps error codes visible (database, network, domain)', () => {
    const { log, lines } = capture();
    const dup = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', errno: 1062 });
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    log.error({ err: dup }, 'insert failed');
    log.warn({ err: busy, attempt: 2 }, 'transaction retried');
    log.error({ cause: { code: 'ECONNREFUSED', port: 587 } }, 'smtp down');
    log.debug({ code: 'SQLITE_BUSY' }, 'not at this level');
    log.info({ code: 'SQLITE_BUSY', attempt: 1 }, 'transaction retried');
    assert.equal(lines.length, 4);
    assert.equal(lines[0].err.code, 'ER_DUP_ENTRY');
    assert.equal(lines[0].err.message, 'Duplicate entry');
    assert.equal(lines[1].err.code, 'SQLITE_BUSY');
    assert.equal(lines[2].cause.code, 'ECONNREFUSED');
    assert.equal(lines[3].code, 'SQLITE_BUSY');
  });

  it('hides secrets and personal data by their exact keys, at any of three depths', () => {
    const { log, lines } = capture();
    log.info(
      {
        linkCode: 'LINK-1234',
        couponCode: 'KC-LITE-ABCD',
        password: 'hunter2',
        token: 'tok_top',
        partner: { linkCode: 'LINK-5678', legalName: 'Studio Rossi' },
        payment: { payerIban: 'IT60X0542811101000000123456', iban: 'IT02A0301503200000003517230', amountCents: 12200 },
        company: { taxCode: 'RSSMRA80A01H501U', owner: { taxCode: 'BNCGLI85B41F205X', password: 'x', token: 'tok_deep' } },
        staff: { password: 'secret-pass', email: 'ops@example.test' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'stripe-signature': 't=1,v1=x', host: 'sportello.test' } },
      },
      'everything at once',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['LINK-1234', 'LINK-5678', 'KC-LITE-ABCD', 'hunter2', 'tok_top', 'tok_deep', 'IT60X0542811101000000123456', 'IT02A0301503200000003517230', 'RSSMRA80A01H501U', 'BNCGLI85B41F205X', 'secret-pass', 'Bearer abc', 'sid=1', 'v1=x']) {
      assert.ok(!text.includes(secret), `${secret} must not be logged`);
    }
    const l = lines[0];
    assert.equal(l.linkCode, '[redacted]');
    assert.equal(l.partner.linkCode, '[redacted]');
    assert.equal(l.payment.payerIban, '[redacted]');
    assert.equal(l.company.owner.taxCode, '[redacted]');
    // What is not secret stays readable.
    assert.equal(l.partner.legalName, 'Studio Rossi');
    assert.equal(l.payment.amountCents, 12200);
    assert.equal(l.staff.email, 'ops@example.test');
    assert.equal(l.req.headers.host, 'sportello.test');
    assert.equal(l.msg, 'everything at once');
  });

  it('readable lines only in a development terminal; JSON in production, CI and pipes', () => {
    assert.equal(wantsPrettyLogs({ isTTY: true, nodeEnv: 'development' }), true);
    assert.equal(wantsPrettyLogs({ isTTY: true, nodeEnv: undefined }), true);
    assert.equal(wantsPrettyLogs({ isTTY: true, nodeEnv: 'test' }), true);
    assert.equal(wantsPrettyLogs({ isTTY: true, nodeEnv: 'production' }), false);
    assert.equal(wantsPrettyLogs({ isTTY: false, nodeEnv: 'development' }), false);
    assert.equal(wantsPrettyLogs({ isTTY: undefined, nodeEnv: 'development' }), false, 'stdout piped (CI, a collector): isTTY is undefined');
    assert.equal(wantsPrettyLogs({ isTTY: false, nodeEnv: 'production' }), false);
  });
});
