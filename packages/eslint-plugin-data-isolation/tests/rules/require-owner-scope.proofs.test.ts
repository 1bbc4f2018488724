// How real code proves ownership inside a function: a read tied to the signed-in user that exits when
// nothing is found proves the id it looked up (and every field of the row it returned) for what follows;
// a membership lookup proves a tenant id from the request; ids taken from scoped rows are proven; and
// the guard matcher accepts the forms people write. Against Prisma's generated client, TypeORM's and
// Drizzle's published types.
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { fromRequest, missingOwner } from './orm-helpers';

// `session.user` is the signed-in user in every test here, so `strict` can tell proven from unknown.
const SETTINGS = { 'data-isolation': { principal: { expressions: ['session.user'] } } };
const ruleTester = typedRuleTester(fixturesDir, SETTINGS);
const strict = [{ reportUnverifiable: true }] as const;

const prisma = (body: string) => `import { PrismaClient } from '@prisma/client';
import { notFound } from 'next/navigation';
import type { Request } from 'express';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };
${body}`;

const CONSULTATION_OWNERS = '`patientId` or `clinicianId`';

/**
 * Prisma's `missingOwnerScope` on Consultation at the `nth` `operation`, with the two suggestions the rule
 * offers: each adds an owner to the `where` object of that query, whose text is `filter`.
 */
function missingConsultation(code: string, operation: string, filter: string, verb: 'return' | 'change', nth = 1) {
  const call = `${operation}({ where: ${filter}`;
  return {
    messageId: 'missingOwnerScope' as const,
    ...at(code, operation, nth),
    data: { model: 'Consultation', operation, owners: CONSULTATION_OWNERS, verb },
    suggestions: ['patientId', 'clinicianId'].map((owner) => ({
      messageId: 'addOwnerFilter' as const,
      data: { filter: `${owner}: session.user.id` },
      output: code.replace(call, `${operation}({ where: ${filter.slice(0, -2)}, ${owner}: session.user.id }`),
    })),
  };
}

