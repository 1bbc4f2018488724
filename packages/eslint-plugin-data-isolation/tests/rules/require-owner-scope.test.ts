import rule from '../../src/rules/require-owner-scope';
import { at, typedRuleTester } from '../RuleTester';
import { RuleTester } from '@typescript-eslint/rule-tester';

const ruleTester = typedRuleTester();

/** Prisma Client from `prisma-client-js` (`@prisma/client`), and a signed-in session in scope. */
const js = (body: string) => `import { PrismaClient, Prisma } from '@prisma/client';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };
${body}`;

/** The same without any signed-in user in scope: no suggestion may be offered. */
const bare = (body: string) => `import { PrismaClient } from '@prisma/client';
declare const prisma: PrismaClient;
${body}`;

/** Prisma Client from the `prisma-client` generator with a custom output path. */
const next = (body: string) => `import { PrismaClient } from './generated/prisma/client';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };
${body}`;

function missing(code: string, needle: string, model: string, operation: string, owners: string, suggestions: { filter: string; output: string }[], nth = 1) {
  return {
    messageId: 'missingOwnerScope' as const,
    ...at(code, needle, nth),
    data: { model, operation, owners, verb: ['update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'upsert'].includes(operation) ? 'change' : 'return' },
    suggestions: suggestions.map((s) => ({ messageId: 'addOwnerFilter' as const, data: { filter: s.filter }, output: s.output })),
  };
}

const CONSULTATION_OWNERS = '`patientId` or `clinicianId`';

/** The suggestion that rewrites `from` (the first occurrence) into `to`, adding `filter`. */
const suggest = (code: string, from: string, to: string, filter: string) => ({
  messageId: 'addOwnerFilter' as const,
  data: { filter },
  output: code.replace(from, to),
});
const PATIENT = 'patientId: session.user.id';
const CLINICIAN = 'clinicianId: session.user.id';
const RECORDING_OWNER = 'consultation: { patientId: session.user.id }';

// -- the headline case, and every shape of delegate the checker can hand us --------------------------
const headline = js('prisma.recording.findMany({ where: { consultationId: "c1" } });');
const noArgs = js('prisma.consultation.findMany();');
const noWhere = js('prisma.consultation.findMany({ include: { recordings: true } });');
const emptyWhere = js('prisma.consultation.findFirst({ where: {} });');
const emptyArgs = js('prisma.consultation.count({});');

const subclass = js(`
class PrismaService extends PrismaClient {}
class RecordingsService {
  constructor(private readonly db: PrismaService) {}
  list({ consultationId }: { consultationId: string }) {
    return this.db.recording.findMany({ where: { consultationId } });
  }
}`);
const trpcCtx = js(`
function handler(ctx: { db: PrismaClient }) {
  return ctx.db.recording.findMany({ where: { consultationId: "c1" } });
}`);
const transaction = js(`
prisma.$transaction(async (tx) => {
  await tx.recording.deleteMany({ where: { consultationId: "c1" } });
});`);
const extended = js(`
const xprisma = prisma.$extends({ model: { recording: { async archived() { return 1; } } } });
xprisma.recording.findMany({ where: { consultationId: "c1" } });`);
const destructured = js(`
const { recording } = prisma;
recording.findMany({ where: { consultationId: "c1" } });`);
const parameter = js(`
function list(recordings: PrismaClient['recording'], { consultationId }: { consultationId: string }) {
  return recordings.findMany({ where: { consultationId } });
}`);
// Typed from their declarations (a class field, an arrow in a field, a module const of the client's
// type), and when the declared type is a union that names no model, from the narrowed type at the query.
const classField = js(`
class RecordingsService {
  private db = new PrismaClient();
  list({ consultationId }: { consultationId: string }) {
    return this.db.recording.findMany({ where: { consultationId } });
  }
}`);
const fieldArrow = js(`
class RecordingsService {
  constructor(private db: PrismaClient) {}
  list = ({ consultationId }: { consultationId: string }) => this.db.recording.findMany({ where: { consultationId } });
}`);
const moduleConst = js(`
const db = prisma;
export function list() {
  return db.recording.findMany({ where: { consultationId: "c1" } });
}`);
const constructedNext = next(`
const client = new PrismaClient({} as ConstructorParameters<typeof PrismaClient>[0]);
export const list = () => client.recording.findMany({ where: { consultationId: "c1" } });`);
const typeofAlias = js(`
const client = new PrismaClient();
type Db = typeof client;
export function list(db: Db, direct: typeof client) {
  return [db.recording.findMany({ where: { consultationId: "c1" } }), direct.consultation.findMany()];
}`);
const narrowed = js(`
function list(db: PrismaClient | { recording: Map<string, string> }) {
  if ('$connect' in db) return db.recording.findMany({ where: { consultationId: "c1" } });
}`);
const newGenerator = next('prisma.recording.findMany({ where: { consultationId: "c1" } });');
const untyped = js(`
declare const db: any;
db.recording.findMany({ where: { consultationId: "c1" } });`);

const recordingFix = (code: string) => code.replace(/(consultationId(?:: "c1")?) \}(?!:)/, '$1, consultation: { patientId: session.user.id } }');

ruleTester.run('require-owner-scope', rule, {
  valid: [
    // scoped: a top-level owner key, with each of several owners
    js('prisma.consultation.findMany({ where: { patientId: session.user.id } });'),
    js('prisma.consultation.findMany({ where: { clinicianId: session.user.id, startsAt: { gte: new Date() } } });'),
    // equals / in forms
    js('prisma.consultation.findMany({ where: { patientId: { equals: session.user.id } } });'),
    js('prisma.consultation.findMany({ where: { patientId: { in: [session.user.id] } } });'),
    // relation-path owner: direct and `is` forms, and the foreign key's relation (`patient: { id }`)
    js('prisma.recording.findMany({ where: { consultation: { patientId: session.user.id } } });'),
    js('prisma.recording.findMany({ where: { consultation: { is: { patientId: session.user.id } } } });'),
    js('prisma.recording.findMany({ where: { consultation: { patient: { id: session.user.id } } } });'),
    js('prisma.consultation.findMany({ where: { patient: { id: session.user.id } } });'),
    // owner through a list relation: `some` member is the user
    js('prisma.team.findMany({ where: { members: { some: { userId: session.user.id } } } });'),
    // AND: any scoped element scopes; object and array forms
    js('prisma.consultation.findMany({ where: { AND: [{ startsAt: { gte: new Date() } }, { patientId: session.user.id }] } });'),
    js('prisma.consultation.findMany({ where: { AND: { patientId: session.user.id } } });'),
    // OR: every branch scoped, each with a different owner
    js('prisma.consultation.findMany({ where: { OR: [{ patientId: session.user.id }, { clinicianId: session.user.id }] } });'),
    // OR inside a scoped AND
    js('prisma.consultation.findMany({ where: { patientId: session.user.id, OR: [{ id: "a" }, { id: "b" }] } });'),
    // spreads, helpers and variables resolved within the file
    js(`
function ownedBy(s: typeof session) { return { patientId: s.user.id }; }
prisma.consultation.findFirst({ where: { ...ownedBy(session), id: "c1" } });`),
    js(`
const ownedBy = (s: typeof session) => ({ clinicianId: s.user.id });
prisma.consultation.findMany({ where: ownedBy(session) });`),
    js(`
const where = { id: "c1", patientId: session.user.id };
prisma.consultation.findFirst({ where });`),
    js(`
const where: Prisma.ConsultationWhereInput = { patientId: session.user.id };
prisma.consultation.findMany({ where: where });`),
    js(`
const args = { where: { patientId: session.user.id } } satisfies Prisma.ConsultationFindManyArgs;
prisma.consultation.findMany(args);`),
    js(`
const scope = { patientId: session.user.id };
prisma.consultation.updateMany({ where: { ...scope }, data: { startsAt: new Date() } });`),
    // a helper from elsewhere whose declared return type requires the owner field
    js(`
declare function ownedBy(s: typeof session): { patientId: string };
prisma.consultation.findMany({ where: { ...ownedBy(session), startsAt: { gte: new Date() } } });`),
    js(`
declare function recordingScope(): { consultation: { patientId: string } };
prisma.recording.findMany({ where: recordingScope() });`),
    // compound unique selector that contains the owner (and the tenant beside it)
    js('prisma.prescription.findUnique({ where: { id_patientId: { id: "p1", patientId: session.user.id }, clinicId: session.user.clinicId } });'),
    // tenant-scoped model, and a model with both owner and tenant
    js('prisma.invoice.findMany({ where: { clinicId: session.user.clinicId } });'),
    js('prisma.prescription.findMany({ where: { patientId: session.user.id, clinicId: session.user.clinicId } });'),
    // a scoped root scopes its include/select of owned relations
    js('prisma.consultation.findMany({ where: { patientId: session.user.id }, include: { recordings: true } });'),
    js('prisma.consultation.findFirst({ where: { patientId: session.user.id }, select: { recordings: { select: { url: true } } } });'),
    // writes scoped
    js('prisma.recording.deleteMany({ where: { id: "r1", consultation: { patientId: session.user.id } } });'),
    js('prisma.consultation.update({ where: { id: "c1", patientId: session.user.id }, data: { startsAt: new Date() } });'),
    js('prisma.consultation.upsert({ where: { id: "c1", patientId: session.user.id }, create: { id: "c1", patientId: session.user.id, clinicianId: "d", startsAt: new Date() }, update: {} });'),
    // the scoped query inside an interactive transaction, and with the new generator
    js('prisma.$transaction(async (tx) => tx.recording.findMany({ where: { consultation: { patientId: session.user.id } } }));'),
    next('prisma.recording.findMany({ where: { consultation: { patientId: session.user.id } } });'),
    // public and unclassified models are not checked; create is not a filtered operation
    js('prisma.medication.findMany();'),
    js('prisma.auditLog.deleteMany();'),
    js('prisma.consultation.create({ data: { id: "c", patientId: session.user.id, clinicianId: "d", startsAt: new Date() } });'),
    // `.delete()` / `.findMany()` on things that are not Prisma delegates, whatever their names
    js('new Map<string, number>().delete("a");'),
    js(`
declare const http: { delete(url: string): Promise<void>; recording: { findMany(): void } };
http.delete("/recordings/1");
http.recording.findMany();`),
    js(`
const store = { consultation: { findMany: (_: unknown) => [] as string[] } };
store.consultation.findMany({});`),
    // a filter received from the caller cannot be read: accepted by default (reported with reportUnverifiable)
    js(`
function list(where: Prisma.ConsultationWhereInput) {
  return prisma.consultation.findMany({ where });
}`),
    // a const object changed after it was built is not trusted to be what its initialiser says
    js(`
const where: Prisma.ConsultationWhereInput = {};
where.patientId = session.user.id;
prisma.consultation.findMany({ where });`),
    // matching by name can be turned off for untyped clients
    {
      code: js(`
declare const db: any;
db.recording.findMany();`),
      options: [{ matchUntypedByName: false }],
    },
    // a property declared optional but narrowed at the query (the declared type only short-cuts "never undefined")
    js(`
declare const holder: { patient: { id?: string } };
if (!holder.patient.id) throw new Error('no patient');
prisma.consultation.findMany({ where: { patientId: holder.patient.id } });
prisma.consultation.findMany({ where: { patientId: holder.patient.id! } });`),
  ],
  invalid: [
    {
      code: headline,
      errors: [missing(headline, 'findMany', 'Recording', 'findMany', '`consultation.patientId`', [
        { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(headline) },
      ])],
    },
    {
      code: noArgs,
      errors: [missing(noArgs, 'findMany', 'Consultation', 'findMany', CONSULTATION_OWNERS, [
        { filter: 'patientId: session.user.id', output: noArgs.replace('findMany()', 'findMany({ where: { patientId: session.user.id } })') },
        { filter: 'clinicianId: session.user.id', output: noArgs.replace('findMany()', 'findMany({ where: { clinicianId: session.user.id } })') },
      ])],
    },
    {
      code: noWhere,
      errors: [missing(noWhere, 'findMany', 'Consultation', 'findMany', CONSULTATION_OWNERS, [
        { filter: 'patientId: session.user.id', output: noWhere.replace('{ include', '{ where: { patientId: session.user.id }, include') },
        { filter: 'clinicianId: session.user.id', output: noWhere.replace('{ include', '{ where: { clinicianId: session.user.id }, include') },
      ])],
    },
    {
      code: emptyWhere,
      errors: [missing(emptyWhere, 'findFirst', 'Consultation', 'findFirst', CONSULTATION_OWNERS, [
        { filter: 'patientId: session.user.id', output: emptyWhere.replace('where: {}', 'where: { patientId: session.user.id }') },
        { filter: 'clinicianId: session.user.id', output: emptyWhere.replace('where: {}', 'where: { clinicianId: session.user.id }') },
      ])],
    },
    {
      code: emptyArgs,
      errors: [missing(emptyArgs, 'count', 'Consultation', 'count', CONSULTATION_OWNERS, [
        { filter: 'patientId: session.user.id', output: emptyArgs.replace('count({})', 'count({ where: { patientId: session.user.id } })') },
        { filter: 'clinicianId: session.user.id', output: emptyArgs.replace('count({})', 'count({ where: { clinicianId: session.user.id } })') },
      ])],
    },
    // every way of getting a delegate is recognised by its type
    ...[subclass, trpcCtx, destructured, parameter, newGenerator, classField, fieldArrow, moduleConst, constructedNext, narrowed].map((code) => ({
      code,
      errors: [missing(code, 'findMany', 'Recording', 'findMany', '`consultation.patientId`', [
        { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(code) },
      ])],
    })),
    {
      code: typeofAlias,
      errors: [
        missing(typeofAlias, 'findMany', 'Recording', 'findMany', '`consultation.patientId`', [
          { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(typeofAlias) },
        ]),
        missing(typeofAlias, 'findMany', 'Consultation', 'findMany', CONSULTATION_OWNERS, [
          { filter: 'patientId: session.user.id', output: typeofAlias.replace('consultation.findMany()', 'consultation.findMany({ where: { patientId: session.user.id } })') },
          { filter: 'clinicianId: session.user.id', output: typeofAlias.replace('consultation.findMany()', 'consultation.findMany({ where: { clinicianId: session.user.id } })') },
        ], 2),
      ],
    },
    {
      code: extended,
      errors: [missing(extended, 'findMany', 'Recording', 'findMany', '`consultation.patientId`', [
        { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(extended) },
      ])],
    },
    {
      code: transaction,
      errors: [missing(transaction, 'deleteMany', 'Recording', 'deleteMany', '`consultation.patientId`', [
        { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(transaction) },
      ])],
    },
    // untyped client: matched by name, and the message says type information was missing
    {
      code: untyped,
      errors: [{
        messageId: 'missingOwnerScopeUntyped',
        ...at(untyped, 'findMany'),
        data: { model: 'Recording', operation: 'findMany', owners: '`consultation.patientId`', verb: 'return' },
        suggestions: [{ messageId: 'addOwnerFilter', data: { filter: 'consultation: { patientId: session.user.id }' }, output: recordingFix(untyped) }],
      }],
    },
    // no signed-in user in scope: reported, but no suggestion (we do not guess)
    {
      code: bare('prisma.consultation.findMany({ where: { id: "c1" } });'),
      errors: [{ messageId: 'missingOwnerScope', ...at(bare('prisma.consultation.findMany({ where: { id: "c1" } });'), 'findMany'), suggestions: [] }],
    },
    // OR with one unscoped branch: the branch is pointed at
    (() => {
      const code = js('prisma.consultation.findMany({ where: { OR: [{ patientId: session.user.id }, { startsAt: { gte: new Date() } }] } });');
      return { code, errors: [{ messageId: 'unscopedOrBranch' as const, ...at(code, '{ startsAt: { gte: new Date() } }'), data: { model: 'Consultation', scope: 'owner', fields: CONSULTATION_OWNERS, verb: 'return', affected: 'returned', operation: 'findMany' } }] };
    })(),
    // ... and on a write, the message says the rows are changed
    (() => {
      const code = js('prisma.consultation.deleteMany({ where: { OR: [{ clinicianId: session.user.id }, { id: "c1" }] } });');
      return { code, errors: [{ messageId: 'unscopedOrBranch' as const, ...at(code, '{ id: "c1" }'), data: { model: 'Consultation', scope: 'owner', fields: CONSULTATION_OWNERS, verb: 'change', affected: 'changed', operation: 'deleteMany' } }] };
    })(),
    // NOT never scopes; non-equality operators do not scope
    ...[
      { body: 'prisma.consultation.findMany({ where: { NOT: { patientId: session.user.id } } });', end: 'session.user.id } }', owners: [PATIENT, CLINICIAN] },
      // the suggestion does not add a key the filter already has
      { body: 'prisma.consultation.findMany({ where: { patientId: { not: session.user.id } } });', end: 'session.user.id } }', owners: [CLINICIAN] },
      { body: 'prisma.consultation.findMany({ where: { patientId: { contains: "a" } } });', end: '"a" } }', owners: [CLINICIAN] },
      { body: 'prisma.recording.findMany({ where: { consultation: { isNot: { patientId: session.user.id } } } });', end: '', owners: [] },
      { body: 'prisma.team.findMany({ where: { members: { every: { userId: session.user.id } } } });', end: '', owners: [] },
    ].map(({ body, end, owners }) => {
      const code = js(body);
      return {
        code,
        errors: [{
          messageId: 'missingOwnerScope' as const,
          ...at(code, 'findMany'),
          suggestions: owners.map((filter) => suggest(code, end, `${end.slice(0, -2)}, ${filter} }`, filter)),
        }],
      };
    }),
    // an unscoped variable or helper: no literal to add to, so no suggestion
    ...[
      'const where = { id: "c1" };\nprisma.consultation.findFirst({ where });',
      'function byId(id: string) { return { id }; }\nprisma.consultation.findFirst({ where: byId("c1") });',
      'declare const isAdmin: boolean;\nprisma.consultation.findFirst({ where: isAdmin ? { id: "c1" } : { id: "c1", patientId: session.user.id } });',
    ].map((body) => {
      const code = js(body);
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findFirst'), suggestions: [] }] };
    }),
    // a conditional spread scopes only one of its outcomes
    (() => {
      const code = js('declare const isAdmin: boolean;\nprisma.consultation.findFirst({ where: { ...(isAdmin ? {} : { patientId: session.user.id }), id: "c1" } });');
      return { code, errors: [{
        messageId: 'missingOwnerScope' as const, ...at(code, 'findFirst'),
        suggestions: [PATIENT, CLINICIAN].map((f) => suggest(code, 'id: "c1" }', `id: "c1", ${f} }`, f)),
      }] };
    })(),
    // an owner value that may be undefined: Prisma drops the filter
    (() => {
      const code = js('declare const maybe: string | undefined;\nprisma.consultation.findMany({ where: { patientId: maybe } });');
      return { code, errors: [{ messageId: 'possiblyUndefinedOwner' as const, ...at(code, 'maybe', 2), data: { field: 'patientId', operation: 'findMany', model: 'Consultation', verb: 'return', dropped: 'Prisma ignores a filter whose value is `undefined`' } }] };
    })(),
    // through a chain of declared members: the last one is optional
    (() => {
      const code = js('declare const holder: { patient: { id?: string } };\nprisma.consultation.findMany({ where: { patientId: holder.patient.id } });');
      return { code, errors: [{ messageId: 'possiblyUndefinedOwner' as const, ...at(code, 'holder.patient.id'), data: { field: 'patientId', operation: 'findMany', model: 'Consultation', verb: 'return', dropped: 'Prisma ignores a filter whose value is `undefined`' } }] };
    })(),
    // writes: the message says rows can be changed
    (() => {
      const code = js('prisma.consultation.delete({ where: { id: "c1" } });');
      return { code, errors: [missing(code, 'delete', 'Consultation', 'delete', CONSULTATION_OWNERS, [
        { filter: 'patientId: session.user.id', output: code.replace('id: "c1" }', 'id: "c1", patientId: session.user.id }') },
        { filter: 'clinicianId: session.user.id', output: code.replace('id: "c1" }', 'id: "c1", clinicianId: session.user.id }') },
      ])] };
    })(),
    ...['updateMany', 'updateManyAndReturn'].map((op) => {
      const code = js(`prisma.recording.${op}({ where: { consultationId: "c1" }, data: { url: "x" } });`);
      return { code, errors: [missing(code, op, 'Recording', op, '`consultation.patientId`', [
        { filter: 'consultation: { patientId: session.user.id }', output: recordingFix(code) },
      ])] };
    }),
    ...['findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'aggregate', 'upsert'].map((op) => {
      const args = op === 'upsert' ? '{ where: { id: "r1" }, create: { id: "r1", consultationId: "c", url: "u" }, update: {} }' : op === 'aggregate' ? '{ where: { id: "r1" }, _count: true }' : '{ where: { id: "r1" } }';
      const code = js(`prisma.recording.${op}(${args});`);
      return { code, errors: [missing(code, op, 'Recording', op, '`consultation.patientId`', [
        { filter: RECORDING_OWNER, output: code.replace('{ id: "r1" }', `{ id: "r1", ${RECORDING_OWNER} }`) },
      ])] };
    }),
    (() => {
      const code = js('prisma.recording.groupBy({ by: ["consultationId"], _count: true });');
      return { code, errors: [missing(code, 'groupBy', 'Recording', 'groupBy', '`consultation.patientId`', [
        { filter: RECORDING_OWNER, output: code.replace('{ by:', `{ where: { ${RECORDING_OWNER} }, by:`) },
      ])] };
    })(),
    // tenant-scoped: the tenant is required, and suggested from the user's own tenant
    (() => {
      const code = js('prisma.invoice.findMany({ where: { amount: { gt: 0 } } });');
      return { code, errors: [{
        messageId: 'missingTenantScope' as const, ...at(code, 'findMany'),
        data: { model: 'Invoice', operation: 'findMany', tenants: '`clinicId`', verb: 'return' },
        suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'clinicId: session.user.clinicId' }, output: code.replace('gt: 0 } }', 'gt: 0 }, clinicId: session.user.clinicId }') }],
      }] };
    })(),
    // a model with both owner and tenant needs both
    (() => {
      const code = js('prisma.prescription.findMany({ where: { patientId: session.user.id } });');
      return { code, errors: [{ messageId: 'missingTenantScope' as const, ...at(code, 'findMany'), suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'clinicId: session.user.clinicId' }, output: code.replace('session.user.id }', 'session.user.id, clinicId: session.user.clinicId }') }] }] };
    })(),
    (() => {
      const code = js('prisma.prescription.findMany({ where: { clinicId: session.user.clinicId } });');
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findMany'), suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'patientId: session.user.id' }, output: code.replace('clinicId } }', 'clinicId, patientId: session.user.id } }') }] }] };
    })(),
    // list-relation owner: the suggestion uses `some`
    (() => {
      const code = js('prisma.team.findMany({ where: { name: "a" } });');
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findMany'), suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'members: { some: { userId: session.user.id } }' }, output: code.replace('"a" }', '"a", members: { some: { userId: session.user.id } } }') }] }] };
    })(),
    // the principal found under other common names, by type
    (() => {
      const code = bare('function handler(ctx: { session: { user: { id: string } } }) {\n  return prisma.consultation.findMany({ where: { id: "c" } });\n}');
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findMany'), suggestions: [
        { messageId: 'addOwnerFilter' as const, data: { filter: 'patientId: ctx.session.user.id' }, output: code.replace('"c" }', '"c", patientId: ctx.session.user.id }') },
        { messageId: 'addOwnerFilter' as const, data: { filter: 'clinicianId: ctx.session.user.id' }, output: code.replace('"c" }', '"c", clinicianId: ctx.session.user.id }') },
      ] }] };
    })(),
    (() => {
      const code = bare('function handler(userId: string) {\n  return prisma.recording.findMany({ where: {} });\n}');
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findMany'), suggestions: [
        { messageId: 'addOwnerFilter' as const, data: { filter: 'consultation: { patientId: userId }' }, output: code.replace('where: {}', 'where: { consultation: { patientId: userId } }') },
      ] }] };
    })(),
    // a key already present is not duplicated by a suggestion
    (() => {
      const code = js('prisma.recording.findMany({ where: { consultation: { id: "c1" } } });');
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findMany'), suggestions: [] }] };
    })(),
    // strict: a filter that cannot be read is reported, saying why
    (() => {
      const code = js('function list(where: Prisma.ConsultationWhereInput) {\n  return prisma.consultation.findMany({ where });\n}');
      return { code, options: [{ reportUnverifiable: true }] as const, errors: [{ messageId: 'unverifiableScope' as const, ...at(code, 'findMany'), data: { operation: 'findMany', model: 'Consultation', fields: CONSULTATION_OWNERS, verb: 'return' } }] };
    })(),
    // two queries in one file: two findings
    (() => {
      const code = js('prisma.recording.findMany();\nprisma.consultation.count();');
      return { code, errors: [
        missing(code, 'findMany', 'Recording', 'findMany', '`consultation.patientId`', [
          { filter: RECORDING_OWNER, output: code.replace('findMany()', `findMany({ where: { ${RECORDING_OWNER} } })`) },
        ]),
        missing(code, 'count', 'Consultation', 'count', CONSULTATION_OWNERS, [PATIENT, CLINICIAN].map((f) => (
          { filter: f, output: code.replace('count()', `count({ where: { ${f} } })`) }
        ))),
      ] };
    })(),
  ],
});

