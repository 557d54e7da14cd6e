// TEMPORARY: bot/i18n.ts still imports formatEuro from here (bot/ is the lead's). The formatter is
// core/shared/money.ts: point that import there and delete this file.
export { formatEuro } from '../shared/money.js';
