import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { db } from '../db';
import { prescriptionOrders } from '../schema';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_placeholder');

/**
 * POST /webhooks/stripe: Stripe says the checkout of a pharmacy order completed. `constructEvent`
 * throws unless Stripe signed the body, so the update by the order id in the event is system code
 * (recognised by type; no settings entry).
 */
export async function stripeWebhook(rawBody: string, signature: string) {
  const event = stripe.webhooks.constructEvent(rawBody, signature, process.env.STRIPE_WEBHOOK_SECRET ?? '');
  if (event.type !== 'checkout.session.completed') return;
  const orderId = event.data.object.metadata?.orderId;
  if (!orderId) return;
  await db.update(prescriptionOrders).set({ status: 'paid' }).where(eq(prescriptionOrders.id, orderId));
}
