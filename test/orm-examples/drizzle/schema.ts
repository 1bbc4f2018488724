import { relations } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A consultation between a patient and a clinician: either may see it. @owner patientId clinicianId */
export const consultations = pgTable('consultations', {
  id: text('id').primaryKey(),
  patientId: text('patient_id').notNull(),
  clinicianId: text('clinician_id').notNull(),
  status: text('status').notNull(),
  startsAt: timestamp('starts_at').notNull(),
});

/** @public reference data: the drug catalogue */
export const medications = pgTable('medications', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

/** A pharmacy order placed by a patient. @owner patientId */
export const prescriptionOrders = pgTable('prescription_orders', {
  id: text('id').primaryKey(),
  patientId: text('patient_id').notNull(),
  status: text('status').notNull().default('unpaid'),
  /** The unguessable token in the pharmacy's pickup link. */
  pickupToken: text('pickup_token').notNull().unique(),
});

/** A line of an order, owned through it (`order` is declared with relations() below). @owner order.patientId */
export const orderLines = pgTable('order_lines', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  medicationId: text('medication_id').notNull(),
});

export const orderLinesRelations = relations(orderLines, ({ one }) => ({
  order: one(prescriptionOrders, { fields: [orderLines.orderId], references: [prescriptionOrders.id] }),
}));
