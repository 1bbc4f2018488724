import { and, eq, inArray, or } from 'drizzle-orm';
import type { Req, Session } from '../session';
import { db } from './db';
import { consultations, medications, orderLines, prescriptionOrders } from './schema';

const cache = new Map<string, unknown>();

export async function myConsultations(session: Session) {
  return db.select().from(consultations).where(or(eq(consultations.patientId, session.user.id), eq(consultations.clinicianId, session.user.id)));
}

export async function consultation(session: Session, req: Req) {
  return db.query.consultations.findFirst({ where: (c, { eq }) => and(eq(c.id, req.params.id), eq(c.patientId, session.user.id)) });
}

export async function waiting(session: Session) {
  // BUG: every waiting consultation, not only the user's
  return db.select().from(consultations).where(eq(consultations.status, 'waiting'));
}

export async function cancel(session: Session, req: Req) {
  cache.delete(`${session.user.id}:${req.params.id}`);
  // BUG: the patient id comes from the URL (IDOR)
  return db.delete(consultations).where(eq(consultations.patientId, req.params.patientId));
}

export async function catalogue() {
  return db.select().from(medications);
}

export async function myOrderLines(session: Session) {
  return db
    .select()
    .from(orderLines)
    .innerJoin(prescriptionOrders, eq(orderLines.orderId, prescriptionOrders.id))
    .where(eq(prescriptionOrders.patientId, session.user.id));
}

export async function orderLinesOf(session: Session, req: Req) {
  // BUG: lines of any order, by the id in the URL: the owner is reached through the order
  return db.query.orderLines.findMany({ where: (line, { eq }) => eq(line.orderId, req.params.orderId) });
}

export async function removeOrderLine(session: Session, req: Req) {
  const mine = db.select({ id: prescriptionOrders.id }).from(prescriptionOrders).where(eq(prescriptionOrders.patientId, session.user.id));
  return db.delete(orderLines).where(and(eq(orderLines.id, req.params.id), inArray(orderLines.orderId, mine)));
}
