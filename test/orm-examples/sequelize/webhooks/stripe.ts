import Stripe from 'stripe';
import { models } from '../models';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_placeholder');

/**
 * POST /webhooks/stripe: a prescription's payment went through. `constructEventAsync` rejects unless
 * Stripe signed the body, so the update by the prescription id in the event is system code
 * (recognised by type; no settings entry).
 */
export async function stripeWebhook(rawBody: string, signature: string) {
  const event = await stripe.webhooks.constructEventAsync(rawBody, signature, process.env.STRIPE_WEBHOOK_SECRET ?? '');
  if (event.type !== 'payment_intent.succeeded') return;
  const prescriptionId = event.data.object.metadata.prescriptionId;
  if (!prescriptionId) return;
  await models.Prescription.update({ status: 'paid' }, { where: { id: prescriptionId } });
}
