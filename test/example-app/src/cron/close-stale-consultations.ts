import { prisma } from '../db';

/**
 * GET /api/cron/close-stale-consultations, called by the scheduler with the cron secret; no user is
 * signed in. Declared a system context in eslint.config.mjs (`contexts.system`), so its cross-user
 * query is listed in the access report as "system" instead of reported.
 */
export async function closeStaleConsultations(authorization: string | undefined) {
  if (authorization !== `Bearer ${process.env.CRON_SECRET}`) throw new Error('unauthorised');
  const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
  return prisma.consultation.updateMany({
    where: { status: 'WAITING', startsAt: { lt: dayAgo } },
    data: { status: 'CANCELLED' },
  });
}
