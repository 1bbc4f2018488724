import { db } from '../db';

/**
 * Run every morning by the scheduler; no user is signed in. Marks every clinic's unpaid invoices past
 * their due date overdue. Declared system code in eslint.config.mjs (`contexts.system`: every data
 * layer's `cron` folder).
 */
export async function markOverdueInvoices(now = new Date()) {
  const result = await db.updateTable('invoice').set({ status: 'overdue' }).where('status', '=', 'open').where('dueAt', '<', now).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
