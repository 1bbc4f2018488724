import { and, eq, lt } from 'drizzle-orm';
import { db } from '../db';
import { consultations } from '../schema';

/**
 * Run every 15 minutes by the scheduler (a Kubernetes CronJob); no user is signed in. Every patient's
 * consultation still waiting an hour after it was due is marked missed. Declared system code in
 * eslint.config.mjs (`contexts.system`: every data layer's `cron` folder).
 */
export async function markMissedConsultations(now = new Date()) {
  const hourAgo = new Date(now.getTime() - 60 * 60 * 1000);
  return db
    .update(consultations)
    .set({ status: 'missed' })
    .where(and(eq(consultations.status, 'waiting'), lt(consultations.startsAt, hourAgo)))
    .returning({ id: consultations.id, patientId: consultations.patientId });
}
