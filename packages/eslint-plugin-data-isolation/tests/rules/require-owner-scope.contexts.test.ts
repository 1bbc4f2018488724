// Who is asking: queries that run for no signed-in user (a verified webhook, a job, a scheduled task, a
// script) or for anyone by design (a public capability link) are not findings. Webhooks and jobs are
// recognised by the real published types of stripe, svix, @upstash/qstash, bullmq and node-cron; the rest
// is declared in `settings["data-isolation"].contexts`.
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { missingOwner } from './orm-helpers';

const ruleTester = typedRuleTester();

const prisma = `import { PrismaClient } from '@prisma/client';
declare const prisma: PrismaClient;
`;
const p = (code: string) => prisma + code;
const OWNERS = '`patientId` or `clinicianId`';
const unscoped = (code: string, operation = 'findMany', nth = 1) => ({
  code,
  errors: [missingOwner(code, operation, 'Consultation', operation, OWNERS, operation === 'findMany' ? 'return' : 'change', nth)],
});
const contexts = (c: Record<string, unknown>) => ({ 'data-isolation': { contexts: c } });

const STRIPE = `import Stripe from 'stripe';
declare const stripe: Stripe;
`;

ruleTester.run('require-owner-scope (contexts, Prisma)', rule, {
  valid: [
    // Stripe: the handler verifies the signature first
    p(`${STRIPE}export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  if (event.type === 'checkout.session.completed') {
    await prisma.consultation.updateMany({ where: { id: 'c1' }, data: { startsAt: new Date() } });
  }
  return new Response(null);
}`),
    // … also with constructEventAsync, and in a callback after the check
    p(`${STRIPE}export async function POST(req: Request) {
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  } catch {
    return new Response('bad signature', { status: 400 });
  }
  await Promise.all(['c1', 'c2'].map((id) => prisma.consultation.delete({ where: { id } })));
  return new Response(event.id);
}`),
    // Svix (Clerk's and Resend's webhooks)
    p(`import { Webhook } from 'svix';
export async function POST(req: Request) {
  const wh = new Webhook('whsec_x');
  const payload = wh.verify(await req.text(), Object.fromEntries(req.headers)) as { data: { id: string } };
  return prisma.consultation.findMany({ where: { patientId: payload.data.id } });
}`),
    // QStash: Receiver.verify, and a handler wrapped by verifySignatureAppRouter (inline and by name)
    p(`import { Receiver } from '@upstash/qstash';
const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
export async function POST(req: Request) {
  const body = await req.text();
  await receiver.verify({ signature: req.headers.get('upstash-signature') ?? '', body });
  await prisma.consultation.deleteMany({ where: { startsAt: { lt: new Date() } } });
  return new Response('ok');
}`),
    p(`import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';
export const POST = verifySignatureAppRouter(async (req: Request) => {
  await prisma.consultation.findMany();
  return new Response('ok');
});`),
    p(`import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';
async function handler(req: Request) {
  await prisma.consultation.findMany();
  return new Response('ok');
}
export const POST = verifySignatureAppRouter(handler);`),
    // BullMQ: an inline processor, and one declared by name
    p(`import { Worker } from 'bullmq';
new Worker<{ id: string }>('reminders', async (job) => {
  await prisma.consultation.update({ where: { id: job.data.id }, data: { startsAt: new Date() } });
}, { connection: { host: 'localhost' } });`),
    p(`import { Worker, type Job } from 'bullmq';
async function sendReminders(job: Job<{ id: string }>) {
  return prisma.consultation.findMany({ where: { id: job.data.id } });
}
export const worker = new Worker('reminders', sendReminders, { connection: { host: 'localhost' } });`),
    // node-cron: default and named imports
    p(`import cron from 'node-cron';
cron.schedule('0 3 * * *', async () => {
  await prisma.consultation.deleteMany({ where: { startsAt: { lt: new Date(0) } } });
});`),
    p(`import { schedule } from 'node-cron';
const nightly = async () => { await prisma.consultation.findMany(); };
schedule('0 3 * * *', nightly);`),
    // files declared system (scripts, cron routes) or public (capability links) by glob
    { code: p('export async function main() { return prisma.consultation.findMany(); }'), filename: 'scripts/seed.ts', settings: contexts({ system: ['scripts/**', 'app/api/cron/**'] }) },
    { code: p('export async function GET() { await prisma.consultation.deleteMany(); return new Response(null); }'), filename: 'app/api/cron/cleanup/route.ts', settings: contexts({ system: ['scripts/**', 'app/api/cron/**'] }) },
    { code: p('export async function GET(_: Request, { params }: { params: Promise<{ token: string }> }) { const { token } = await params; return Response.json(await prisma.consultation.findUnique({ where: { id: token } })); }'), filename: 'app/share/[token]/route.ts', settings: contexts({ public: 'app/share/**' }) },
    // functions declared system or public by name
    { code: p('export async function runNightlyBilling() { return prisma.consultation.findMany(); }'), settings: contexts({ systemFunctions: ['runNightlyBilling'] }) },
    { code: p('export const links = { async sharedConsultation(id: string) { return prisma.consultation.findUnique({ where: { id } }); } };'), settings: contexts({ publicFunctions: ['sharedConsultation'] }) },
    // a function of the module that only the verified handler calls runs in its context (dokploy's
    // `updateServersBasedOnQuantity` in its Stripe webhook)
    p(`${STRIPE}async function activate(id: string) {
  await prisma.consultation.updateMany({ where: { id }, data: { startsAt: new Date() } });
}
const deactivateAll = async () => prisma.consultation.deleteMany();
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  if (event.type === 'customer.subscription.deleted') await deactivateAll();
  await activate(event.id);
  return new Response(null);
}`),
    // an existence check: a function that returns only a boolean hands out no rows (an instance-wide
    // uniqueness check, dokploy's validUniqueServerAppName)
    // (read from the declared return type, or from returns that are tests as written)
    p(`export async function anyUpcoming() {
  const rows = await prisma.consultation.findMany({ where: { startsAt: { gt: new Date() } } });
  return rows.length > 0;
}
export async function isSlotTaken(startsAt: Date): Promise<boolean> {
  return (await prisma.consultation.count({ where: { startsAt } })) > 0;
}
export async function POST(req: Request) {
  if (await isSlotTaken(new Date(await req.text()))) return new Response('taken', { status: 409 });
  return new Response(null);
}`),
    // … also a call typed boolean (a type predicate such as `isDefined(row)`), and `return;` for
    // nothing (typebot's isNotAvailable: `if (type !== 'whatsApp') return; … return isDefined(existing)`)
    p(`declare function isDefined<T>(value: T | null | undefined): value is T;
const isNotAvailable = async (startsAt: Date, kind: string) => {
  if (kind !== 'video') return;
  const existing = await prisma.consultation.findFirst({ where: { startsAt } });
  return isDefined(existing);
};
export async function POST(req: Request) {
  if (await isNotAvailable(new Date(await req.text()), 'video')) return new Response('taken', { status: 409 });
  return new Response(null);
}`),
    // a presence test: the row is only tested for presence and finding one stops the code (an inline
    // uniqueness check), or only a boolean made from it leaves
    p(`export async function POST(req: Request) {
  const startsAt = new Date(await req.text());
  const taken = await prisma.consultation.findFirst({ where: { startsAt } });
  if (taken || startsAt < new Date()) return new Response('taken', { status: 409 });
  if (await prisma.consultation.findFirst({ where: { startsAt, clinicianId: 'c1' } })) throw new Error('busy');
  const other = await prisma.consultation.findFirst({ where: { startsAt: { lt: startsAt } } });
  return Response.json({ first: other == null, none: !other });
}`),
    // `Boolean(…)` is a test too, in a function typed only by where it is put (typebot's path checkers)
    p(`const checkers: Record<string, (id: string) => Promise<boolean>> = {
  consultation: async (id) => {
    const c = await prisma.consultation.findFirst({ where: { startsAt: { gt: new Date() } } });
    return Boolean(c && c.id !== id);
  },
};
export const check = (kind: string, id: string) => checkers[kind]?.(id);`),
    // a capability lookup: selected by a secret the caller presents (an API token), read and write; the
    // row it returns proves its id for the write that follows
    p(`declare function hash(token: string): string;
export async function authenticate(req: Request) {
  const presented = req.headers.get('authorization')?.slice(7) ?? '';
  const record = await prisma.apiToken.findFirst({ where: { token: hash(presented) } });
  if (!record) return null;
  await prisma.apiToken.update({ where: { id: record.id }, data: { lastUsed: new Date() } });
  await prisma.apiToken.updateMany({ where: { token: presented }, data: { token: hash(presented) } });
  return record.ownerId;
}`),
  ],
  invalid: [
    // a column named like an id of a secret is no secret; a secret column compared with a constant
    (() => {
      const code = p(`export async function byTokenId(req: Request) {
  return prisma.apiToken.findFirst({ where: { tokenId: new URL(req.url).searchParams.get('id') ?? '' } });
}
export async function seeded() {
  return prisma.apiToken.findFirst({ where: { token: 'seed' } });
}`);
      return {
        code,
        errors: [
          missingOwner(code, 'findFirst', 'ApiToken', 'findFirst', '`ownerId`', 'return', 1),
          missingOwner(code, 'findFirst', 'ApiToken', 'findFirst', '`ownerId`', 'return', 2),
        ],
      };
    })(),
    // a row the code requires (it goes on only when one is found: a lookup it then uses), or uses for
    // anything but its presence (a field read, returned, passed on)
    (() => {
      const code = p(`declare function log(row: unknown): void;
export async function GET(req: Request) {
  const startsAt = new Date(await req.text());
  const a = await prisma.consultation.findFirst({ where: { startsAt } });
  if (!a) return new Response(null, { status: 404 });
  const b = await prisma.consultation.findFirst({ where: { startsAt: { lt: startsAt } } });
  if (b && b.patientId) log(b);
  const c = await prisma.consultation.findFirst({ where: { startsAt: { gt: startsAt } } });
  if (c) log('found');
  const d = await prisma.consultation.findFirst({ where: { startsAt: { not: startsAt } } });
  return new Response(d ? 'yes' : 'no');
}`);
      return {
        code,
        errors: [1, 2, 3, 4].map((nth) => missingOwner(code, 'findFirst', 'Consultation', 'findFirst', OWNERS, 'return', nth)),
      };
    })(),
    // a function that returns the rows is no existence check; nor is a write in a boolean function
    unscoped(p(`export async function slot() {
  const rows = await prisma.consultation.findMany({ where: { startsAt: { gt: new Date() } } });
  return rows.length > 0 ? rows : null;
}`)),
    // a function that does other work and says `true` when done (dokploy's runWebServerBackup:
    // `if (IS_CLOUD) return; …; return true`) is no existence check
    (() => {
      const code = p(`export async function archiveAll(cloud: boolean) {
  if (cloud) return;
  const rows = await prisma.consultation.findMany({ where: { startsAt: { lt: new Date() } } });
  console.log(rows);
  return true;
}`);
      return { code, errors: [missingOwner(code, 'findMany', 'Consultation', 'findMany', OWNERS, 'return')] };
    })(),
    // a call that is not typed boolean hands out what it is given
    (() => {
      const code = p(`declare function firstOf<T>(value: T | null): T | undefined;
export async function slotOf(startsAt: Date) {
  if (!startsAt) return;
  return firstOf(await prisma.consultation.findFirst({ where: { startsAt: { gt: new Date() } } }));
}`);
      return { code, errors: [missingOwner(code, 'findFirst', 'Consultation', 'findFirst', OWNERS, 'return')] };
    })(),
    unscoped(p(`export async function cancelSlots(): Promise<boolean> {
  const { count } = await prisma.consultation.deleteMany({ where: { startsAt: { gt: new Date() } } });
  return count > 0;
}`), 'deleteMany'),
    // an access check that forgets the owner proves nothing: what follows it is still checked
    (() => {
      const code = p(`async function canEdit(id: string): Promise<boolean> {
  return (await prisma.consultation.count({ where: { id } })) > 0;
}
export async function PATCH(req: Request) {
  const id = new URL(req.url).searchParams.get('id') ?? '';
  if (!(await canEdit(id))) return new Response(null, { status: 403 });
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
  return new Response(null);
}`);
      return { code, errors: [missingOwner(code, 'update', 'Consultation', 'update', OWNERS, 'change')] };
    })(),
    // the same helper, exported (another module may call it) or also called before the check
    unscoped(p(`${STRIPE}export const deactivateAll = async () => prisma.consultation.deleteMany();
export async function POST(req: Request) {
  stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  await deactivateAll();
  return new Response(null);
}`), 'deleteMany'),
    (() => {
      const code = p(`${STRIPE}const deactivateAll = async () => prisma.consultation.deleteMany();
export async function POST(req: Request) {
  await deactivateAll();
  stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  await deactivateAll();
  return new Response(null);
}`);
      return {
        code,
        errors: [
          unscoped(code, 'deleteMany').errors[0],
          {
            messageId: 'helperMissingScope' as const,
            ...at(code, 'deactivateAll', 2),
            data: { helper: 'deactivateAll → consultation.deleteMany at file.ts:5', model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS },
          },
        ],
      };
    })(),
    // the query runs before the signature is checked
    unscoped(p(`${STRIPE}export async function POST(req: Request) {
  const rows = await prisma.consultation.findMany();
  stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  return Response.json(rows);
}`)),
    // parsing without verification is not a check
    unscoped(p(`${STRIPE}export async function POST(req: Request) {
  const event = stripe.webhooks.constructEventWithoutVerification(await req.text());
  return Response.json(await prisma.consultation.findMany({ where: { id: event.id } }));
}`)),
    // the app's own `verify()` and `Worker` are not the libraries'
    unscoped(p(`const webhook = { verify(body: string) { return JSON.parse(body) as { id: string }; }, constructEvent(body: string) { return JSON.parse(body) as { id: string }; } };
export async function POST(req: Request) {
  const event = webhook.constructEvent(await req.text());
  webhook.verify(await req.text());
  return Response.json(await prisma.consultation.findMany({ where: { id: event.id } }));
}`)),
    unscoped(p(`class Worker { constructor(readonly name: string, readonly run: (job: { id: string }) => Promise<unknown>) {} }
new Worker('reminders', async (job) => prisma.consultation.findMany({ where: { id: job.id } }));`)),
    // a check in another function does not cover this one
    unscoped(p(`import { Webhook } from 'svix';
function check(body: string, headers: Record<string, string>) { new Webhook('whsec_x').verify(body, headers); }
export async function POST(req: Request) {
  return Response.json(await prisma.consultation.findMany());
}`)),
    // a file outside the declared globs, a function not named in settings
    { ...unscoped(p('export async function main() { return prisma.consultation.findMany(); }')), filename: 'app/recordings/route.ts', settings: contexts({ system: ['scripts/**'] }) },
    { ...unscoped(p('export async function runBilling() { return prisma.consultation.findMany(); }')), settings: contexts({ systemFunctions: ['runNightlyBilling'] }) },
    // invalid settings: one clear message naming the key (and the query is still checked)
    ...[
      [{ sytem: ['scripts/**'] }, 'settings["data-isolation"].contexts.sytem is not a known key; use one of system, public, systemFunctions, publicFunctions (did you mean `system`?).'],
      [{ system: ['/abs/scripts/**'] }, 'settings["data-isolation"].contexts.system[0] ("/abs/scripts/**") must be a non-empty glob relative to ESLint\'s working directory, like "scripts/**".'],
      [{ public: [42] }, 'settings["data-isolation"].contexts.public[0] must be a glob string, like "app/api/cron/**", not the number 42.'],
    ].map(([c, problem]) => {
      const code = p('export async function main() { return prisma.consultation.findMany(); }');
      return {
        code,
        settings: contexts(c as Record<string, unknown>),
        errors: [{ messageId: 'configProblem' as const, ...at(code, 'findMany'), data: { problem } }, missingOwner(code, 'findMany', 'Consultation', 'findMany', OWNERS, 'return')],
      };
    }),
    (() => {
      const code = p('export async function main() { return prisma.consultation.findMany(); }');
      const problem = 'settings["data-isolation"].contexts must be an object like { system: ["scripts/**", "app/api/cron/**"], public: ["app/share/**"] }.';
      return { code, settings: { 'data-isolation': { contexts: 'scripts/**' } }, errors: [{ messageId: 'configProblem' as const, ...at(code, 'findMany'), data: { problem } }, missingOwner(code, 'findMany', 'Consultation', 'findMany', OWNERS, 'return')] };
    })(),
  ],
});

