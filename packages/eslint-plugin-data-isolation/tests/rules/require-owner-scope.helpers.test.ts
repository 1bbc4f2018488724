import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';

// `req.params` stands for request input here (as Express's or Next's would be recognised by their types).
const ruleTester = typedRuleTester(fixturesDir, { 'data-isolation': { untrusted: { expressions: ['req.params'] }, principal: { expressions: ['session.user'] } } });

/** A route module that calls the helpers of fixtures/helpers/consultations.ts. */
const route = (body: string) => `import { PrismaClient } from '@prisma/client';
import * as h from './helpers/consultations';
import { getConsultation, findConsultation, getOwnConsultation, canEditConsultation, getConsultationOrThrow, listConsultations, Consultations, ConsultationService, viaService, pingA, ListForPatientCommand, listForPatient } from './helpers/consultations';
declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };
declare const req: { params: { id: string; patientId: string } };
${body}`;

const HELPERS = 'helpers/consultations.ts';
const OWNERS = '`patientId` or `clinicianId`';

function missing(code: string, needle: string, helper: string, nth = 1) {
  return {
    messageId: 'helperMissingScope' as const,
    ...at(code, needle, nth),
    data: { helper, model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS },
  };
}

const unscopedCall = route(`export async function GET() { return getConsultation(req.params.id); }`);
const clauseCall = route(`export async function GET() { return findConsultation({ startsAt: new Date() }); }`);
const spreadCall = route(`export async function GET() { return listConsultations({ id: req.params.id }); }`);
const wrapperCall = route(`export async function GET() { return Consultations.get({ id: req.params.id }); }`);
const serviceCall = route(`export async function GET(service: ConsultationService) { return service.get(req.params.id); }`);
const twoLevels = route(`export async function GET() { return viaService(req.params.id); }`);
const cycle = route(`export async function GET() { return pingA(req.params.id); }`);
const fromRequest = route(`export async function GET() { return getOwnConsultation(req.params.id, req.params.patientId); }`);
// A command object built at the call: its field is the argument the constructor stores in it.
const commandFromRequest = route(`export async function GET() { return listForPatient(new ListForPatientCommand(req.params.patientId, 'open')); }`);
const commandFromSession = route(`export async function GET() { return listForPatient(new ListForPatientCommand(session.user.id, req.params.id)); }`);
const noProof = route(`export async function DELETE() {
  const id = req.params.id;
  await getConsultation(id);
  await prisma.consultation.delete({ where: { id } });
}`);
// The helper has the session, but its query is filtered by the owner the caller passes: the caller's to fix.
const fromRequestWithSession = route(`export async function GET() { return h.getForPatient(session, req.params.id, req.params.patientId); }`);
// A handler given the session passes its own parameter: the fix belongs in the handler, as for an inline query.
const handlerParameter = route(`export async function GET(user: { id: string }, id: string) { return getConsultation(id); }`);
const namespaced = route(`export async function GET() { return h.getConsultation(req.params.id); }`);
// Imported under another name: the helper is found by the name it is exported as.
const aliased = route(`import { getConsultation as fetchOne } from './helpers/consultations';
export async function GET() { return fetchOne(req.params.id); }`);
// A helper read checked in the caller proves the id for helper writes that follow, at every level.
const provenWrite = route(`export async function DELETE() {
  const c = await getConsultation(req.params.id);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  await h.removeConsultation(req.params.id);
  await h.archiveConsultation(c.id);
}`);
const unprovenWrite = route(`export async function DELETE() {
  const c = await getConsultation(req.params.id);
  await h.removeConsultation(req.params.id);
  await h.archiveConsultation(c!.id);
}`);
const writeFinding = (code: string, needle: string, helper: string) => ({
  messageId: 'helperMissingScope' as const,
  ...at(code, needle),
  data: { helper, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS },
});

