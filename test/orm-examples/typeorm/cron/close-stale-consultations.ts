import { LessThan } from 'typeorm';
import { dataSource } from '../data-source';
import { Consultation } from '../entities';

/**
 * Run nightly by the scheduler; no user is signed in. Closes every patient's consultation left open
 * for more than a week. Declared system code in eslint.config.mjs (`contexts.system`: every data
 * layer's `cron` folder).
 */
export async function closeStaleConsultations(now = new Date()) {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
  return dataSource.getRepository(Consultation).update({ status: 'open', createdAt: LessThan(weekAgo) }, { status: 'closed' });
}