ruleTester.run('require-owner-scope (ownership proofs, Prisma)', rule, {
  valid: [
    // a read tied to the user by a guard on its row (not by its filter) proves the id it looked up,
    // for another model owned through it (typebot: workspace checked by isWriteWorkspaceForbidden)
    {
      code: prisma(`declare function isWriteForbidden(c: { patientId: string }, user: { id: string }): boolean;
export async function list(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!c || isWriteForbidden(c, session.user)) throw new Error('forbidden');
  return prisma.recording.findMany({ where: { consultationId: req.params.id } });
}`),
      options: strict,
    },
    // a proven id scopes an owner path that runs through a relation to it (typebot: Log owned through
    // `result.typebotId`, after the typebot was checked)
    {
      code: prisma(`declare function isReadForbidden(t: { id: string }, user: { id: string }): boolean;
export async function list(req: Request) {
  const team = await prisma.team.findUnique({ where: { id: req.params.teamId } });
  if (!team || isReadForbidden(team, session.user)) throw new Error('forbidden');
  return prisma.membership.findMany({ where: { team: { id: req.params.teamId } } });
}`),
      options: strict,
      settings: { 'data-isolation': { ...SETTINGS['data-isolation'], models: { Membership: { owner: 'team.id' } } } },
    },
    // an access check whose name does not say which way it answers, read from its body (typebot's
    // misspelt `isReadWorkspaceFobidden`: `return false` for a member, `return true` at the end)
    {
      code: prisma(`function isReadFobidden(c: { patientId: string }, user: { id: string }) {
  if (c.patientId === user.id) return false;
  return true;
}
export async function get(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!c || isReadFobidden(c, session.user)) throw new Error('forbidden');
  return c;
}`),
      options: strict,
    },
    // the user's access level to the row, held in a const and compared with one of its values
    ...[
      `const level = accessLevel(session.user.id, c?.patientId);
  if (level === 'none' || !c) throw new Error('forbidden');`,
      `if (!c || (await roleIn(c.patientId, session.user)) !== Role.Owner) throw new Error('forbidden');`,
    ].map((guard) => ({
      code: prisma(`declare function accessLevel(userId: string, ownerId: string | undefined): 'none' | 'read' | 'write';
declare function roleIn(ownerId: string, user: { id: string }): Promise<string>;
declare const Role: { Owner: 'owner' };
export async function get(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  ${guard}
  return prisma.recording.findMany({ where: { consultationId: c.id } });
}`),
      options: strict,
    })),
    // 1. a scoped read that exits when nothing is found proves the id for writes and re-reads
    ...[
      `const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  if (!c) throw new Error('not found');`,
      `const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  if (c === null) return null;`,
      `const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  if (!c) notFound();`,
      `await prisma.consultation.findFirstOrThrow({ where: { id, clinicianId: session.user.id } });`,
      `const c = await prisma.consultation.findUniqueOrThrow({ where: { id, patientId: session.user.id } });`,
      `if (!(await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } }))) throw new Error('forbidden');`,
      `if ((await prisma.consultation.count({ where: { id, patientId: session.user.id } })) === 0) throw new Error('forbidden');
  const ok = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  if (!ok) throw new Error('forbidden');`,
    ].map((proof) => ({
      code: prisma(`export async function update(id: string) {
  ${proof}
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
  return prisma.consultation.findUnique({ where: { id } });
}`),
      options: strict,
    })),
    // … by the row's own id, and through a transaction callback
    {
      code: prisma(`export async function remove(id: string) {
  const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  if (!c) throw new Error('not found');
  await prisma.$transaction(async (tx) => {
    await tx.recording.deleteMany({ where: { consultationId: c.id } });
    await tx.consultation.delete({ where: { id: c.id } });
  });
}`),
      options: strict,
    },
    // 2. a foreign key from a scoped row: Recording's owner runs through `consultation`
    {
      code: prisma(`export async function recordings(consultationId: string) {
  const consultation = await prisma.consultation.findFirst({ where: { id: consultationId, patientId: session.user.id } });
  if (!consultation) throw new Error('not found');
  const byRow = await prisma.recording.findMany({ where: { consultationId: consultation.id } });
  const byId = await prisma.recording.findMany({ where: { consultationId } });
  return [byRow, byId];
}`),
      options: strict,
    },
    // ids of rows a scoped findMany returned: map, for…of, destructured
    {
      code: prisma(`export async function cleanup() {
  const mine = await prisma.consultation.findMany({ where: { patientId: session.user.id } });
  await prisma.recording.deleteMany({ where: { consultationId: { in: mine.map((c) => c.id) } } });
  await prisma.consultation.deleteMany({ where: { id: { in: mine.map(({ id }) => id) } } });
  for (const c of mine) await prisma.recording.deleteMany({ where: { consultationId: c.id } });
}`),
      options: strict,
    },
    // a row created for the signed-in user, then updated by its id
    {
      code: prisma(`export async function book() {
  const created = await prisma.consultation.create({ data: { id: 'c', patientId: session.user.id, clinicianId: 'd', startsAt: new Date() } });
  await prisma.recording.create({ data: { id: 'r', url: '', consultationId: created.id } });
  return prisma.consultation.update({ where: { id: created.id }, data: { startsAt: new Date() } });
}`),
      options: strict,
    },
    // 3. the guard matcher: the null check in its own if, then the comparison
    {
      code: prisma(`export async function show(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  if (c.patientId !== session.user.id) throw new Error('forbidden');
  return c;
}`),
    },
    // … through a boolean
    {
      code: prisma(`export async function show(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) return null;
  const isOwner = c.patientId === session.user.id || c.clinicianId === session.user.id;
  if (!isOwner) throw new Error('forbidden');
  return c;
}`),
    },
    // … held in an outer let
    {
      code: prisma(`export async function show(id: string) {
  let c;
  try {
    c = await prisma.consultation.findUnique({ where: { id } });
  } catch {
    throw new Error('db');
  }
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  return c;
}`),
    },
    // … every row of a list
    {
      code: prisma(`export async function many(ids: string[]) {
  const rows = await prisma.consultation.findMany({ where: { id: { in: ids } } });
  if (!rows.every((r) => r.patientId === session.user.id)) throw new Error('forbidden');
  return rows;
}`),
    },
    // … an access check given a field of the row and the user
    {
      code: prisma(`declare function canSee(patientId: string, userId: string): Promise<boolean>;
export async function show(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  if (!(await canSee(c.patientId, session.user.id))) throw new Error('forbidden');
  return c;
}`),
    },
    // … an access check that denies when true, given the row and the user, after a null check
    {
      code: prisma(`declare function isWriteForbidden(c: { patientId: string }, user: { id: string }): boolean;
export async function show(id: string) {
  const c = await prisma.consultation.findFirst({ where: { id }, select: { id: true, patientId: true } });
  if (!c || isWriteForbidden(c, session.user)) throw new Error('not found');
  return c;
}`),
      options: strict,
    },
    // … an assertion helper that says so and returns nothing
    {
      code: prisma(`declare function assertCanSee(patientId: string, user: { id: string }): Promise<void>;
export async function show(id: string) {
  const c = await prisma.consultation.findUniqueOrThrow({ where: { id } });
  await assertCanSee(c.patientId, session.user);
  return c;
}`),
      options: strict,
    },
    // … a guard on a relation loaded with the row
    {
      code: prisma(`export async function show(id: string) {
  const r = await prisma.recording.findUnique({ where: { id }, include: { consultation: true } });
  if (r?.consultation.patientId !== session.user.id) throw new Error('forbidden');
  return r;
}`),
      options: strict,
    },
    // … and the write by id after such a guard
    {
      code: prisma(`export async function remove(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  if (c.patientId !== session.user.id) throw new Error('forbidden');
  await prisma.consultation.delete({ where: { id } });
}`),
    },
    // 4. a tenant id from the request, proven by a membership lookup of the signed-in user
    {
      code: prisma(`export async function documents(req: Request) {
  const teamId = req.params.teamId;
  const member = await prisma.membership.findFirst({ where: { userId: session.user.id, teamId } });
  if (!member) throw new Error('forbidden');
  await prisma.document.create({ data: { id: 'd', teamId, title: '' } });
  return prisma.document.findMany({ where: { teamId } });
}`),
    },
    // … by its compound unique selector, with the row checked in its own if
    {
      code: prisma(`export async function documents(teamId: string) {
  const member = await prisma.membership.findUnique({ where: { userId_teamId: { userId: session.user.id, teamId } } });
  if (member === null) return [];
  return prisma.document.findMany({ where: { teamId } });
}`),
      options: strict,
    },
  ],
  invalid: [
    // a check that answers "allowed" when true (it ends in `return false`), in a test that throws when it holds
    (() => {
      const code = prisma(`function mayRead(c: { patientId: string }, user: { id: string }) {
  if (c.patientId === user.id) return true;
  return false;
}
export async function get(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!c || mayRead(c, session.user)) throw new Error('forbidden');
  return c;
}`);
      return { code, errors: [missingConsultation(code, 'findUnique', '{ id: req.params.id }', 'return')] };
    })(),
    // an access level computed without the row decides nothing about it
    (() => {
      const code = prisma(`declare function accessLevel(userId: string, ownerId: string | undefined): 'none' | 'read' | 'write';
export async function get(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  const level = accessLevel(session.user.id, 'x');
  if (level === 'none' || !c) throw new Error('forbidden');
  return c;
}`);
      return { code, errors: [missingConsultation(code, 'findUnique', '{ id: req.params.id }', 'return')] };
    })(),
    // a read that does not exit when nothing is found proves nothing
    (() => {
      const code = prisma(`export async function update({ id }: { id: string }) {
  const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
  console.log(c);
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
}`);
      return { code, errors: [missingConsultation(code, 'update', '{ id }', 'change', 2)] };
    })(),
    // a read that is not tied to the user proves nothing, even with an exit
    (() => {
      const code = prisma(`export async function update({ id }: { id: string }) {
  const c = await prisma.consultation.findFirst({ where: { id } });
  if (!c) throw new Error('not found');
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
}`);
      return {
        code,
        errors: [missingConsultation(code, 'findFirst', '{ id }', 'return'), missingConsultation(code, 'update', '{ id }', 'change', 2)],
      };
    })(),
    // the proof is for another id
    (() => {
      const code = prisma(`export async function update({ id, other }: { id: string; other: string }) {
  await prisma.consultation.findFirstOrThrow({ where: { id, patientId: session.user.id } });
  await prisma.consultation.update({ where: { id: other }, data: { startsAt: new Date() } });
}`);
      return { code, errors: [missingConsultation(code, 'update', '{ id: other }', 'change', 2)] };
    })(),
    // a proof that comes after the query does not count
    (() => {
      const code = prisma(`export async function update({ id }: { id: string }) {
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
  await prisma.consultation.findFirstOrThrow({ where: { id, patientId: session.user.id } });
}`);
      return { code, errors: [missingConsultation(code, 'update', '{ id }', 'change', 2)] };
    })(),
    // a value reassigned after the proof is not proven
    (() => {
      const code = prisma(`export async function update({ input, next }: { input: string; next: string }) {
  let id = input;
  await prisma.consultation.findFirstOrThrow({ where: { id, patientId: session.user.id } });
  id = next;
  await prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
}`);
      return { code, errors: [missingConsultation(code, 'update', '{ id }', 'change', 2)] };
    })(),
    // a membership lookup by another user does not prove the tenant id
    (() => {
      const code = prisma(`export async function documents(req: Request) {
  const teamId = req.params.teamId;
  const member = await prisma.membership.findFirst({ where: { userId: req.params.userId, teamId } });
  if (!member) throw new Error('forbidden');
  return prisma.document.findMany({ where: { teamId } });
}`);
      return { code, errors: [{ ...fromRequest(code, 'teamId } }', 'Document', 'findMany', 'teamId', '`req.params`', 'return'), ...at(code, 'teamId', 4) }] };
    })(),
    // ids of rows that were not scoped are not proven
    (() => {
      const code = prisma(`export async function cleanup(patientId: string) {
  const theirs = await prisma.consultation.findMany({ where: { startsAt: { gt: new Date() } } });
  await prisma.recording.deleteMany({ where: { consultationId: { in: theirs.map((c) => c.id) } } });
}`);
      return {
        code,
        errors: [
          missingConsultation(code, 'findMany', '{ startsAt: { gt: new Date() } }', 'return'),
          missingOwner(code, 'deleteMany', 'Recording', 'deleteMany', '`consultation.patientId`', 'change'),
        ].map((e, i) => (i === 0 ? e : { ...e, suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'consultation: { patientId: session.user.id }' }, output: code.replace('{ consultationId: { in: theirs.map((c) => c.id) } }', '{ consultationId: { in: theirs.map((c) => c.id) }, consultation: { patientId: session.user.id } }') }] })),
      };
    })(),
    // an access check that is not given the signed-in user does not count
    (() => {
      const code = prisma(`declare function isWriteForbidden(c: { patientId: string }, user: { id: string }): boolean;
export async function show(req: Request, { id }: { id: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || isWriteForbidden(c, { id: req.params.userId })) throw new Error('not found');
  return c;
}`);
      return { code, errors: [missingConsultation(code, 'findUnique', '{ id }', 'return')] };
    })(),
    // a guard on a boolean that compares with request input does not count
    (() => {
      const code = prisma(`export async function show(req: Request, { id }: { id: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  const isOwner = c.patientId === req.params.patientId;
  if (!isOwner) throw new Error('forbidden');
  return c;
}`);
      return { code, errors: [{ ...missingConsultation(code, 'findUnique', '{ id }', 'return') }] };
    })(),
  ],
});

