/** The core's markOrderPaid as reconciliation uses it (a type, so these files need not import the composition root). */
import type { markOrderPaid } from '../orders/mark-order-paid.js';

export type MarkOrderPaid = ReturnType<typeof markOrderPaid>;