ruleTester.run('require-owner-scope (helpers and data-access layers)', rule, {
  valid: [
    // the id the helper selects by is in an allow-list computed for the user (dokploy's getAccessibleServerIds)
    route(`async function accessible(user: { id: string }) {
  return new Set((await prisma.membership.findMany({ where: { userId: user.id } })).map((m) => m.teamId));
}
export async function GET() {
  const ids = await accessible(session.user);
  if (!ids.has(req.params.id)) throw new Error('forbidden');
  return getConsultation(req.params.id);
}`),
    // a generated file's functions (by their `@generated` / "code generated by" header) are not the app's helpers
    route(`import { GeneratedConsultations } from './helpers/generated';
export async function GET(gen: GeneratedConsultations) { return gen.fetchGenerated(req.params.id); }`),
    // the command's owner field is stored from the session (its other field, from the request, is not the owner)
    commandFromSession,
    provenWrite,
    // The owner is passed from the session.
    route(`export async function GET() { return getOwnConsultation(req.params.id, session.user.id); }`),
    route(`export async function GET() { return findConsultation({ id: req.params.id, patientId: session.user.id }); }`),
    route(`export async function GET() { return listConsultations({ patientId: session.user.id }); }`),
    route(`export async function GET() { return Consultations.get({ patientId: session.user.id }); }`),
    // A guard on the returned row counts.
    route(`export async function GET() {
  const consultation = await getConsultation(req.params.id);
  if (consultation?.patientId !== session.user.id) throw new Error('forbidden');
  return consultation;
}`),
    // An existence predicate used as `if (!ok) throw` proves the id for what follows.
    route(`export async function PATCH(consultationId: string) {
  if (!(await canEditConsultation(consultationId, session.user.id))) throw new Error('forbidden');
  await prisma.consultation.update({ where: { id: consultationId }, data: { startsAt: new Date() } });
}`),
    // A scoped read that throws when missing proves the id for what follows.
    route(`export async function DELETE(id: string) {
  await getConsultationOrThrow(id, session.user.id);
  await prisma.consultation.delete({ where: { id } });
}`),
    // A pass-through layer (its filter comes wholly from its parameters) is checked at its callers.
    route(`export function byId(id: string) { return getConsultation(id); }`),
    // The inner query of a helper whose filter comes wholly from its parameters: not reported by `recommended`.
    route(`export const byIdInline = (id: string) => prisma.consultation.findUnique({ where: { id } });`),
    // A helper given the session that leaves its query unscoped is reported at that query, in its own
    // file (where the fix goes), and not again at each caller.
    route(`export async function DELETE() { return h.cancelConsultation(session, req.params.id); }`),
    // A job (here declared in settings) that calls a helper: listed, not checked, like an inline query.
    {
      code: route(`export async function runNightly() { return findConsultation({ startsAt: new Date() }); }`),
      settings: { 'data-isolation': { untrusted: { expressions: ['req.params'] }, principal: { expressions: ['session.user'] }, contexts: { systemFunctions: ['runNightly'] } } },
    },
  ],
  invalid: [
    { code: unscopedCall, errors: [missing(unscopedCall, 'getConsultation', `getConsultation → consultation.findUnique at ${HELPERS}:5`, 3)] },
    { code: clauseCall, errors: [missing(clauseCall, 'findConsultation', `findConsultation → consultation.findFirst at ${HELPERS}:7`, 2)] },
    { code: spreadCall, errors: [missing(spreadCall, 'listConsultations', `listConsultations → consultation.findMany at ${HELPERS}:24`, 2)] },
    { code: wrapperCall, errors: [missing(wrapperCall, 'Consultations.get', `Consultations.get → consultation.findFirst at ${HELPERS}:29`)] },
    { code: serviceCall, errors: [missing(serviceCall, 'service.get', `service.get → this.repository.byId → consultation.findUnique at ${HELPERS}:35`)] },
    { code: twoLevels, errors: [missing(twoLevels, 'viaService', `viaService → getConsultation → consultation.findUnique at ${HELPERS}:5`, 2)] },
    { code: cycle, errors: [missing(cycle, 'pingA', `pingA → pingB → getConsultation → consultation.findUnique at ${HELPERS}:5`, 2)] },
    { code: handlerParameter, errors: [missing(handlerParameter, 'getConsultation', `getConsultation → consultation.findUnique at ${HELPERS}:5`, 3)] },
    { code: namespaced, errors: [missing(namespaced, 'h.getConsultation', `h.getConsultation → consultation.findUnique at ${HELPERS}:5`)] },
    { code: aliased, errors: [missing(aliased, 'fetchOne', `fetchOne → consultation.findUnique at ${HELPERS}:5`, 2)] },
    {
      code: unprovenWrite,
      errors: [
        missing(unprovenWrite, 'getConsultation', `getConsultation → consultation.findUnique at ${HELPERS}:5`, 3),
        writeFinding(unprovenWrite, 'h.removeConsultation', `h.removeConsultation → consultation.delete at ${HELPERS}:59`),
        writeFinding(unprovenWrite, 'h.archiveConsultation', `h.archiveConsultation → removeConsultation → consultation.delete at ${HELPERS}:59`),
      ],
    },
    {
      code: fromRequest,
      errors: [
        {
          messageId: 'helperOwnerFromRequest',
          ...at(fromRequest, 'getOwnConsultation', 2),
          data: { helper: `getOwnConsultation → consultation.findFirst at ${HELPERS}:10`, model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS, field: 'patientId', source: '`req.params`' },
        },
      ],
    },
    {
      code: commandFromRequest,
      errors: [
        {
          messageId: 'helperOwnerFromRequest',
          ...at(commandFromRequest, 'listForPatient', 2),
          data: { helper: `listForPatient → consultation.findMany at ${HELPERS}:83`, model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS, field: 'patientId', source: '`req.params`' },
        },
      ],
    },
    {
      code: fromRequestWithSession,
      errors: [
        {
          messageId: 'helperOwnerFromRequest',
          ...at(fromRequestWithSession, 'h.getForPatient'),
          data: { helper: `h.getForPatient → consultation.findFirst at ${HELPERS}:72`, model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS, field: 'patientId', source: '`req.params`' },
        },
      ],
    },
    // Without the proof, the write that follows is reported as before.
    { code: noProof, errors: [
      { messageId: 'helperMissingScope', line: 9 },
      {
        messageId: 'missingOwnerScope',
        line: 10,
        suggestions: ['patientId', 'clinicianId'].map((field) => ({
          messageId: 'addOwnerFilter' as const,
          data: { filter: `${field}: session.user.id` },
          output: noProof.replace('delete({ where: { id } })', `delete({ where: { id, ${field}: session.user.id } })`),
        })),
      },
    ] },
  ],
});