// Where real code makes the check (dokploy, typebot): only when the id is present, on a parent read
// after the row, after other checks and exits that hand nothing of the row out, on a row of a model with
// no owner; and the foreign key of a checked row.
const presenceOther = prisma(`export async function list(req: Request) {
  const id = req.params.id;
  if (req.params.other) {
    const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
    if (!c) throw new Error('not found');
  }
  return prisma.recording.findMany({ where: { consultationId: id } });
}`);
const exitMentionsRow = prisma(`export async function close(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!c) throw new Error('not found');
  if (c.startsAt < new Date()) throw new Error(\`started: \${c.id}\`);
  if (c.patientId !== session.user.id) throw new Error('forbidden');
  return c;
}`);
const parentUnchecked = prisma(`export async function show(req: Request) {
  const r = await prisma.recording.findUnique({ where: { id: req.params.id } });
  if (!r) throw new Error('not found');
  const c = await prisma.consultation.findUnique({ where: { id: r.consultationId } });
  if (!c) throw new Error('not found');
  return r;
}`);
const memberByRequest = prisma(`export async function team(req: Request) {
  const m = await prisma.membership.findUnique({ where: { id: req.params.id } });
  if (!m || m.teamId !== req.params.teamId) throw new Error('forbidden');
  return prisma.team.findUnique({ where: { id: m.teamId } });
}`);
/** `missingOwnerScope` on Recording, with its one suggestion (through the consultation). */
function missingRecording(code: string, operation: string, filter: string, verb: 'return' | 'change') {
  return {
    ...missingOwner(code, operation, 'Recording', operation, '`consultation.patientId`', verb),
    suggestions: [
      {
        messageId: 'addOwnerFilter' as const,
        data: { filter: 'consultation: { patientId: session.user.id }' },
        output: code.replace(`${operation}({ where: ${filter}`, `${operation}({ where: ${filter.slice(0, -2)}, consultation: { patientId: session.user.id } }`),
      },
    ],
  };
}

// A read that `recommended` accepts where it is written proves what it returns, as far as it is accepted:
// one whose filter comes wholly from the function's parameters (its callers are checked) or cannot be read.
const leftToCallers = prisma(`export async function purge(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  await prisma.recording.deleteMany({ where: { consultationId: c.id } });
}`);

// A key of the one row a function reads by an id its callers pass (dokploy's removeCertificateById): the
// callers prove the id, and with it the row's keys. A row found by something other than its id is not theirs.
const keyOfCallersRow = (selector: string) => prisma(`export async function touch(key: string) {
  const r = await prisma.recording.findFirst({ where: { ${selector}: key } });
  if (!r) throw new Error('not found');
  await prisma.consultation.update({ where: { id: r.consultationId }, data: { startsAt: new Date() } });
}`);
const keyOfRowByUrl = keyOfCallersRow('url');
// The same row read through a helper of the module (which `recommended` leaves to the callers too).
const keyOfHelperRow = (selector: string) => prisma(`const getRecording = (key: string) => prisma.recording.findFirst({ where: { ${selector}: key } });
export async function touch(key: string) {
  const r = await getRecording(key);
  if (!r) throw new Error('not found');
  await prisma.consultation.update({ where: { id: r.consultationId }, data: { startsAt: new Date() } });
}`);
const keyOfHelperRowByUrl = keyOfHelperRow('url');
// A row read with its owner in the filter proves its keys where it is read: `strict` has nothing to say
// of the call given its key (only of the helper's own query by a parameter).
const keyOfOwnRow = prisma(`const touch = (id: string) => prisma.consultation.update({ where: { id }, data: { startsAt: new Date() } });
export async function refresh(recordingId: string) {
  const r = await prisma.recording.findFirst({ where: { id: recordingId, consultation: { patientId: session.user.id } } });
  if (!r) throw new Error('not found');
  return touch(r.consultationId);
}`);

ruleTester.run('require-owner-scope (ownership proofs where real code makes them, Prisma)', rule, {
  valid: [
    // the row read again by the id a check proved is the user's: its id scopes the recordings' relation
    {
      code: prisma(`export async function purge(req: Request) {
  const c = await prisma.consultation.findFirst({ where: { id: req.params.id, patientId: session.user.id } });
  if (!c) throw new Error('not found');
  const again = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!again) throw new Error('gone');
  return prisma.recording.deleteMany({ where: { consultationId: again.id } });
}`),
      options: strict,
    },
    leftToCallers,
    keyOfCallersRow('id'),
    keyOfHelperRow('id'),
    prisma(`import type { Prisma } from '@prisma/client';
export async function archive({ filter }: { filter?: Omit<Prisma.ConsultationWhereInput, 'patientId'> & { patientId: string } }) {
  const rows = await prisma.consultation.findMany({ where: { ...filter, OR: [{ startsAt: { gt: new Date() } }, { startsAt: { lt: new Date(0) } }] }, take: 100 });
  await prisma.recording.deleteMany({ where: { consultationId: { in: rows.map((r) => r.id) } } });
}`),
    // `if (id) { …scoped read that exits… }`: past the `if`, `id` is absent or proven
    {
      code: prisma(`export async function list(id: string) {
  if (id) {
    const c = await prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });
    if (!c) throw new Error('not found');
  }
  return prisma.recording.findMany({ where: { consultationId: id } });
}`),
      options: strict,
    },
    // the foreign key of a row checked against the user selects the row it points at
    {
      code: prisma(`export async function touch(id: string) {
  const r = await prisma.recording.findUnique({ where: { id }, include: { consultation: true } });
  if (!r || r.consultation.patientId !== session.user.id) throw new Error('forbidden');
  return prisma.consultation.update({ where: { id: r.consultationId }, data: { startsAt: new Date() } });
}`),
      options: strict,
    },
    // a row read before its parent, the parent then checked: the row's owner path runs through it
    {
      code: prisma(`export async function show(id: string) {
  const r = await prisma.recording.findUnique({ where: { id } });
  if (!r) throw new Error('not found');
  const c = await prisma.consultation.findUnique({ where: { id: r.consultationId } });
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  return r;
}`),
      options: strict,
    },
    // a check call given the row's id and an exit on a field of the row hand nothing of it out: the
    // guard after them still comes first
    {
      code: prisma(`declare function checkAccess(ctx: unknown, id: string, action: string): Promise<void>;
export async function close(ctx: unknown, id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c) throw new Error('not found');
  await checkAccess(ctx, c.id, 'write');
  if (c.startsAt < new Date()) throw new Error('already started');
  if (c.patientId !== session.user.id) throw new Error('forbidden');
  return c;
}`),
      options: strict,
    },
    // a row of a model with no owner (Membership) compared with the signed-in user: its foreign key
    // points at a team of theirs
    {
      code: prisma(`export async function team(id: string) {
  const m = await prisma.membership.findUnique({ where: { id } });
  if (!m || m.userId !== session.user.id) throw new Error('forbidden');
  return prisma.team.findUnique({ where: { id: m.teamId } });
}`),
      options: strict,
    },
  ],
  invalid: [
    // `strict` reports the read as unverifiable here, and what it proves with it
    {
      code: leftToCallers,
      options: strict,
      errors: [
        { messageId: 'unverifiableScope', ...at(leftToCallers, 'findUnique'), data: { model: 'Consultation', operation: 'findUnique', verb: 'return', fields: CONSULTATION_OWNERS } },
        // `c.id` is a key of the one row the callers' `id` selects: as much theirs to prove as `id`
        { messageId: 'unverifiableScope', ...at(leftToCallers, 'deleteMany'), data: { model: 'Recording', operation: 'deleteMany', verb: 'change', fields: '`consultation.patientId`' } },
      ],
    },
    // `strict`: the recording read and the consultation written by its key are both the callers' to prove
    {
      code: keyOfCallersRow('id'),
      options: strict,
      errors: [
        { messageId: 'unverifiableScope', ...at(keyOfCallersRow('id'), 'findFirst'), data: { model: 'Recording', operation: 'findFirst', verb: 'return', fields: '`consultation.patientId`' } },
        { messageId: 'unverifiableScope', ...at(keyOfCallersRow('id'), 'update'), data: { model: 'Consultation', operation: 'update', verb: 'change', fields: CONSULTATION_OWNERS } },
      ],
    },
    // the row found by its url, not by an id of the callers': its key is not theirs to prove
    {
      code: keyOfRowByUrl,
      options: strict,
      errors: [
        { messageId: 'unverifiableScope', ...at(keyOfRowByUrl, 'findFirst'), data: { model: 'Recording', operation: 'findFirst', verb: 'return', fields: '`consultation.patientId`' } },
        missingConsultation(keyOfRowByUrl, 'update', '{ id: r.consultationId }', 'change'),
      ],
    },
    { code: keyOfHelperRowByUrl, errors: [missingConsultation(keyOfHelperRowByUrl, 'update', '{ id: r.consultationId }', 'change')] },
    { code: keyOfOwnRow, options: strict, errors: [{ messageId: 'unverifiableScope', ...at(keyOfOwnRow, 'update'), data: { model: 'Consultation', operation: 'update', verb: 'change', fields: CONSULTATION_OWNERS } }] },
    // checked only when ANOTHER value is present: the id is not proven past the `if`
    { code: presenceOther, errors: [missingRecording(presenceOther, 'findMany', '{ consultationId: id }', 'return')] },
    // an exit that hands the row out (its id in the message) comes before the guard
    { code: exitMentionsRow, errors: [missingConsultation(exitMentionsRow, 'findUnique', '{ id: req.params.id }', 'return')] },
    // a parent read that is not checked ties neither row
    {
      code: parentUnchecked,
      errors: [
        missingRecording(parentUnchecked, 'findUnique', '{ id: req.params.id }', 'return'),
        missingConsultation(parentUnchecked, 'findUnique', '{ id: r.consultationId }', 'return', 2),
      ],
    },
    // a row of a model with no owner compared with a request value, not the user's
    {
      code: memberByRequest,
      errors: [
        {
          ...missingOwner(memberByRequest, 'findUnique', 'Team', 'findUnique', '`members.userId`', 'return', 2),
          suggestions: [
            {
              messageId: 'addOwnerFilter' as const,
              data: { filter: 'members: { some: { userId: session.user.id } }' },
              output: memberByRequest.replace('{ where: { id: m.teamId } }', '{ where: { id: m.teamId, members: { some: { userId: session.user.id } } } }'),
            },
          ],
        },
      ],
    },
  ],
});

