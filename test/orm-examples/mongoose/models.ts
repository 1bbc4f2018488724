import { Schema, model } from 'mongoose';

interface IMessage {
  senderId: string;
  recipientId: string;
  body: string;
  sentAt: Date;
  /** The id of the copy emailed to the recipient (through Resend), and what became of it. */
  emailId?: string;
  emailStatus?: 'sent' | 'delivered' | 'bounced';
}

/** A message is visible to its sender and its recipient. @owner senderId recipientId */
const messageSchema = new Schema<IMessage>({
  senderId: String,
  recipientId: String,
  body: String,
  sentAt: { type: Date, default: Date.now },
  emailId: String,
  emailStatus: String,
});
export const Message = model<IMessage>('Message', messageSchema);