/** `strict`: the inner query that is left to its callers is reported as unverifiable; so is a call whose owner cannot be traced. */
const inline = route(`export const byIdInline = (id: string) => prisma.consultation.findUnique({ where: { id } });`);
const untraced = route(`export const mine = (userId: string) => getOwnConsultation(req.params.id, userId);`);
ruleTester.run('require-owner-scope (helpers, strict)', rule, {
  valid: [{ code: route(`export async function GET() { return getOwnConsultation(req.params.id, session.user.id); }`), options: [{ reportUnverifiable: true }] }],
  invalid: [
    {
      code: inline,
      options: [{ reportUnverifiable: true }],
      errors: [{ messageId: 'unverifiableScope', ...at(inline, 'findUnique'), data: { operation: 'findUnique', model: 'Consultation', verb: 'return', fields: OWNERS } }],
    },
    {
      code: untraced,
      options: [{ reportUnverifiable: true }],
      errors: [{ messageId: 'helperUnverifiableScope', ...at(untraced, 'getOwnConsultation', 2), data: { helper: `getOwnConsultation → consultation.findFirst at ${HELPERS}:10`, scope: 'owner', fields: OWNERS } }],
    },
  ],
});

/** TypeORM: a service (class method through a repository injected by type) and an arrow helper. */
const typeorm = typedRuleTester(join(fixturesDir, 'typeorm'));
const nest = (body: string) => `import { Repository } from 'typeorm';
import { Consultation } from './entities';
import { ConsultationsService, findConsultation } from './services';
declare const service: ConsultationsService;
declare const repo: Repository<Consultation>;
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;
const nestUnscoped = nest('export const get = () => service.get(req.params.id);');
const nestFromRequest = nest('export const own = () => service.getOwn(req.params.id, req.params.userId);');
const nestArrow = nest('export const one = () => findConsultation(repo, { id: req.params.id });');
// A service that reads one row by the id the call passes and then uses its key (dokploy's removeCertificateById).
const nestRecording = (body: string) => nest(`import { RecordingsService } from './services';
import type { Recording } from './entities';
declare const recordings: RecordingsService;
declare const recordingRepo: Repository<Recording>;
${body}`);
const nestRecordingUnchecked = nestRecording('export const get = () => recordings.consultationOf(req.params.id);');

typeorm.run('require-owner-scope (helpers, typeorm)', rule, {
  valid: [
    nest('export const own = () => service.getOwn(req.params.id, session.user.id);'),
    nest('export const one = () => findConsultation(repo, { id: req.params.id, patientId: session.user.id });'),
    // the recording checked by the route: the service's read by its id, and the consultation by its key, are the user's
    nestRecording(`export async function get() {
  const r = await recordingRepo.findOneBy({ id: req.params.id, consultation: { patientId: session.user.id } });
  if (!r) throw new Error('not found');
  return recordings.consultationOf(req.params.id);
}`),
  ],
  invalid: [
    {
      code: nestUnscoped,
      errors: [{ messageId: 'helperMissingScope', ...at(nestUnscoped, 'service.get'), data: { helper: 'service.get → consultation.findOneBy at services.ts:9', model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS } }],
    },
    {
      code: nestFromRequest,
      errors: [{ messageId: 'helperOwnerFromRequest', ...at(nestFromRequest, 'service.getOwn'), data: { helper: 'service.getOwn → consultation.findOneBy at services.ts:13', model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS, field: 'patientId', source: '`req.params`' } }],
    },
    {
      code: nestRecordingUnchecked,
      errors: [
        { messageId: 'helperMissingScope', ...at(nestRecordingUnchecked, 'recordings.consultationOf'), data: { helper: 'recordings.consultationOf → consultation.findOneBy at services.ts:29', model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS } },
        { messageId: 'helperMissingScope', ...at(nestRecordingUnchecked, 'recordings.consultationOf'), data: { helper: 'recordings.consultationOf → recording.findOneBy at services.ts:27', model: 'Recording', verb: 'return', scope: 'owner', fields: '`consultation.patientId`' } },
      ],
    },
    {
      code: nestArrow,
      errors: [{ messageId: 'helperMissingScope', ...at(nestArrow, 'findConsultation', 2), data: { helper: 'findConsultation → consultation.findOne at services.ts:17', model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS } }],
    },
  ],
});

/** Drizzle: arrow and function helpers in another module. */
const drizzle = typedRuleTester(join(fixturesDir, 'drizzle'));
const dz = (body: string) => `import { getConsultation, getOwnConsultation } from './queries';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;
const dzUnscoped = dz('export const get = () => getConsultation(req.params.id);');
/** A route that checks the item (its order loaded with it) before the service reads the order by the item's key. */
const dzItemChecked = (call: string) => `import { and, eq } from 'drizzle-orm';
import { db } from './db';
import { items } from './schema';
import { orderOfItem, renameItemAndGetOrder } from './queries';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
export async function POST() {
  const item = await db.query.items.findFirst({ where: eq(items.id, req.params.id), with: { order: true } });
  if (!item || item.order.customerId !== session.user.id) throw new Error('forbidden');
  return ${call};
}`;
const dzItemUnchecked = dz(`import { orderOfItem } from './queries';
export const order = () => orderOfItem(req.params.id);`);
const dzFromRequest = dz('export const own = () => getOwnConsultation(req.params.id, req.params.userId);');