// The same contexts on another data layer: Drizzle (owners declared with JSDoc in fixtures/drizzle/schema.ts).
const drizzleTester = typedRuleTester(join(fixturesDir, 'drizzle'));
/** Test code in a file `up` folders below the fixtures (for the file globs). */
const d = (body: string, up = './') => `import { eq } from 'drizzle-orm';
import { db } from '${up}db';
import { consultations } from '${up}schema';
${body}`;

drizzleTester.run('require-owner-scope (contexts, Drizzle)', rule, {
  valid: [
    d(`import { Worker } from 'bullmq';
new Worker<{ id: string }>('reminders', async (job) => db.select().from(consultations).where(eq(consultations.id, job.data.id)), { connection: {} });`),
    d(`import Stripe from 'stripe';
declare const stripe: Stripe;
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature') ?? '', 'whsec_x');
  await db.delete(consultations).where(eq(consultations.id, event.id));
}`),
    { code: d('export const seed = () => db.select().from(consultations);', '../'), filename: 'scripts/seed.ts', settings: contexts({ system: ['scripts/**'] }) },
    { code: d('export const shared = (id: string) => db.select().from(consultations).where(eq(consultations.id, id));', '../../'), filename: 'app/share/route.ts', settings: contexts({ public: ['app/share/**'] }) },
  ],
  invalid: [
    (() => {
      const code = d(`export async function POST(req: Request) {
  const { id } = (await req.json()) as { id: string };
  return db.select().from(consultations).where(eq(consultations.id, id));
}`, '../');
      return { code, filename: 'app/route.ts', settings: contexts({ system: ['scripts/**'] }), errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
  ],
});
