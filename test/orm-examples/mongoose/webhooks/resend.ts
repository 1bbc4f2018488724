import { Webhook } from 'svix';
import { Message } from '../models';

/** The part of Resend's e-mail events this handler reads. */
interface EmailEvent {
  type: 'email.sent' | 'email.delivered' | 'email.bounced';
  created_at: string;
  data: { email_id: string };
}

/**
 * POST /webhooks/resend: Resend reports what became of a message's e-mail copy. Resend signs its
 * webhooks with Svix; `verify` throws unless the signature matches, so the update by the e-mail id in
 * the event is system code (recognised by type; no settings entry).
 */
export async function resendWebhook(payload: string, headers: { 'svix-id': string; 'svix-timestamp': string; 'svix-signature': string }) {
  new Webhook(process.env.RESEND_WEBHOOK_SECRET ?? 'whsec_placeholder').verify(payload, headers);
  const event = JSON.parse(payload) as EmailEvent;
  const emailStatus = event.type === 'email.bounced' ? 'bounced' : event.type === 'email.delivered' ? 'delivered' : 'sent';
  await Message.updateOne({ emailId: event.data.email_id }, { $set: { emailStatus } });
}
