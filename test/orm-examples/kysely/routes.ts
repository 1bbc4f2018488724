import type { Session } from '../session';
import { db } from './db';

export async function clinicInvoices(session: Session) {
  return db.selectFrom('invoice').selectAll().where('clinicId', '=', session.user.clinicId).execute();
}

export async function allInvoices() {
  // BUG: every clinic's invoices
  return db.selectFrom('invoice').selectAll().execute();
}
