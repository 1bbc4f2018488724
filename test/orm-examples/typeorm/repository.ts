import { Repository } from 'typeorm';
import { Consultation } from './entities';

/** A custom repository: its own queries run on `this`. */
export class ConsultationRepository extends Repository<Consultation> {
  forPatient(patientId: string) {
    return this.findBy({ patientId });
  }

  byId(id: string) {
    // BUG: a custom repository's query by id alone
    return this.findOneBy({ id });
  }
}