// -- classification from settings, and configuration problems reported at the first query ------------
const settingsTester = typedRuleTester(undefined, {
  'data-isolation': { models: { Message: { owner: 'senderId' }, Recording: { public: 'anonymised research copies' } } },
});
settingsTester.run('require-owner-scope (settings)', rule, {
  valid: [
    js('prisma.message.findMany({ where: { senderId: session.user.id } });'),
    // settings replace the schema's annotation
    js('prisma.recording.findMany();'),
  ],
  invalid: [
    (() => {
      const code = js('prisma.message.findMany({ where: { body: "hi" } });');
      return { code, errors: [missing(code, 'findMany', 'Message', 'findMany', '`senderId`', [
        { filter: 'senderId: session.user.id', output: code.replace('"hi" }', '"hi", senderId: session.user.id }') },
      ])] };
    })(),
  ],
});

const invalidSettingsTester = typedRuleTester(undefined, {
  'data-isolation': { models: { Recordng: { owner: 'consultation.patientId' } } },
});
invalidSettingsTester.run('require-owner-scope (invalid settings)', rule, {
  valid: [
    // no query, nothing to say
    js('const n: number = 1;'),
  ],
  invalid: [
    (() => {
      const code = js('prisma.medication.findMany();\nprisma.medication.count();');
      return { code, errors: [{
        messageId: 'configProblem' as const,
        ...at(code, 'findMany'),
        data: { problem: 'settings["data-isolation"].models.Recordng names no model in schema.prisma; did you mean `Recording`?' },
      }] };
    })(),
  ],
});