drizzle.run('require-owner-scope (helpers, drizzle)', rule, {
  valid: [
    dz('export const own = () => getOwnConsultation(req.params.id, session.user.id);'),
    dz('export const byId = (id: string) => getConsultation(id);'),
    // the service reads the item by the id the route proved, then the order by the item's key
    dzItemChecked('orderOfItem(req.params.id)'),
    dzItemChecked("renameItemAndGetOrder(req.params.id, 'x')"),
    // a row a helper creates for the user and returns (`.returning().then((rows) => rows[0])`)
    dz(`import { createOrder, findOrderById } from './queries';
export async function POST() {
  const order = await createOrder(session.user.id);
  return findOrderById(order.id);
}`),
  ],
  invalid: [
    // the id unchecked: the item read and the order read by its key are this call's to fix
    {
      code: dzItemUnchecked,
      errors: [
        { messageId: 'helperMissingScope', ...at(dzItemUnchecked, 'orderOfItem', 2), data: { helper: 'orderOfItem → orders.findFirst at queries.ts:19', model: 'orders', verb: 'return', scope: 'owner', fields: '`customerId`' } },
        { messageId: 'helperMissingScope', ...at(dzItemUnchecked, 'orderOfItem', 2), data: { helper: 'orderOfItem → items.findFirst at queries.ts:17', model: 'items', verb: 'return', scope: 'owner', fields: '`order.customerId`' } },
      ],
    },
    {
      code: dzUnscoped,
      errors: [{ messageId: 'helperMissingScope', ...at(dzUnscoped, 'getConsultation', 2), data: { helper: 'getConsultation → consultations.select at queries.ts:6', model: 'consultations', verb: 'return', scope: 'owner', fields: OWNERS } }],
    },
    {
      code: dzFromRequest,
      errors: [{ messageId: 'helperOwnerFromRequest', ...at(dzFromRequest, 'getOwnConsultation', 2), data: { helper: 'getOwnConsultation → consultations.select at queries.ts:9', model: 'consultations', verb: 'return', scope: 'owner', fields: OWNERS, field: 'patientId', source: '`req.params`' } }],
    },
  ],
});

// Proofs that reach helpers: a check made only when the id is present, a closure that uses its enclosing
// function's parameter, and the foreign key of a row checked against the user (dokploy's shapes).
/** `req.params.id` checked inside `if (<tested>) { … }`, then passed to a helper after the `if`. */
const checkedWhen = (tested: string, passed = 'req.params.id') =>
  route(`export async function POST() {
  if (${tested}) {
    const c = await getConsultation(req.params.id);
    if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  }
  return h.runFor(${passed}, 'restart');
}`);
/** The same, with the helper called from a closure of the handler that the handler runs (dokploy's `runRestore()`). */
const closureAfter = (tested: string) =>
  route(`export async function POST() {
  if (${tested}) {
    const c = await getConsultation(req.params.id);
    if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  }
  const run = async () => {
    if (req.params.id) await h.runFor(req.params.id, 'restart');
  };
  return run();
}`);
const closureOtherChecked = closureAfter('req.params.patientId');
// A service that passes its parameter on as "it or nothing": its callers are checked for it.
const passedOnOrNothing = route(`export async function removeIfAny(id: string | null) { return h.removeConsultation(id ?? ''); }
export async function DELETE() { return removeIfAny(req.params.id); }`);
const presenceChecked = checkedWhen('req.params.id');
const otherValueChecked = checkedWhen('req.params.patientId');
const memberChecked = route(`export async function GET() {
  const m = await h.getMembership(req.params.id);
  if (!m || m.userId !== session.user.id) throw new Error('forbidden');
  return h.getTeam(m.teamId);
}`);
const memberUnchecked = route(`export async function GET() {
  const m = await h.getMembership(req.params.id);
  if (!m) throw new Error('not found');
  return h.getTeam(m.teamId);
}`);
const RUN_FOR = `h.runFor → exec → getConsultation → consultation.findUnique at ${HELPERS}:5`;
const checkedForRequest = route(`export async function GET() { return h.getIfPatient(req.params.id, req.params.patientId); }`);

