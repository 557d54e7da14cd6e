import assert from 'node:assert/strict';
import { notificationMessage } from './notifier.js';

describe('notification: a card payment that failed', () => {
  it('says so in the chat, in both languages, with the pay link again', () => {
    const it = notificationMessage('order_payment_failed', { orderNumber: '2026-000042', payLink: 'https://s.example.it/pay/abc' }, 'it');
    assert.match(it.text, /non è andato a buon fine/);
    assert.match(it.text, /<a href="https:\/\/s\.example\.it\/pay\/abc">paga di nuovo<\/a>/);
    const en = notificationMessage('order_payment_failed', { orderNumber: '2026-000042', payLink: 'https://s.example.it/pay/abc' }, 'en');
    assert.match(en.text, /did not go through/);
  });
});