const broken = (body: string) => ({ code: js(body), filename: 'broken/file.ts' });
/** A client whose types are not there (not generated yet, a partial monorepo checkout). */
const untypedBroken = (body: string) => ({ code: `declare const db: any;\n${body}`, filename: 'broken/file.ts' });
const BROKEN_SCHEMA = 'broken/schema.prisma:3: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum (the Prisma schema is invalid; run `prisma validate` and fix it).';
ruleTester.run('require-owner-scope (malformed schema)', rule, {
  valid: [
    // Nothing looks like a query: nowhere to say it.
    untypedBroken('db.consultation.anything(); db.findMany(); findMany();'),
    // No problem to report: an untyped call is no finding.
    `declare const db: any;\ndb.widget.findMany();`,
  ],
  invalid: [
    (() => {
      // The schema's own error reaches the user although no query could be matched, once per file.
      const { code, filename } = untypedBroken('db.consultation.anything();\ndb.consultation.findMany();\ndb.recording.findMany();');
      return { code, filename, errors: [{ messageId: 'configProblem' as const, ...at(code, 'findMany'), data: { problem: BROKEN_SCHEMA } }] };
    })(),
    (() => {
      const { code, filename } = broken('prisma.consultation.findMany();\nprisma.recording.findMany();');
      return { code, filename, errors: [{
        messageId: 'configProblem' as const,
        ...at(code, 'findMany'),
        data: { problem: 'broken/schema.prisma:3: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum (the Prisma schema is invalid; run `prisma validate` and fix it).' },
      }] };
    })(),
  ],
});