// A service that reads one row by the id the call passes and then uses a key of that row (dokploy's
// removeCertificateById): the route's check of the id proves the row, and so the row the key selects.
const recordingChecked = route(`export async function POST() {
  const r = await prisma.recording.findFirst({ where: { id: req.params.id, consultation: { patientId: session.user.id } } });
  if (!r) throw new Error('not found');
  await h.touchConsultationOfRecording(req.params.id);
  return h.consultationOfRecording(req.params.id);
}`);
const recordingUnchecked = route(`export async function POST() { return h.touchConsultationOfRecording(req.params.id); }`);
const RECORDING_OWNER = '`consultation.patientId`';
// A row a helper creates for the signed-in user and returns (dokploy's createServer): its id is theirs.
const createdThenRemoved = (patientId: string, clinicianId = 'req.params.id') => route(`export async function POST() {
  const c = await h.createConsultationFor(${patientId}, ${clinicianId});
  return h.removeConsultation(c.id);
}`);
const createdForRequest = createdThenRemoved('req.params.patientId');
// A helper that queries only when given an id (dokploy's reloadDockerResource(name, serverId?)), called with none.
const refreshing = (call: string) => route(`export async function POST() { return ${call}; }`);
const refreshOne = refreshing("h.refresh('x', req.params.id)");

ruleTester.run('require-owner-scope (helpers: proofs made in the caller)', rule, {
  valid: [
    recordingChecked,
    createdThenRemoved('session.user.id'),
    // the service scopes its read of the recording itself: its key is proven there, nothing is the route's
    route(`export async function POST() { return h.touchOwnConsultationOfRecording(session, req.params.id); }`),
    refreshing("h.refresh('x', undefined)"),
    refreshing("h.refreshThrough('x', undefined)"),
    // checked inside `if (id) { … }`: past the `if`, the id is absent or proven; the helper's closure
    // passes its enclosing function's parameter on
    presenceChecked,
    // … passed on as "the id or nothing" (dokploy's `input.serverId || null`)
    checkedWhen('req.params.id', 'req.params.id || null'),
    checkedWhen('req.params.id', 'req.params.id ?? undefined'),
    checkedWhen('req.params.id', "req.params.id || ''"),
    // … from a closure the handler runs, which uses the handler's binding
    closureAfter('req.params.id'),
    // … and through a service that passes it on as "it or nothing" (dokploy's removeForwardAuthProxy)
    route(`export async function removeIfAny(id: string | null) { return h.removeConsultation(id ?? ''); }
export async function DELETE() {
  if (req.params.id) {
    const c = await getConsultation(req.params.id);
    if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  }
  return removeIfAny(req.params.id);
}`),
    // a row read again by the id the check proved is the user's row: its id is proven too
    route(`export async function POST() {
  const c = await getConsultation(req.params.id);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  const again = await getConsultation(req.params.id);
  if (!again) throw new Error('gone');
  return h.archiveConsultation(again.id);
}`),
    // a row of a model with no owner (Membership), compared with the signed-in user: its foreign key
    // `teamId` points at a team of theirs
    memberChecked,
    // the helper checks the row against the owner its caller passes, and leaves without it
    route(`export async function GET() { return h.getIfPatient(req.params.id, session.user.id); }`),
    // … also a value the caller proved (a field of a row tied to the user), under strict too
    {
      code: route(`export async function GET() {
  const first = await prisma.consultation.findFirst({ where: { patientId: session.user.id } });
  if (!first) throw new Error('none');
  return h.getIfPatient(req.params.id, first.patientId);
}`),
      options: [{ reportUnverifiable: true }],
    },
  ],
  invalid: [
    // given an id, the helper's queries run
    {
      code: refreshOne,
      errors: [
        missing(refreshOne, 'h.refresh', `h.refresh → consultation.findUnique at ${HELPERS}:173`),
        { ...missing(refreshOne, 'h.refresh', ''), data: { helper: `h.refresh → consultation.update at ${HELPERS}:171`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } },
      ],
    },
    // created for the patient the request names: its id proves nothing
    { code: createdForRequest, errors: [{ ...missing(createdForRequest, 'h.removeConsultation', ''), data: { helper: `h.removeConsultation → consultation.delete at ${HELPERS}:59`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } }] },
    // the id unchecked: the recording read and the consultation written by its key are this call's to fix
    {
      code: recordingUnchecked,
      errors: [
        { ...missing(recordingUnchecked, 'h.touchConsultationOfRecording', ''), data: { helper: `h.touchConsultationOfRecording → consultation.update at ${HELPERS}:150`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } },
        { ...missing(recordingUnchecked, 'h.touchConsultationOfRecording', ''), data: { helper: `h.touchConsultationOfRecording → recording.findUnique at ${HELPERS}:148`, model: 'Recording', verb: 'return', scope: 'owner', fields: RECORDING_OWNER } },
      ],
    },
    { code: checkedForRequest, errors: [missing(checkedForRequest, 'h.getIfPatient', `h.getIfPatient → consultation.findUnique at ${HELPERS}:98`)] },
    { code: otherValueChecked, errors: [missing(otherValueChecked, 'h.runFor', RUN_FOR)] },
    { code: passedOnOrNothing, errors: [(() => { const e = writeFinding(passedOnOrNothing, 'removeIfAny(req', `removeIfAny → h.removeConsultation → consultation.delete at ${HELPERS}:59`); return { ...e, endColumn: e.column + 'removeIfAny'.length }; })()] },
    // (reported in the closure and again where the handler runs it: the inner call is in this file too)
    { code: closureOtherChecked, errors: [missing(closureOtherChecked, 'h.runFor', RUN_FOR), (() => { const e = missing(closureOtherChecked, 'run()', `run → ${RUN_FOR}`); return { ...e, endColumn: e.column + 'run'.length }; })()] },
    // "the id or another value": the other value is not proven
    (() => {
      const code = checkedWhen('req.params.id', 'req.params.id || req.params.patientId');
      return { code, errors: [missing(code, 'h.runFor', RUN_FOR)] };
    })(),
    {
      code: memberUnchecked,
      errors: [
        {
          messageId: 'helperMissingScope',
          ...at(memberUnchecked, 'h.getTeam'),
          data: { helper: `h.getTeam → team.findUnique at ${HELPERS}:94`, model: 'Team', verb: 'return', scope: 'owner', fields: '`members.userId`' },
        },
      ],
    },
  ],
});