// The same proofs on the other data layers: the analysis is shared.
const typeorm = typedRuleTester(join(fixturesDir, 'typeorm'), SETTINGS);
const t = (body: string) => `import { Repository } from 'typeorm';
import { Consultation, Recording } from './entities';
declare const repo: Repository<Consultation>;
declare const recordings: Repository<Recording>;
declare const session: { user: { id: string; clinicId: string } };
${body}`;

typeorm.run('require-owner-scope (ownership proofs, TypeORM)', rule, {
  valid: [
    t(`export async function remove(id: string) {
  const c = await repo.findOneBy({ id, patientId: session.user.id });
  if (!c) throw new Error('not found');
  await recordings.delete({ consultationId: c.id });
  await repo.delete({ id });
}`),
    t(`export async function remove(id: string) {
  await repo.findOneByOrFail({ id, clinicianId: session.user.id });
  await repo.update({ id }, { status: 'closed' });
}`),
  ],
  invalid: [
    (() => {
      const code = t(`export async function remove({ id }: { id: string }) {
  const c = await repo.findOneBy({ id, patientId: session.user.id });
  await repo.delete({ id });
}`);
      return { code, errors: [missingOwner(code, 'delete', 'Consultation', 'delete', CONSULTATION_OWNERS, 'change')] };
    })(),
  ],
});

const drizzle = typedRuleTester(join(fixturesDir, 'drizzle'), SETTINGS);
const d = (body: string) => `import { eq, and, inArray } from 'drizzle-orm';
import { db } from './db';
import { consultations, orders, items } from './schema';
declare const session: { user: { id: string; clinicId: string } };
${body}`;

drizzle.run('require-owner-scope (ownership proofs, Drizzle)', rule, {
  valid: [
    // a guard after select() into `const [row]`
    d(`export async function show(id: string) {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id));
  if (!row || row.patientId !== session.user.id) throw new Error('forbidden');
  return row;
}`),
    // a scoped first row proves the id, and the order's items by foreign key
    d(`export async function close(id: string) {
  const [order] = await db.select().from(orders).where(and(eq(orders.id, id), eq(orders.customerId, session.user.id)));
  if (!order) throw new Error('not found');
  await db.update(orders).set({ status: 'closed' }).where(eq(orders.id, id));
  return db.select().from(items).where(eq(items.orderId, order.id));
}`),
    // the foreign key of a row checked against the user (through its loaded relation) selects its parent
    d(`export async function reorder(id: string) {
  const item = await db.query.items.findFirst({ where: eq(items.id, id), with: { order: true } });
  if (!item || item.order.customerId !== session.user.id) throw new Error('forbidden');
  await db.update(orders).set({ status: 'reordered' }).where(eq(orders.id, item.orderId));
}`),
    // a row read before its parent, the parent then checked (and a check made only when the id is given)
    d(`export async function show({ id, orderId }: { id: string; orderId?: string }) {
  const [item] = await db.select().from(items).where(eq(items.id, id));
  if (!item) throw new Error('not found');
  const [order] = await db.select().from(orders).where(eq(orders.id, item.orderId));
  if (!order || order.customerId !== session.user.id) throw new Error('forbidden');
  if (orderId) {
    const [other] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.customerId, session.user.id)));
    if (!other) throw new Error('not found');
  }
  if (orderId) await db.update(orders).set({ status: 'merged' }).where(eq(orders.id, orderId));
  return item;
}`),
    d(`export async function items2() {
  const mine = await db.select().from(orders).where(eq(orders.customerId, session.user.id));
  return db.select().from(items).where(inArray(items.orderId, mine.map((o) => o.id)));
}`),
  ],
  invalid: [
    (() => {
      const code = d(`export async function close({ id }: { id: string }) {
  const [order] = await db.select().from(orders).where(eq(orders.id, id));
  if (!order) throw new Error('not found');
  await db.update(orders).set({ status: 'closed' }).where(eq(orders.id, id));
}`);
      return {
        code,
        errors: [
          missingOwner(code, 'select', 'orders', 'select', '`customerId`', 'return'),
          missingOwner(code, 'update', 'orders', 'update', '`customerId`', 'change'),
        ],
      };
    })(),
    // the row's foreign key proves nothing when the row was not checked
    (() => {
      const code = d(`export async function reorder({ id }: { id: string }) {
  const item = await db.query.items.findFirst({ where: eq(items.id, id), with: { order: true } });
  if (!item) throw new Error('not found');
  await db.update(orders).set({ status: 'reordered' }).where(eq(orders.id, item.orderId));
}`);
      return {
        code,
        errors: [
          missingOwner(code, 'findFirst', 'items', 'findFirst', '`order.customerId`', 'return'),
          missingOwner(code, 'update', 'orders', 'update', '`customerId`', 'change'),
        ],
      };
    })(),
  ],
});

void strict;

const kysely = typedRuleTester(join(fixturesDir, 'kysely'), SETTINGS);
const k = (body: string) => `import { db } from './db';
declare const session: { user: { id: string; clinicId: string } };
${body}`;

