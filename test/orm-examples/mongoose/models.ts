import { Schema, model } from 'mongoose';

interface IMessage {
  senderId: string;
  recipientId: string;
  body: string;
}

/** A message is visible to its sender and its recipient. @owner senderId recipientId */
const messageSchema = new Schema<IMessage>({ senderId: String, recipientId: String, body: String });
export const Message = model<IMessage>('Message', messageSchema);