// A filter built by a helper of another module (typebot's `canReadTypebots(ids, user)`): read from what the
// helper returns, its parameters standing for the call's arguments, so the read is judged as if the
// object were written inline and proves the id it selects by for what follows.
const builtFilterProves = route(`import { canReadConsultations } from './helpers/consultations';
export async function DELETE() {
  const c = await prisma.consultation.findFirst({ where: canReadConsultations(req.params.id, session.user) });
  if (!c) throw new Error('not found');
  await prisma.recording.deleteMany({ where: { consultationId: req.params.id } });
}`);
const builtFilterById = route(`import { byConsultationId } from './helpers/consultations';
export async function DELETE() {
  const c = await prisma.consultation.findFirst({ where: byConsultationId(req.params.id) });
  if (!c) throw new Error('not found');
  await prisma.recording.deleteMany({ where: { consultationId: req.params.id } });
}`);
const builtFilterFlag = route(`import { consultationsFor } from './helpers/consultations';
export async function GET() {
  return prisma.consultation.findMany({ where: consultationsFor(req.params.id, session.user, req.params.patientId === 'all') });
}`);

ruleTester.run('require-owner-scope (helpers: filters built by helpers)', rule, {
  valid: [
    builtFilterProves,
    // a list of ids (`{ in: ids }` in one branch of the helper's choice)
    route(`import { canReadConsultations } from './helpers/consultations';
export async function GET(ids: string[]) { return prisma.consultation.findMany({ where: canReadConsultations(ids, session.user) }); }`),
  ],
  invalid: [
    {
      code: builtFilterById,
      errors: [
        { messageId: 'missingOwnerScope', ...at(builtFilterById, 'findFirst'), data: { model: 'Consultation', operation: 'findFirst', owners: OWNERS, verb: 'return' } },
        { messageId: 'missingOwnerScope', ...at(builtFilterById, 'deleteMany'), data: { model: 'Recording', operation: 'deleteMany', owners: '`consultation.patientId`', verb: 'change' }, suggestions: [{ messageId: 'addOwnerFilter', data: { filter: 'consultation: { patientId: session.user.id }' }, output: builtFilterById.replace('{ consultationId: req.params.id }', '{ consultationId: req.params.id, consultation: { patientId: session.user.id } }') }] },
      ],
    },
    // the owner filter is skipped on a flag the request sets, not for the privileged
    { code: builtFilterFlag, errors: [{ messageId: 'missingOwnerScope', ...at(builtFilterFlag, 'findMany'), data: { model: 'Consultation', operation: 'findMany', owners: OWNERS, verb: 'return' } }] },
  ],
});

