import { NotFoundError, ownedBy, type Session } from '../auth/session';
import { prisma } from '../db';
import type { ConsultationStatus } from '../generated/prisma/client';
import type { RouteRequest } from '../lib/http';

/** Either party to a consultation: its patient or its clinician. */
function participant(session: Session) {
  return { OR: [{ patientId: session.user.id }, { clinicianId: session.user.id }] };
}

/** GET /consultations?status= (the patient's own) */
export function listMyConsultations(session: Session, req: RouteRequest) {
  const status = req.query.status as ConsultationStatus | undefined;
  return prisma.consultation.findMany({
    where: { ...ownedBy(session), status },
    orderBy: { startsAt: 'desc' },
    include: { recordings: true },
  });
}

/** GET /consultations/:id */
export async function getConsultation(session: Session, req: RouteRequest<{ id: string }>) {
  const consultation = await prisma.consultation.findFirst({
    where: { id: req.params.id, ...participant(session) },
    include: { recordings: true, invoice: true },
  });
  if (!consultation) throw new NotFoundError();
  return consultation;
}

/** GET /queue: what a clinician works on next. */
export function clinicianQueue(session: Session) {
  return prisma.consultation.findMany({
    where: {
      // Deliberate bug (reported): the second branch matches every waiting consultation of every
      // clinic, not only those this clinician may pick up.
      OR: [{ clinicianId: session.user.id }, { status: 'WAITING' }],
    },
    orderBy: { startsAt: 'asc' },
  });
}

/** PATCH /consultations/:id { startsAt } */
export function reschedule(session: Session, req: RouteRequest<{ id: string }, { startsAt: string }>) {
  return prisma.consultation.update({
    where: { id: req.params.id, patientId: session.user.id, status: 'WAITING' },
    data: { startsAt: new Date(req.body.startsAt) },
  });
}

/** DELETE /consultations/:id: a patient withdraws a booking that has not started. */
export async function withdrawBooking(session: Session, req: RouteRequest<{ id: string }>): Promise<void> {
  // Deliberate bug (reported): deleted by id alone, so any user can withdraw anyone's booking.
  await prisma.consultation.delete({ where: { id: req.params.id, status: 'WAITING' } });
}

/**
 * GET /patients/:patientId/consultations. Deliberate bug (reported): the patient comes from the URL,
 * so any signed-in user can list any patient's consultations by changing it (IDOR).
 */
export function listPatientConsultations(req: RouteRequest<{ patientId: string }>) {
  return prisma.consultation.findMany({ where: { patientId: req.params.patientId } });
}
