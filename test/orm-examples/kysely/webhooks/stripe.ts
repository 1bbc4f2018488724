import Stripe from 'stripe';
import { db } from '../db';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_placeholder');

/**
 * POST /webhooks/stripe: a clinic's invoice was paid. `constructEvent` throws unless Stripe signed the
 * body, so what follows it, including the transaction's callback, is system code (recognised by type;
 * no settings entry).
 */
export async function stripeWebhook(rawBody: string, signature: string) {
  const event = stripe.webhooks.constructEvent(rawBody, signature, process.env.STRIPE_WEBHOOK_SECRET ?? '');
  if (event.type !== 'invoice.paid') return;
  const invoiceId = event.data.object.metadata?.invoiceId;
  if (!invoiceId) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('invoice').set({ status: 'paid' }).where('id', '=', invoiceId).execute();
  });
}