// A service filtered by a property of its parameter (`input.consultationId`): called by name in the
// program, so its callers are checked, following the property into what each call passes; a handler nothing calls by name is an entry
// point and is reported where it is written.
const serviceRoute = (body: string) => route(`import { updateConsultation, rescheduleConsultation } from './helpers/consultations';
${body}`);
const checkedThenService = serviceRoute(`export async function PATCH(input: { consultationId: string; startsAt: Date }) {
  const c = await getConsultation(input.consultationId);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  await updateConsultation({ ...input, startsAt: new Date() });
  await rescheduleConsultation(input);
}`);
const uncheckedService = serviceRoute(`export async function PATCH() {
  await updateConsultation({ consultationId: req.params.id, startsAt: new Date() });
}`);
const requestInputService = serviceRoute(`export async function PATCH() {
  await rescheduleConsultation({ ...req.params, consultationId: req.params.id, startsAt: new Date() });
}`);
const entryPoint = route(`declare const router: { patch(handler: (input: { consultationId: string }) => unknown): void };
const handler = async (input: { consultationId: string }) => prisma.consultation.update({ where: { id: input.consultationId }, data: { startsAt: new Date() } });
router.patch(handler);`);
// One module: a chain of helpers down to a query that is reported where it is written, once.
const chainInOneModule = route(`async function byStart(startsAt: Date) {
  return prisma.consultation.findFirst({ where: { startsAt: { gte: startsAt } } });
}
async function nextOne() { return byStart(new Date()); }
export async function GET() { return nextOne(); }`);

/** The two suggestions that add an owner to the `where` written `filter`. */
const addOwner = (code: string, filter: string) =>
  ['patientId', 'clinicianId'].map((owner) => ({
    messageId: 'addOwnerFilter' as const,
    data: { filter: `${owner}: session.user.id` },
    output: code.replace(`where: ${filter}`, `where: ${filter.slice(0, -2)}, ${owner}: session.user.id }`),
  }));

ruleTester.run('require-owner-scope (helpers: services given an input object)', rule, {
  valid: [
    checkedThenService,
    // the service as its own module sees it: called by name in the program, so its callers are checked
    route(`const updateOne = async (input: { consultationId: string }) =>
  prisma.consultation.update({ where: { id: input.consultationId }, data: { startsAt: new Date() } });
export async function PATCH(input: { consultationId: string }) {
  const c = await getConsultation(input.consultationId);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  return updateOne(input);
}`),
  ],
  invalid: [
    { code: uncheckedService, errors: [{ messageId: 'helperMissingScope', ...at(uncheckedService, 'updateConsultation', 2), data: { helper: `updateConsultation → consultation.update at ${HELPERS}:122`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } }] },
    { code: requestInputService, errors: [{ messageId: 'helperMissingScope', ...at(requestInputService, 'rescheduleConsultation', 2), data: { helper: `rescheduleConsultation → consultation.update at ${HELPERS}:124`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } }] },
    { code: entryPoint, errors: [{ messageId: 'missingOwnerScope', ...at(entryPoint, 'update'), data: { model: 'Consultation', operation: 'update', owners: OWNERS, verb: 'change' }, suggestions: addOwner(entryPoint, '{ id: input.consultationId }') }] },
    { code: chainInOneModule, errors: [{ messageId: 'missingOwnerScope', ...at(chainInOneModule, 'findFirst'), data: { model: 'Consultation', operation: 'findFirst', owners: OWNERS, verb: 'return' }, suggestions: addOwner(chainInOneModule, '{ startsAt: { gte: startsAt } }') }] },
  ],
});

// A service that reads the id out of a state object handed on whole through the helpers between
// (typebot's `parseResultTranscriptProps(state)` reading `state.typebotsQueue[0].resultId`): the query
// is its callers', followed down the same path into what each call writes.
const visitRoute = (body: string) => route(`import { describeVisit, runVisit, type VisitState } from './helpers/consultations';
${body}`);
const checkedVisit = (id: string) => `const c = await getConsultation(req.params.id);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  return ${id};`;
const visitFromRequest = visitRoute(`export async function GET() { return runVisit({ state: { queue: [{ consultationId: req.params.id }] } }); }`);
const visitHeldInConst = visitRoute(`export async function GET() {
  const state = { queue: [{ consultationId: req.params.id }] };
  return describeVisit(state);
}`);
const visitOfRequestObject = visitRoute(`export async function GET() { return describeVisit(req.params as unknown as VisitState); }`);
const visitModule = (id: string) => route(`type Visit = { queue: { consultationId: string }[] };
const ofState = async (state: Visit) => prisma.consultation.findUnique({ where: { id: state.queue[0].consultationId } });
const describe = async ({ state }: { state: Visit }) => ofState(state);
export async function GET() {
  ${checkedVisit(`describe({ state: { queue: [{ consultationId: ${id} }] } })`)}
}`);
const visitModuleUnchecked = route(`type Visit = { queue: { consultationId: string }[] };
const ofState = async (state: Visit) => prisma.consultation.findUnique({ where: { id: state.queue[0].consultationId } });
const describe = async ({ state }: { state: Visit }) => ofState(state);
export async function GET() { return describe({ state: { queue: [{ consultationId: req.params.id }] } }); }`);
/** Where the call written `call` (its callee) is. */
const calleeAt = (code: string, call: string) => {
  const name = call.slice(0, call.indexOf('('));
  return at(code, name, code.slice(0, code.indexOf(call)).split(name).length);
};
const requestInConst = route(`export async function PATCH() {
  const job = { consultationId: req.params.id, startsAt: new Date() };
  return h.updateConsultation(job);
}`);
const visitMissing = (code: string, call: string, helper: string) => ({
  messageId: 'helperMissingScope' as const,
  ...calleeAt(code, call),
  data: { helper: `${helper} → consultation.findUnique at ${HELPERS}:186`, model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS },
});

