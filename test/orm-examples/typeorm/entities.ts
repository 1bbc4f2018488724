import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** @owner patientId clinicianId */
@Entity()
export class Consultation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() patientId!: string;
  @Column() clinicianId!: string;
  @Column() status!: string;
}

/** A video of a consultation, owned through it. @owner consultation.patientId */
@Entity()
export class Recording {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() consultationId!: string;
  @Column() storageKey!: string;
  @ManyToOne(() => Consultation) consultation!: Consultation;
}
