import mongoose, { Schema } from 'mongoose';

interface IReminder {
  patientId: string;
  text: string;
  muted: boolean;
  /** The unguessable token of the reminder e-mail's unsubscribe link. */
  unsubscribeToken: string;
}

/** @owner patientId */
const ReminderSchema = new Schema<IReminder>({ patientId: String, text: String, muted: { type: Boolean, default: false }, unsubscribeToken: String });

// Exported as the module's default, imported under another name in routes.ts.
export default mongoose.model<IReminder>('Reminder', ReminderSchema);