kysely.run('require-owner-scope (ownership proofs, Kysely)', rule, {
  valid: [
    // a guard after executeTakeFirst()
    k(`export async function show(id: string) {
  const row = await db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.patientId !== session.user.id) throw new Error('forbidden');
  return row;
}`),
    // a scoped first row (…OrThrow) proves the id for the write
    k(`export async function close(id: string) {
  await db.selectFrom('consultation').select('id').where('id', '=', id).where('clinicianId', '=', session.user.id).executeTakeFirstOrThrow();
  await db.updateTable('consultation').set({ status: 'closed' }).where('id', '=', id).execute();
}`),
  ],
  invalid: [
    (() => {
      const code = k(`export async function close({ id }: { id: string }) {
  await db.selectFrom('consultation').select('id').where('id', '=', id).executeTakeFirstOrThrow();
  await db.updateTable('consultation').set({ status: 'closed' }).where('id', '=', id).execute();
}`);
      return {
        code,
        errors: [
          missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', CONSULTATION_OWNERS, 'return'),
          missingOwner(code, 'updateTable', 'consultation', 'updateTable', CONSULTATION_OWNERS, 'change'),
        ],
      };
    })(),
  ],
});

// Shapes of typebot's handlers: a branch on a field of the row before its guard, an access check given
// the user rebuilt from their id, and filters whose owner part is skipped only for the privileged.
const writeBeforeGuard = prisma(`export async function show(req: Request) {
  const c = await prisma.consultation.findFirst({ where: { id: req.params.id } });
  if (!c?.startsAt) await prisma.consultation.updateMany({ where: { id: req.params.id }, data: { startsAt: new Date() } });
  if (!c || c.patientId !== session.user.id) throw new Error('not found');
  return c;
}`);
// A batch: rows read by the ids the request names, each then looked up and checked in a loop.
const loopChecks = (check: string, after = '') => prisma(`declare function isForbidden(c: { patientId: string }, user: { id: string }): boolean;
export async function touch(req: Request) {
  const ids = String(req.query.ids).split(',');
  const rows = await prisma.consultation.findMany({ where: { id: { in: ids } } });
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    ${check}
  }${after}
  return rows;
}`);
const loopHandsOut = loopChecks("if (!row || isForbidden(row, session.user)) throw new Error('not found');", '\n  console.log(rows.length);');
const loopUnchecked = loopChecks('if (!row) throw new Error(`missing ${id}`);');
const folderByTeamName = prisma(`export async function list() {
  return prisma.folder.findMany({ where: { team: { name: 'ops' } } });
}`);
const skippedOnRequest = prisma(`export async function list(req: Request) {
  return prisma.consultation.findMany({ where: { OR: req.query.all ? undefined : [{ patientId: session.user.id }] } });
}`);
// a list whose name says nothing of privilege
const skippedForListed = prisma(`declare const env: { BETA_IDS: string[] };
export async function list() {
  return prisma.consultation.findMany({ where: { OR: env.BETA_IDS.includes(session.user.id) ? undefined : [{ patientId: session.user.id }] } });
}`);

ruleTester.run('require-owner-scope (ownership proofs: branches, rebuilt users, privileged filters)', rule, {
  valid: [
    // a branch on fields of the row that hands nothing of it out comes before the guard
    {
      code: prisma(`declare function sameDay(a: Date, b: Date): boolean;
export async function show(req: Request) {
  const c = await prisma.consultation.findFirst({ where: { id: req.params.id } });
  if (!c?.startsAt || !sameDay(c.startsAt, new Date())) console.info('stale');
  if (!c || c.patientId !== session.user.id) throw new Error('not found');
  return c;
}`),
      options: strict,
    },
    // a foreign-key owner (`teamId`) filtered through its relation by the target's own owner path
    {
      code: prisma(`export async function list() {
  return prisma.folder.findMany({ where: { team: { members: { some: { userId: session.user.id } } } } });
}`),
      options: strict,
    },
    // every row a loop looks up in the list is checked against the user before the list is used
    { code: loopChecks("if (!row || isForbidden(row, session.user)) throw new Error('not found');"), options: strict },
    // the user rebuilt from their id for an access check
    {
      code: prisma(`declare function isWriteForbidden(c: { patientId: string }, user: { id: string }): boolean;
export async function show(req: Request) {
  const c = await prisma.consultation.findUnique({ where: { id: req.params.id } });
  if (!c || isWriteForbidden(c, { id: session.user.id })) throw new Error('not found');
  return c;
}`),
      options: strict,
    },
    // the owner filter skipped only for the users on the admins' list
    {
      code: prisma(`declare const env: { ADMIN_IDS: string[] };
export async function list() {
  return prisma.consultation.findMany({ where: { OR: env.ADMIN_IDS.includes(session.user.id) ? undefined : [{ patientId: session.user.id }, { clinicianId: session.user.id }] } });
}`),
      options: strict,
    },
    {
      code: prisma(`declare const env: { ADMIN_IDS: string[] };
export async function list() {
  return prisma.consultation.findMany({ where: session.user.id && env.ADMIN_IDS.some((a) => a === session.user.id) ? {} : { patientId: session.user.id } });
}`),
      options: strict,
    },
  ],
  invalid: [
    // the write in that branch runs before the guard: it is reported, the guarded read is not
    { code: writeBeforeGuard, errors: [missingConsultation(writeBeforeGuard, 'updateMany', '{ id: req.params.id }', 'change')] },
    // a loop that only checks presence; a use of the list before the loop's checks
    { code: loopUnchecked, errors: [missingConsultation(loopUnchecked, 'findMany', '{ id: { in: ids } }', 'return')] },
    { code: loopHandsOut.replace('  for (const id', '  console.log(rows.length);\n  for (const id'), errors: [missingConsultation(loopHandsOut.replace('  for (const id', '  console.log(rows.length);\n  for (const id'), 'findMany', '{ id: { in: ids } }', 'return')] },
    // a filter on the team that restricts nothing of whose it is
    {
      code: folderByTeamName,
      errors: [
        {
          ...missingOwner(folderByTeamName, 'findMany', 'Folder', 'findMany', '`teamId`', 'return'),
          suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'teamId: session.user.id' }, output: folderByTeamName.replace("{ team: { name: 'ops' } }", "{ team: { name: 'ops' }, teamId: session.user.id }") }],
        },
      ],
    },
    // skipped on a flag the request sets: not for the privileged
    { code: skippedOnRequest, errors: [missingConsultation(skippedOnRequest, 'findMany', '{ OR: req.query.all ? undefined : [{ patientId: session.user.id }] }', 'return')] },
    { code: skippedForListed, options: strict, errors: [missingConsultation(skippedForListed, 'findMany', '{ OR: env.BETA_IDS.includes(session.user.id) ? undefined : [{ patientId: session.user.id }] }', 'return')] },
  ],
});

// Lists read unfiltered and then filtered in code (dokploy's git providers, typebot's linked typebots):
// only the user's rows go on when every use of the list is a filter whose test is true only for them.
const upcoming = (rest: string) => prisma(`export async function list() {
  let rows = await prisma.consultation.findMany({ where: { startsAt: { gte: new Date() } } });
${rest}
}`);
const keptAll = upcoming(`  const mine = rows.filter((r) => r.patientId === session.user.id);
  return { mine, all: rows };`);
