import { eq } from 'drizzle-orm';
import type { Req } from '../../session';
import { db } from '../db';
import { prescriptionOrders } from '../schema';

/**
 * GET /pickup/:token: the link the pharmacy receives to prepare an order. Whoever holds the
 * unguessable token sees whether that order is paid, by design; declared public in eslint.config.mjs
 * (`contexts.public`: every data layer's `public` folder).
 */
export async function orderForPickup(req: Req) {
  return db.query.prescriptionOrders.findFirst({
    where: eq(prescriptionOrders.pickupToken, req.params.token),
    columns: { id: true, status: true },
  });
}
