import type { Req } from '../../session';
import { Prescription } from '../models';

/**
 * GET /pickup/:code: the link the pharmacy receives to dispense a prescription. Whoever holds the
 * unguessable code sees the drug and whether it is paid, by design; declared public in
 * eslint.config.mjs (`contexts.public`: every data layer's `public` folder).
 */
export async function prescriptionForPickup(req: Req) {
  return Prescription.findOne({ where: { pickupCode: req.params.code }, attributes: ['drug', 'status'] });
}
