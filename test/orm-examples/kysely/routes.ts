import type { Session } from '../session';
import { db } from './db';

export async function clinicInvoices(session: Session) {
  return db.selectFrom('invoice').selectAll().where('clinicId', '=', session.user.clinicId).execute();
}

export async function allInvoices() {
  // BUG: every clinic's invoices
  return db.selectFrom('invoice').selectAll().execute();
}

export async function openInvoices(session: Session) {
  // The destructured callback form: and()/or() and eb() are read like eb.and()/eb.or().
  return db
    .selectFrom('invoice')
    .selectAll()
    .where(({ eb, and }) => and([eb('clinicId', '=', session.user.clinicId), eb('id', '!=', '')]))
    .execute();
}