const filteredByDate = upcoming('  return rows.filter((r) => r.startsAt > new Date());');
const ownerOrDate = upcoming('  rows = rows.filter((r) => r.patientId === session.user.id || r.startsAt > new Date());\n  return rows;');
const exitOnDate = upcoming("  if (rows.some((r) => r.startsAt < new Date())) throw new Error('stale');\n  return rows;");
// Each row checked by an async access check, then only the rows that pass kept (typebot's linked typebots).
const checkedOneByOne = (keep: string, after = '') => prisma(`declare function isReadForbidden(c: { patientId: string }, user: { id: string }): Promise<boolean>;
export async function linked(req: Request) {
  const rows = await prisma.consultation.findMany({ where: { id: { in: String(req.query.ids).split(',') } } });
  const checks = await Promise.all(rows.map(async (row) => ({ row, forbidden: await isReadForbidden(row, session.user) })));
  return checks${keep}.map(({ row }) => row);${after}
}`);
const keptForbidden = checkedOneByOne('.filter(({ forbidden }) => forbidden)');
const keptEvery = checkedOneByOne('');
const listAfterChecks = checkedOneByOne('.filter(({ forbidden }) => !forbidden)', '\n  return rows;');
const teamOfAnyMember = prisma(`export async function show(req: Request) {
  const team = await prisma.team.findUnique({ where: { id: req.params.id }, include: { members: true } });
  if (!team || !team.members.some((m) => m.userId !== session.user.id)) throw new Error('not found');
  return team;
}`);

ruleTester.run('require-owner-scope (ownership proofs: lists filtered in code)', rule, {
  valid: [
    // the list replaced by its filtered self
    { code: upcoming('  rows = rows.filter((r) => r.patientId === session.user.id && r.startsAt > new Date());\n  return rows;'), options: strict },
    // only the filtered list is used, the callback a block
    { code: upcoming('  return rows.filter((r) => {\n    return r.clinicianId === session.user.id;\n  });'), options: strict },
    { code: upcoming('  const mine = rows.filter((r) => r.patientId === session.user.id).map((r) => r.id);\n  return mine;'), options: strict },
    // an exit when any row is someone else's: past it, every row is the user's
    {
      code: prisma(`export async function many(req: Request) {
  const rows = await prisma.consultation.findMany({ where: { id: { in: String(req.query.ids).split(',') } } });
  if (rows.some((r) => r.patientId !== session.user.id)) throw new Error('forbidden');
  return rows;
}`),
      options: strict,
    },
    // each row checked one by one (an async check in Promise.all), only those that pass kept
    { code: checkedOneByOne('.filter(({ forbidden }) => !forbidden)'), options: strict },
    { code: checkedOneByOne('.filter((c) => !c.forbidden)'), options: strict },
    // a to-many relation loaded with the row, checked for the user (Team's owner path `members.userId`)
    {
      code: prisma(`export async function show(req: Request) {
  const team = await prisma.team.findUnique({ where: { id: req.params.id }, include: { members: true } });
  if (!team || !team.members.some((m) => m.userId === session.user.id)) throw new Error('not found');
  return team;
}`),
      options: strict,
    },
  ],
  invalid: [
    // the unfiltered list is handed out too
    { code: keptAll, errors: [missingConsultation(keptAll, 'findMany', '{ startsAt: { gte: new Date() } }', 'return')] },
    // a filter that keeps rows by something other than whose they are
    { code: filteredByDate, errors: [missingConsultation(filteredByDate, 'findMany', '{ startsAt: { gte: new Date() } }', 'return')] },
    { code: ownerOrDate, errors: [missingConsultation(ownerOrDate, 'findMany', '{ startsAt: { gte: new Date() } }', 'return')] },
    { code: exitOnDate, errors: [missingConsultation(exitOnDate, 'findMany', '{ startsAt: { gte: new Date() } }', 'return')] },
    // the checks kept the wrong way round, not used to filter at all, or the list used again after them
    { code: keptForbidden, errors: [missingConsultation(keptForbidden, 'findMany', "{ id: { in: String(req.query.ids).split(',') } }", 'return')] },
    { code: keptEvery, errors: [missingConsultation(keptEvery, 'findMany', "{ id: { in: String(req.query.ids).split(',') } }", 'return')] },
    { code: listAfterChecks, errors: [missingConsultation(listAfterChecks, 'findMany', "{ id: { in: String(req.query.ids).split(',') } }", 'return')] },
    // "some member is not the user" proves nothing
    {
      code: teamOfAnyMember,
      errors: [{ ...missingOwner(teamOfAnyMember, 'findUnique', 'Team', 'findUnique', '`members.userId`', 'return'), suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'members: { some: { userId: session.user.id } }' }, output: teamOfAnyMember.replace('{ id: req.params.id }, include', '{ id: req.params.id, members: { some: { userId: session.user.id } } }, include') }] }],
    },
  ],
});

// Prisma's `AND: conditions` with a list the code adds to; `OR:` with one is not read past what it was declared with.
const prismaCollected = (key: 'AND' | 'OR', init: string) => prisma(`export async function list(req: Request) {
  const conditions: Prisma.ConsultationWhereInput[] = [${init}];
  if (req.query.q) conditions.push({ startsAt: { gte: new Date(String(req.query.q)) } });
  return prisma.consultation.findMany({ where: { ${key}: conditions } });
}`).replace("import { PrismaClient } from '@prisma/client';", "import { PrismaClient, Prisma } from '@prisma/client';");
const orWidened = prismaCollected('OR', '{ patientId: session.user.id }');
ruleTester.run('require-owner-scope (ownership proofs: conditions collected in a list)', rule, {
  valid: [{ code: prismaCollected('AND', '{ patientId: session.user.id }'), options: strict }],
  invalid: [
    // the pushed alternative matches anyone's rows
    { code: orWidened, options: strict, errors: [{ messageId: 'unverifiableScope' as const, ...at(orWidened, 'findMany'), data: { operation: 'findMany', model: 'Consultation', fields: CONSULTATION_OWNERS } }] },
  ],
});

// A write that runs only when a tied read found its row (the upsert written by hand: typebot's theme
// templates), and a role looked up for the user that is `undefined` when they have none.
const byHand = (read: string, branch: string) => prisma(`export async function save(req: Request) {
  const existing = await prisma.consultation.findFirst({ where: ${read} });
  ${branch}
}`);
const CREATE = "prisma.consultation.create({ data: { id: req.params.id, patientId: session.user.id, clinicianId: 'c1', startsAt: new Date() } })";
const UPDATE = 'prisma.consultation.update({ where: { id: req.params.id }, data: { startsAt: new Date() } })';
const OWN = '{ id: req.params.id, patientId: session.user.id }';
const untiedRead = byHand('{ id: req.params.id }', `return existing ? ${UPDATE} : ${CREATE};`);
const updateWhenMissing = byHand(OWN, `return existing ? ${CREATE} : ${UPDATE};`);
const otherTested = byHand(OWN, `const other = await prisma.consultation.findFirst({ where: { id: req.params.id } });\n  if (other) await ${UPDATE};\n  return existing;`);
ruleTester.run('require-owner-scope (ownership proofs: a write only when the row was found)', rule, {
  valid: [
    { code: byHand(OWN, `return existing ? ${UPDATE} : ${CREATE};`), options: strict },
    { code: byHand(OWN, `if (existing) {\n    await ${UPDATE};\n  } else {\n    await ${CREATE};\n  }`), options: strict },
    { code: byHand(OWN, `if (existing != null) await ${UPDATE};`), options: strict },
    { code: byHand(OWN, `return existing && ${UPDATE};`), options: strict },
    {
      code: prisma(`declare function roleIn(userId: string, members: { userId: string }[] | undefined): 'admin' | 'member' | undefined;
export async function show(req: Request) {
  const team = await prisma.team.findUnique({ where: { id: req.params.id }, select: { members: true } });
  const role = roleIn(session.user.id, team?.members);
  if (!team || role === undefined) throw new Error('not found');
  return team;
}`),
      options: strict,
    },
  ],
  invalid: [
    // the read that found it is not tied to the user: both are reported
    { code: untiedRead, errors: [missingConsultation(untiedRead, 'findFirst', '{ id: req.params.id }', 'return'), missingConsultation(untiedRead, 'update', '{ id: req.params.id }', 'change')] },
    // the write in the branch where nothing was found
    { code: updateWhenMissing, errors: [missingConsultation(updateWhenMissing, 'update', '{ id: req.params.id }', 'change')] },
    // another row's presence
    { code: otherTested, errors: [missingConsultation(otherTested, 'findFirst', '{ id: req.params.id }', 'return', 2), missingConsultation(otherTested, 'update', '{ id: req.params.id }', 'change')] },
  ],
});