ruleTester.run('require-owner-scope (helpers: an id read out of a state object handed on)', rule, {
  valid: [
    // the id of the checked row, written into the state at the call
    visitRoute(`export async function GET() {
  ${checkedVisit('runVisit({ state: { queue: [{ consultationId: c.id }] } })')}
}`),
    // … the checked id itself
    visitRoute(`export async function GET() {
  ${checkedVisit('describeVisit({ queue: [{ consultationId: req.params.id }] })')}
}`),
    // … held in a \`const\` first (dokploy's \`const jobData = { serverId: application.serverId }\` then \`deploy(jobData)\`)
    route(`export async function PATCH() {
  const c = await getConsultation(req.params.id);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  const job = { consultationId: c.id, startsAt: new Date() };
  return h.updateConsultation(job);
}`),
    // one module: the query is not reported where it is written, and the call proves its id
    visitModule('c.id'),
  ],
  invalid: [
    { code: visitFromRequest, errors: [visitMissing(visitFromRequest, 'runVisit({', 'runVisit → describeVisit → consultationOfState')] },
    { code: visitHeldInConst, errors: [visitMissing(visitHeldInConst, 'describeVisit(state)', 'describeVisit → consultationOfState')] },
    { code: visitOfRequestObject, errors: [visitMissing(visitOfRequestObject, 'describeVisit(req', 'describeVisit → consultationOfState')] },
    // one level: the request's id held in a \`const\` the call passes
    {
      code: requestInConst,
      errors: [{ messageId: 'helperMissingScope', ...calleeAt(requestInConst, 'h.updateConsultation(job)'), data: { helper: `h.updateConsultation → consultation.update at ${HELPERS}:122`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } }],
    },
    // the request's id, in one module: reported at the call that writes it, once
    {
      code: visitModuleUnchecked,
      errors: [{ messageId: 'helperMissingScope', ...calleeAt(visitModuleUnchecked, 'describe({'), data: { helper: 'describe → ofState → consultation.findUnique at file.ts:8', model: 'Consultation', verb: 'return', scope: 'owner', fields: OWNERS } }],
    },
  ],
});

// A helper that proves its own query's selector with an earlier read in its body, checked against a
// value its caller passes (typebot's getGoogleSpreadsheet: getCredentials(credentialsId, workspaceId),
// leave when nothing is found, then credentials.update by credentialsId).
const touchFor = (patientId: string, helper = 'h.touchIfPatient') => route(`export async function PATCH() {
  return ${helper}({ consultationId: req.params.id, patientId: ${patientId} });
}`);
const touchForRequest = touchFor('req.params.patientId');
const touchAnyway = touchFor('session.user.id', 'h.touchAnyway');
ruleTester.run('require-owner-scope (helpers: a proof in the helper body)', rule, {
  valid: [
    touchFor('session.user.id'),
    // … a value the caller proved
    route(`export async function PATCH() {
  const first = await prisma.consultation.findFirst({ where: { patientId: session.user.id } });
  if (!first) throw new Error('none');
  return h.touchIfPatient({ consultationId: req.params.id, patientId: first.patientId });
}`),
  ],
  invalid: [
    // the patient named by the request: the check proves nothing, and the read it makes is reported too
    {
      code: touchForRequest,
      errors: [
        { ...missing(touchForRequest, 'h.touchIfPatient', `h.touchIfPatient → consultation.update at ${HELPERS}:133`), data: { helper: `h.touchIfPatient → consultation.update at ${HELPERS}:133`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } },
        missing(touchForRequest, 'h.touchIfPatient', `h.touchIfPatient → getIfPatient → consultation.findUnique at ${HELPERS}:98`),
      ],
    },
    // the helper does not leave when its check finds nothing
    { code: touchAnyway, errors: [{ ...missing(touchAnyway, 'h.touchAnyway', ''), data: { helper: `h.touchAnyway → consultation.update at ${HELPERS}:139`, model: 'Consultation', verb: 'change', scope: 'owner', fields: OWNERS } }] },
  ],
});

