import { inClinic, type Session } from '../auth/session';
import { prisma } from '../db';
import type { Prisma } from '../generated/prisma/client';

/**
 * Dashboard tiles. The filter arrives from the dashboard's query builder, so the rule cannot read
 * it: accepted by `recommended`, reported by `strict` (unverifiableScope).
 */
export function countConsultations(where: Prisma.ConsultationWhereInput) {
  return prisma.consultation.count({ where });
}

/** Paid revenue of the signed-in user's clinic since a date, by invoice status. */
export function revenueByStatus(session: Session, since: Date) {
  return prisma.invoice.groupBy({
    by: ['status'],
    where: { ...inClinic(session), dueAt: { gte: since } },
    _sum: { amountCents: true },
  });
}

/** The clinic's staff list: users are not owner-scoped, so this is not checked. */
export function clinicStaff(session: Session) {
  return prisma.user.findMany({
    where: { clinicId: session.user.clinicId, role: { in: ['CLINICIAN', 'ADMIN'] } },
    select: { id: true, name: true, email: true, role: true },
  });
}
