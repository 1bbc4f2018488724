import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** @owner patientId clinicianId */
@Entity()
export class Consultation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() patientId!: string;
  @Column() clinicianId!: string;
  @Column() status!: string;
  @CreateDateColumn() createdAt!: Date;
}

/** A video of a consultation, owned through it. @owner consultation.patientId */
@Entity()
export class Recording {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() consultationId!: string;
  @Column() storageKey!: string;
  @Column({ default: 'processing' }) status!: string;
  /** The unguessable token of the link a patient shares with a second-opinion doctor (none until shared). */
  @Column({ type: 'varchar', nullable: true, unique: true }) shareToken!: string | null;
  @ManyToOne(() => Consultation) consultation!: Consultation;
}
