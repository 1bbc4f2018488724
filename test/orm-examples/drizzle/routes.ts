import { and, eq, or } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Req, Session } from '../session';
import * as schema from './schema';
import { consultations, medications } from './schema';

const db = drizzle('postgres://localhost/telehealth', { schema });
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
