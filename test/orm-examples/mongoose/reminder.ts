import mongoose, { Schema } from 'mongoose';

interface IReminder {
  patientId: string;
  text: string;
}

/** @owner patientId */
const ReminderSchema = new Schema<IReminder>({ patientId: String, text: String });

// Exported as the module's default, imported under another name in routes.ts.
export default mongoose.model<IReminder>('Reminder', ReminderSchema);
