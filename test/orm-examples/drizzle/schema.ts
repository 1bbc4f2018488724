import { pgTable, text } from 'drizzle-orm/pg-core';

/** A consultation between a patient and a clinician: either may see it. @owner patientId clinicianId */
export const consultations = pgTable('consultations', {
  id: text('id').primaryKey(),
  patientId: text('patient_id').notNull(),
  clinicianId: text('clinician_id').notNull(),
  status: text('status').notNull(),
});

/** @public reference data: the drug catalogue */
export const medications = pgTable('medications', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});
