import type { Req } from '../../session';
import { db } from '../db';

/**
 * GET /pay/:token: the payment link e-mailed with an invoice. Whoever holds the unguessable token sees
 * the amount due and may pay it, by design; declared public in eslint.config.mjs (`contexts.public`:
 * every data layer's `public` folder).
 */
export async function invoiceForPayment(req: Req) {
  return db.selectFrom('invoice').select(['id', 'amount', 'status', 'dueAt']).where('paymentToken', '=', req.params.token).executeTakeFirst();
}
