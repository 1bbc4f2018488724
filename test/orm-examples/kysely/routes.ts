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

export async function voidInvoice(session: Session, id: string) {
  return db.transaction().execute(async (trx) =>
    trx.updateTable('invoice').set({ amount: 0 }).where('id', '=', id).where('clinicId', '=', session.user.clinicId).execute(),
  );
}

export async function voidInvoiceOfAnyClinic(session: Session, id: string) {
  // BUG: the transaction changes another clinic's invoice given its id
  return db.transaction().setIsolationLevel('serializable').execute(async (trx) =>
    trx.updateTable('invoice').set({ amount: 0 }).where('id', '=', id).execute(),
  );
}
