// TEMPORARY: bot/i18n.ts still imports formatEuro from here (bot/ is being rewritten by the lead);
// the formatter is core/shared/money.ts. Remove this file once that import moves.
export { formatEuro } from '../shared/money.js';
