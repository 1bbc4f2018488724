import type { Session } from '../session';

/** Narrows any where to the signed-in patient's rows: its return type says so, whatever `W` is. */
export function ownedBy<W>(where: W, session: Session): W & { patientId: string } {
  return { ...where, patientId: session.user.id };
}