// A tenant id from the request that the code leaves without unless it is in a list the signed-in user
// holds (the organisations of a NextAuth or Clerk session).
const withClinics = (body: string) => `import { PrismaClient } from '@prisma/client';
import type { Request } from 'express';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicIds: string[]; clinics: { id: string }[] } };
declare const blocked: string[];
export async function list(req: Request) {
  const clinicId = String(req.query.clinicId);
${body}
  return prisma.invoice.findMany({ where: { clinicId } });
}`;
const inOtherList = withClinics("  if (!blocked.includes(clinicId)) throw new Error('forbidden');");
const listCheckedLater = withClinics("  console.log(clinicId);").replace('  return prisma.invoice.findMany({ where: { clinicId } });', "  const rows = await prisma.invoice.findMany({ where: { clinicId } });\n  if (!session.user.clinicIds.includes(clinicId)) throw new Error('forbidden');\n  return rows;");
// An allow-list a helper of the app computes from its queries for the signed-in user (dokploy's
// `getAccessibleServerIds(ctx.session)`), and one computed from nothing of the user's.
const HELPERS = `
async function accessibleClinicIds(user: { id: string }) {
  const rows = await prisma.membership.findMany({ where: { userId: user.id } });
  return new Set(rows.map((r) => r.teamId));
}
async function allClinicIds() {
  return new Set((await prisma.membership.findMany()).map((m) => m.teamId));
}
declare function idsOf(user: { id: string }): Set<string>;`;
const allowList = (body: string) => withClinics(body) + HELPERS;
const notTheUsers = allowList("  const ids = await allClinicIds();\n  if (!ids.has(clinicId)) throw new Error('forbidden');");
const notComputed = allowList("  const ids = idsOf(session.user);\n  if (!ids.has(clinicId)) throw new Error('forbidden');");
/** A row selected by an id the code checked against a list first. */
const byListedId = (check: string) => `import { PrismaClient } from '@prisma/client';
import type { Request } from 'express';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; consultationIds: string[] } };
export async function get(req: Request) {
  const consultationId = String(req.query.id);
${check}
  return prisma.consultation.findUnique({ where: { id: consultationId } });
}` + HELPERS;
const listedNotTheUsers = byListedId("  const ids = await allClinicIds();\n  if (!ids.has(consultationId)) throw new Error('forbidden');");
/** Rows selected by the ids of an allow-list. */
const byAllowList = (list: string, ids = '[...ids]') => `import { PrismaClient } from '@prisma/client';
declare const prisma: PrismaClient;
declare const session: { user: { id: string } };
export async function list() {
  const ids = await ${list};
  return prisma.consultation.findMany({ where: { id: { in: ${ids} } } });
}` + HELPERS;
const allowListNotTheUsers = byAllowList('allClinicIds()');
const otherPresent = allowList("  if (req.query.other) {\n    const ids = await accessibleClinicIds(session.user);\n    if (!ids.has(clinicId)) throw new Error('forbidden');\n  }");
/** `ownerFromRequest` at the shorthand `clinicId` of the query's `where`. */
const fromQuery = (code: string) => {
  const error = fromRequest(code, 'clinicId }', 'Invoice', 'findMany', 'clinicId', '`req.query`', 'return');
  return { ...error, endColumn: error.column + 'clinicId'.length };
};
ruleTester.run("require-owner-scope (ownership proofs: a value in the signed-in user's own list)", rule, {
  valid: [
    { code: withClinics("  if (!session.user.clinicIds.includes(clinicId)) throw new Error('forbidden');"), options: strict },
    { code: withClinics("  if (!session.user.clinics.some((c) => c.id === clinicId)) return null;"), options: strict },
    { code: withClinics("  if (!clinicId || !session.user.clinicIds.includes(clinicId)) throw new Error('forbidden');") },
    // an allow-list computed for the user by a helper that queries; also checked only when the value is present
    { code: allowList("  const ids = await accessibleClinicIds(session.user);\n  if (!ids.has(clinicId)) throw new Error('forbidden');") },
    { code: allowList("  if (clinicId) {\n    const ids = await accessibleClinicIds(session.user);\n    if (!ids.has(clinicId)) throw new Error('forbidden');\n  }") },
    // the row selected by an id in the user's list (the session's, or an allow-list computed for them)
    { code: byListedId("  if (!session.user.consultationIds.includes(consultationId)) throw new Error('forbidden');"), options: strict },
    { code: byListedId("  const ids = await accessibleClinicIds(session.user);\n  if (!ids.has(consultationId)) throw new Error('forbidden');") },
    // … and the rows selected by the ids of such an allow-list (dokploy's `inArray(gitProvider.gitProviderId, [...accessibleIds])`)
    { code: byAllowList('accessibleClinicIds(session.user)') },
    { code: byAllowList('accessibleClinicIds(session.user)', 'Array.from(ids)') },
  ],
  invalid: [
    // a list that is not the user's; a check after the query
    { code: inOtherList, errors: [fromQuery(inOtherList)] },
    { code: listCheckedLater, errors: [fromQuery(listCheckedLater)] },
    // a list computed without the user, or by a function that runs no query; a check made under another value's presence
    { code: notTheUsers, errors: [fromQuery(notTheUsers)] },
    { code: notComputed, errors: [fromQuery(notComputed)] },
    { code: otherPresent, errors: [fromQuery(otherPresent)] },
    { code: listedNotTheUsers, errors: [missingConsultation(listedNotTheUsers, 'findUnique', '{ id: consultationId }', 'return')] },
    { code: allowListNotTheUsers, errors: [missingConsultation(allowListNotTheUsers, 'findMany', '{ id: { in: [...ids] } }', 'return')] },
  ],
});

// A branch taken only without a parameter (typebot's fetchLinkedTypebots: `where: user ? { AND: [ids,
// canReadTypebots(ids, user)] } : { id: { in: ids } }`): never taken when every call of the function passes a
// value for it whose type has neither `undefined` nor `null`; at one call of a helper, when that call does.
const withOptionalUser = (calls: string) => prisma(`async function linked(groups: { ids: string[] }[], user?: { id: string }) {
  const ids = groups.flatMap((g) => g.ids);
  return prisma.consultation.findMany({ where: user ? { AND: [{ id: { in: ids } }, { patientId: user.id }] } : { id: { in: ids } } });
}
export async function GET(req: Request, groups: { ids: string[] }[]) {
${calls}
}`);
const calledWithoutUser = withOptionalUser('  await linked(groups);\n  return linked(groups, session.user);');
const calledWithMaybeUser = withOptionalUser('  return linked(groups, req.query.me ? session.user : undefined);');
const byIds = (argument: string) => prisma(`async function byIds(ids: string[], patientId?: string) {
  return prisma.consultation.findMany({ where: patientId ? { id: { in: ids }, patientId } : { id: { in: ids } } });
}
export async function GET(req: Request) {
  return byIds(String(req.query.ids).split(','), ${argument});
}`);
const byIdsMaybe = byIds('session.user.id as string | undefined');
ruleTester.run('require-owner-scope (branches taken only without a parameter)', rule, {
  valid: [withOptionalUser('  return linked(groups, session.user);'), withOptionalUser('  const a = await linked(groups, session.user);\n  return [a, await linked([], { id: session.user.id })];'), byIds('session.user.id')],
  invalid: [
    // one call passes no user, or one that may be absent: the branch without it is taken
    { code: calledWithoutUser, errors: [{ ...missingConsultation(calledWithoutUser, 'findMany', '', 'return'), suggestions: [] }] },
    { code: calledWithMaybeUser, errors: [{ ...missingConsultation(calledWithMaybeUser, 'findMany', '', 'return'), suggestions: [] }] },
    // at the call of a helper: a value that may be absent
    { code: byIdsMaybe, errors: [{ messageId: 'helperMissingScope', ...at(byIdsMaybe, 'byIds', 2), data: { helper: 'byIds → consultation.findMany at file.ts:7', model: 'Consultation', verb: 'return', scope: 'owner', fields: CONSULTATION_OWNERS } }] },
  ],
});