// -- zero configuration: owners inferred from a required relation to the principal model -------------
const inferringTester = typedRuleTester(undefined, { 'data-isolation': { infer: true } });
inferringTester.run('require-owner-scope (inferred owners)', rule, {
  valid: [js('prisma.membership.findMany({ where: { userId: session.user.id } });')],
  invalid: [
    (() => {
      const code = js('prisma.membership.findMany({ where: { teamId: "t1" } });');
      return { code, errors: [{
        messageId: 'missingInferredScope' as const,
        ...at(code, 'findMany'),
        data: { operation: 'findMany', model: 'Membership', verb: 'return', scope: 'owner', fields: '`userId`', inferredFrom: 'the required relation `user` to User', annotation: 'userId' },
        suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'userId: session.user.id' }, output: code.replace('"t1" }', '"t1", userId: session.user.id }') }],
      }] };
    })(),
  ],
});

// strict: an owner value of unknown origin does not hide a missing tenant on the same query
ruleTester.run('require-owner-scope (strict, owner and tenant)', rule, {
  valid: [],
  invalid: [
    (() => {
      const code = js('export function list({ patientId }: { patientId: string }) { return prisma.prescription.findMany({ where: { patientId } }); }');
      return { code, options: [{ reportUnverifiable: true }] as const, errors: [
        { messageId: 'missingTenantScope' as const, ...at(code, 'findMany'), suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'clinicId: session.user.clinicId' }, output: code.replace('{ patientId } }', '{ patientId, clinicId: session.user.clinicId } }') }] },
        { messageId: 'unverifiedOwnerValue' as const, ...at(code, 'patientId', 3) },
      ] };
    })(),
  ],
});

