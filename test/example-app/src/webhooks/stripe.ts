import Stripe from 'stripe';
import { prisma } from '../db';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_placeholder');

/**
 * POST /webhooks/stripe: Stripe tells us an invoice was paid. The signature check makes this Stripe
 * asking, not a user, so the update by invoice id is system code (recognised by the type of
 * `stripe.webhooks.constructEvent`).
 */
export async function stripeWebhook(rawBody: string, signature: string) {
  const event = stripe.webhooks.constructEvent(rawBody, signature, process.env.STRIPE_WEBHOOK_SECRET ?? '');
  if (event.type !== 'checkout.session.completed') return;
  const invoiceId = event.data.object.metadata?.invoiceId;
  if (!invoiceId) return;
  await prisma.invoice.update({ where: { id: invoiceId }, data: { status: 'PAID' } });
}