// Rows a relation loaded with a proven row (typebot's `workspace.credentials` of a checked workspace):
// the user's when their model is owned by that row itself (Folder `@owner(teamId)` loaded as
// `team.folders`), not when it is owned by a field of it (Recording `@owner(consultation.patientId)` of a
// consultation found by its clinician). And a row held in a `let` that every assignment before the query
// proves the same way (typebot's fetchSelectItems). Where ids are generated unique across tables
// (`@default(cuid())` on Folder and ApiToken), the id of another of the user's rows selects nobody's.
const teamRequest = `declare const req: { params: { id: string; folderId: string; scope: string } };`;
const scopedTeam = (use: string) => prisma(`${teamRequest}
export async function PATCH() {
  const team = await prisma.team.findFirst({ where: { id: req.params.id, members: { some: { userId: session.user.id } } }, include: { folders: true } });
  if (!team) throw new Error('not found');
  ${use}
}`);
const heldInLet = (mine: string, theirs = 'team.folders.at(0)', use = 'if (f) await prisma.folder.update({ where: { id: f.id }, data: { name: "x" } });') => prisma(`${teamRequest}
export async function PATCH() {
  let f: { id: string } | null | undefined;
  if (req.params.scope === 'mine') {
    f = ${mine};
  } else {
    const team = await prisma.team.findFirst({ where: { id: req.params.id }, select: { members: { select: { userId: true } }, folders: { where: { id: req.params.folderId }, select: { id: true } } } });
    if (!team || !team.members.some((m) => m.userId === session.user.id)) throw new Error('forbidden');
    f = ${theirs};
  }
  ${use}
}`);
const folderOfMine = `await prisma.folder.findFirst({ where: { id: req.params.folderId, team: { members: { some: { userId: session.user.id } } } }, select: { id: true } })`;
const uncheckedTeam = prisma(`${teamRequest}
export async function PATCH() {
  const team = await prisma.team.findFirst({ where: { id: req.params.id }, include: { folders: true } });
  if (!team) throw new Error('not found');
  await prisma.folder.update({ where: { id: team.folders[0].id }, data: { name: 'x' } });
}`);
const recordingOfClinician = prisma(`${teamRequest}
export async function DELETE() {
  const c = await prisma.consultation.findFirst({ where: { id: req.params.id, clinicianId: session.user.id }, include: { recordings: true } });
  if (!c) throw new Error('not found');
  await prisma.recording.delete({ where: { id: c.recordings[0].id } });
}`);
const consultationOrFolder = heldInLet(`await prisma.consultation.findFirst({ where: { id: req.params.folderId, patientId: session.user.id }, select: { id: true } })`);
const tokenOrFolder = heldInLet(`await prisma.apiToken.findFirst({ where: { id: req.params.folderId, ownerId: session.user.id }, select: { id: true } })`);
const anyFolderOrTeams = heldInLet(`await prisma.folder.findFirst({ where: { id: req.params.folderId }, select: { id: true } })`);
const maybeNoFolder = heldInLet(folderOfMine, 'team.folders.at(0)', 'await prisma.folder.updateMany({ where: { id: f?.id }, data: { name: "x" } });');
const reassignedInLoop = prisma(`${teamRequest}
export async function PATCH(ids: string[]) {
  let f: { id: string } | undefined;
  const team = await prisma.team.findFirst({ where: { id: req.params.id, members: { some: { userId: session.user.id } } }, include: { folders: true } });
  if (!team) throw new Error('not found');
  f = team.folders[0];
  for (const id of ids) {
    await prisma.folder.update({ where: { id: f.id }, data: { name: 'x' } });
    f = (await prisma.folder.findFirst({ where: { id } })) ?? f;
  }
}`);
/** The one suggestion: `filter` added to the `where` written `where` (its first occurrence). */
const adds = (code: string, where: string, filter: string) => [{ messageId: 'addOwnerFilter' as const, data: { filter }, output: code.replace(`where: ${where}`, `where: ${where.slice(0, -2)}, ${filter} }`) }];
const FOLDER = (code: string, operation: string, verb: 'return' | 'change', where: string, nth = 1) => ({
  ...missingOwner(code, operation, 'Folder', operation, '`teamId`', verb, nth),
  suggestions: adds(code, where, 'teamId: session.user.id'),
});
ruleTester.run('require-owner-scope (ownership proofs: rows loaded with a proven row; a row held in a let)', rule, {
  valid: [
    scopedTeam(`await prisma.folder.update({ where: { id: team.folders[0].id }, data: { name: 'x' } });`),
    scopedTeam(`const f = team.folders.at(0);\n  if (f) await prisma.folder.delete({ where: { id: f.id } });`),
    scopedTeam(`await prisma.folder.updateMany({ where: { id: { in: team.folders.map((f) => f.id) } }, data: { name: 'x' } });`),
    // a team checked by a guard on its members, its folder picked by a nested where
    heldInLet(folderOfMine),
    heldInLet(folderOfMine, 'team.folders?.at(0)'),
    // the user's token: its cuid is no folder's but one made from it
    tokenOrFolder,
    prisma(`${teamRequest}
export async function DELETE() {
  const token = await prisma.apiToken.findFirst({ where: { ownerId: session.user.id } });
  if (!token) throw new Error('none');
  await prisma.folder.delete({ where: { id: token.id } });
}`),
  ],
  invalid: [
    // the team is nobody's in particular: its folders neither
    {
      code: uncheckedTeam,
      errors: [
        { ...missingOwner(uncheckedTeam, 'findFirst', 'Team', 'findFirst', '`members.userId`', 'return'), suggestions: adds(uncheckedTeam, '{ id: req.params.id }', 'members: { some: { userId: session.user.id } }') },
        FOLDER(uncheckedTeam, 'update', 'change', '{ id: team.folders[0].id }'),
      ],
    },
    // a recording is its patient's: the clinician's consultation does not make it theirs
    {
      code: recordingOfClinician,
      errors: [{ ...missingOwner(recordingOfClinician, 'delete', 'Recording', 'delete', '`consultation.patientId`', 'change'), suggestions: adds(recordingOfClinician, '{ id: c.recordings[0].id }', 'consultation: { patientId: session.user.id }') }],
    },
    // one assignment is a row of a model whose ids are not generated unique (a consultation's id may be a folder's), or nobody's
    { code: consultationOrFolder, errors: [FOLDER(consultationOrFolder, 'update', 'change', '{ id: f.id }')] },
    { code: anyFolderOrTeams, errors: [FOLDER(anyFolderOrTeams, 'findFirst', 'return', '{ id: req.params.folderId }'), FOLDER(anyFolderOrTeams, 'update', 'change', '{ id: f.id }')] },
    // `f?.id`: no row leaves the filter empty
    { code: maybeNoFolder, errors: [FOLDER(maybeNoFolder, 'updateMany', 'change', '{ id: f?.id }')] },
    // assigned again after the query, in a loop
    { code: reassignedInLoop, errors: [FOLDER(reassignedInLoop, 'update', 'change', '{ id: f.id }'), FOLDER(reassignedInLoop, 'findFirst', 'return', '{ id }', 2)] },
  ],
});