// a schema that parses but lacks the queried models: said once per model and file, never silent
ruleTester.run('require-owner-scope (stale schema)', rule, {
  valid: [],
  invalid: [
    (() => {
      const code = js('prisma.consultation.findMany();\nprisma.consultation.count();\nprisma.recording.findMany();');
      return {
        code,
        filename: 'stale/file.ts',
        errors: [
          { messageId: 'modelNotInSchema' as const, ...at(code, 'findMany'), data: { model: 'Consultation', schema: 'stale/schema.prisma' } },
          { messageId: 'modelNotInSchema' as const, ...at(code, 'findMany', 2), data: { model: 'Recording', schema: 'stale/schema.prisma' } },
        ],
      };
    })(),
  ],
});

// A `where` built by a helper whose declared return type is generic or an intersection: the owner is
// read from the call's INSTANTIATED return type. strict (`reportUnverifiable`) tells a proven scope from
// a filter that merely cannot be read, which `recommended` accepts.
const STRICT = [{ reportUnverifiable: true }] as const;
const HELPERS = `type User = { id: string };
declare function scoped<W>(where: W, user: User): W & { patientId: string };
declare function scopedLater<W>(where: W, user: User): Promise<W & { patientId: string }>;
declare function passThrough<W>(where: W, user: User): W;
type Owned<W, K extends string> = W & { [P in K]: string };
declare function owned<W, K extends string>(where: W, key: K, user: User): Owned<W, K>;
declare function narrowed(where: Prisma.ConsultationWhereInput, user: User): Prisma.ConsultationWhereInput & { patientId: string };
`;
const h = (body: string) => js(HELPERS + body);
const unverifiable = (code: string, model = 'Consultation', fields = CONSULTATION_OWNERS) => ({
  code,
  options: STRICT,
  errors: [{ messageId: 'unverifiableScope' as const, ...at(code, 'findMany'), data: { operation: 'findMany', model, fields, verb: 'return' } }],
});
ruleTester.run('require-owner-scope (where from a generic or intersection helper, Prisma)', rule, {
  valid: [
    { code: h("prisma.consultation.findMany({ where: scoped({ id: 'c1' }, session.user) });"), options: STRICT },
    // the owner key of an intersection with the where type is `string | (StringFilter & string)`: a string
    { code: h("prisma.consultation.findMany({ where: narrowed({ id: 'c1' }, session.user) });"), options: STRICT },
    { code: h("prisma.consultation.findMany({ where: owned({ id: 'c1' }, 'patientId', session.user) });"), options: STRICT },
    { code: h("export async function list() {\n  return prisma.consultation.findMany({ where: await scopedLater({ id: 'c1' }, session.user) });\n}"), options: STRICT },
    { code: h("const where = scoped({ id: 'c1' }, session.user);\nprisma.consultation.findMany({ where: { ...where, startsAt: { gte: new Date() } } });"), options: STRICT },
    // under a relation: the helper's type requires the relation's owner field
    { code: h("prisma.recording.findMany({ where: { consultation: scoped({ id: 'c1' }, session.user) } });"), options: STRICT },
    // recommended accepts a where it cannot read, as before
    h("prisma.consultation.findMany({ where: passThrough({ id: 'c1' }, session.user) });"),
  ],
  invalid: [
    // the same helpers, instantiated without the owner
    unverifiable(h("prisma.consultation.findMany({ where: passThrough({ id: 'c1' }, session.user) });")),
    unverifiable(h("prisma.consultation.findMany({ where: owned({ id: 'c1' }, 'startsAt', session.user) });")),
    unverifiable(h("prisma.recording.findMany({ where: { consultation: passThrough({ id: 'c1' }, session.user) } });"), 'Recording', '`consultation.patientId`'),
    // a key written after the spread replaces the owner it carried: that key's value decides
    (() => {
      const code = h("export function list(patientId: string) {\n  return prisma.consultation.findMany({ where: { ...scoped({ id: 'c1' }, session.user), patientId } });\n}");
      const last = code.split('patientId').length - 1;
      return { code, options: STRICT, errors: [{
        messageId: 'unverifiedOwnerValue' as const,
        ...at(code, 'patientId', last),
        data: { field: 'patientId', reason: '`patientId` is a function parameter', operation: 'findMany', model: 'Consultation' },
      }] };
    })(),
  ],
});

// ESLint without typed linting (typescript-eslint's parser, no projectService): no program, so one
// problem per file at its start says so and names the fix, where getParserServices would throw and
// end the whole run. Oxlint's JS plugins are the same case (tested with the real oxlint in test/e2e).
new RuleTester().run('require-owner-scope (no type information)', rule, {
  valid: [],
  invalid: [
    {
      code: js('prisma.recording.findMany({ where: { consultationId: "c1" } });\nprisma.consultation.delete({ where: { id: "c1" } });'),
      errors: [{ messageId: 'typeInformationMissing' as const, line: 1, column: 1 }],
    },
    {
      code: 'export const nothing = 1;',
      errors: [{ messageId: 'typeInformationMissing' as const, line: 1, column: 1 }],
    },
  ],
});
