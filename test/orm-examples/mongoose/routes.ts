import type { Req, Session } from '../session';
import { Message } from './models';
import Reminders from './reminder';

export async function inbox(session: Session) {
  return Message.find({ $or: [{ senderId: session.user.id }, { recipientId: session.user.id }] });
}

export async function read(req: Req) {
  // BUG: findById selects by _id alone
  return Message.findById(req.params.id);
}

export async function purge(session: Session, req: Req) {
  return Message.deleteMany({ senderId: session.user.id, _id: req.params.id });
}

export async function myReminders(session: Session) {
  return Reminders.find({ patientId: session.user.id });
}

export async function reminder(req: Req) {
  // BUG: a default-exported model, findById by _id alone
  return Reminders.findById(req.params.id);
}
