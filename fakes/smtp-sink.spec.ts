import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

describe('SMTP sink', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink({ port: 0 });
  });
  afterEach(() => sink.stop());

  const send = (transport: nodemailer.Transporter, subject: string) =>
    transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject, text: 'ciao', html: '<p>ciao</p>' });

  it('listens on 127.0.0.1 and parses what it receives (no STARTTLS, no auth needed)', async () => {
    assert.match(sink.url, /^smtp:\/\/127\.0\.0\.1:\d+$/);
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port });
    await send(t, 'Caffè');
    const [m] = await sink.waitFor(1);
    assert.equal(m.subject, 'Caffè');
    assert.equal(m.text?.trim(), 'ciao');
    t.close();
  });

  it('answers 421 while paused, on new connections and on already open ones', async () => {
    const pooled = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, pool: true, maxConnections: 1 });
    await send(pooled, 'before'); // leaves a pooled connection open
    sink.pause();
    await assert.rejects(send(pooled, 'open connection'), (e: { responseCode?: number }) => e.responseCode === 421);
    const fresh = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port });
    await assert.rejects(send(fresh, 'new connection'), (e: { responseCode?: number }) => e.responseCode === 421);
    sink.resume();
    await send(pooled, 'after');
    assert.deepEqual((await sink.waitFor(2)).map((m) => m.subject), ['before', 'after']);
    pooled.close();
    fresh.close();
  });

  it('waitFor rejects after its timeout when too few messages arrived', async () => {
    await assert.rejects(sink.waitFor(1, 50), /0 of 1 messages after 50 ms/);
  });
});
