import type { Role } from '../generated/prisma/client';

/** The signed-in user, as the auth middleware attaches it to every request. */
export interface Session {
  user: {
    id: string;
    clinicId: string;
    role: Role;
  };
}

/** `where` entries that keep a query to the signed-in patient's own rows. */
export function ownedBy(session: Session): { patientId: string } {
  return { patientId: session.user.id };
}

/** `where` entries that keep a query inside the signed-in user's clinic. */
export function inClinic(session: Session): { clinicId: string } {
  return { clinicId: session.user.clinicId };
}

export class ForbiddenError extends Error {}
export class NotFoundError extends Error {}
