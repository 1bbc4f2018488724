import { Op } from 'sequelize';
import { Prescription } from '../models';

/**
 * Run every night at 02:00 by the scheduler; no user is signed in. Expires every patient's
 * prescriptions past their date. Declared system code in eslint.config.mjs (`contexts.system`: every
 * data layer's `cron` folder).
 */
export async function expirePrescriptions(now = new Date()) {
  const [expired] = await Prescription.update(
    { status: 'expired' },
    { where: { status: { [Op.ne]: 'expired' }, expiresAt: { [Op.lt]: now } } },
  );
  return expired;
}
