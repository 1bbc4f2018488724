import { Repository } from 'typeorm';
import { Consultation } from './entities';

/** A custom repository: its own queries run on `this`. */
export class ConsultationRepository extends Repository<Consultation> {
  forPatient(patientId: string) {
    return this.findBy({ patientId });
  }

  firstOpen() {
    // BUG: a custom repository's query with no owner (one by a parameter is checked at its callers)
    return this.findOneBy({ status: 'open' });
  }
}
