import { ForbiddenError, inClinic, NotFoundError, ownedBy, type Session } from '../auth/session';
import type { PrismaService } from './prisma.service';

export class PrescriptionsService {
  constructor(private readonly db: PrismaService) {}

  /** The signed-in patient's prescriptions. */
  listMine(session: Session) {
    return this.db.prescription.findMany({
      where: { ...ownedBy(session), ...inClinic(session) },
      orderBy: { issuedAt: 'desc' },
    });
  }

  /** A clinician looks at a patient's prescriptions before prescribing. */
  forPatient(session: Session, patientId: string) {
    // Deliberate bug (reported): no clinic filter, so a clinician can read the prescriptions of
    // patients of any clinic by id.
    return this.db.prescription.findMany({ where: { patientId } });
  }

  /** A patient uses one refill: checked and counted down in one transaction. */
  requestRefill(session: Session, id: string) {
    return this.db.$transaction(async (tx) => {
      const prescription = await tx.prescription.findFirst({
        where: { id, patientId: session.user.id, clinicId: session.user.clinicId },
      });
      if (!prescription) throw new NotFoundError();
      if (prescription.refills === 0) throw new ForbiddenError('No refills left');
      return tx.prescription.update({
        where: { id: prescription.id, patientId: session.user.id, clinicId: session.user.clinicId },
        data: { refills: { decrement: 1 } },
      });
    });
  }

  /** A clinician prescribes from the national catalogue to a patient of their own clinic. */
  async prescribe(session: Session, input: { patientId: string; drugCode: string; dosage: string }) {
    const [medication, patient] = await Promise.all([
      this.db.medication.findUnique({ where: { code: input.drugCode } }),
      this.db.user.findFirst({ where: { id: input.patientId, clinicId: session.user.clinicId, role: 'PATIENT' } }),
    ]);
    if (!medication || !patient) throw new NotFoundError();
    return this.db.prescription.create({
      data: { patientId: patient.id, clinicId: session.user.clinicId, drugCode: medication.code, dosage: input.dosage },
    });
  }
}
