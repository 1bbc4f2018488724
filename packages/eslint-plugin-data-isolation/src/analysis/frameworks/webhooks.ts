import type { Framework } from './types';

/** `stripe.webhooks.constructEvent(body, signature, secret)` throws unless Stripe signed the request. */
export const stripe: Framework = {
  name: 'Stripe',
  packages: ['stripe'],
  system: {
    verifiers: [
      { name: 'constructEvent', what: 'a Stripe webhook, verified by `webhooks.constructEvent()`' },
      { name: 'constructEventAsync', what: 'a Stripe webhook, verified by `webhooks.constructEventAsync()`' },
    ],
  },
};

/** Svix (Clerk's, Resend's … webhooks): `new Webhook(secret).verify(payload, headers)` throws on a bad signature. */
export const svix: Framework = {
  name: 'Svix',
  packages: ['svix'],
  system: { verifiers: [{ name: 'verify', what: 'a Svix webhook, verified by `Webhook.verify()`' }] },
};

/**
 * Upstash QStash: `new Receiver(keys).verify({ signature, body })` throws a `SignatureError` on a bad
 * signature; `verifySignatureAppRouter(handler)` / `verifySignature(handler)` only call `handler` for signed requests.
 */
export const qstash: Framework = {
  name: 'QStash',
  packages: ['@upstash/qstash'],
  system: {
    verifiers: [{ name: 'verify', what: 'a QStash message, verified by `Receiver.verify()`' }],
    handlers: [
      { callee: 'verifySignatureAppRouter', what: 'a QStash message, verified by `verifySignatureAppRouter()`' },
      { callee: 'verifySignature', what: 'a QStash message, verified by `verifySignature()`' },
      { callee: 'verifySignatureEdge', what: 'a QStash message, verified by `verifySignatureEdge()`' },
    ],
  },
};
