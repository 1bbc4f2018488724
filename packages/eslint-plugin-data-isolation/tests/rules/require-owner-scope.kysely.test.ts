// Kysely against its real published types. Tables and their owners are declared in
// tests/fixtures/kysely/db.ts (`/** @owner … */` on the row interface or the Database property).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { fromRequest, missingOwner, missingTenant, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'kysely'));

const k = (body: string) => `import { db } from './db';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

ruleTester.run('require-owner-scope (kysely)', rule, {
  valid: [
    k("db.selectFrom('consultation').selectAll().where('patientId', '=', session.user.id).execute();"),
    k("db.selectFrom('consultation as c').selectAll().where('c.clinicianId', '=', session.user.id).executeTakeFirst();"),
    k("db.selectFrom('consultation').selectAll().where('patientId', 'in', [session.user.id]).execute();"),
    k("db.selectFrom('consultation').selectAll().where((eb) => eb.or([eb('patientId', '=', session.user.id), eb('clinicianId', '=', session.user.id)])).execute();"),
    k("db.selectFrom('consultation').selectAll().where((eb) => eb.and([eb('status', '=', 'open'), eb('patientId', '=', session.user.id)])).execute();"),
    // callback groups: nested eb.and/eb.or, the destructured ({ eb, and, or }) form, an object filter, a block body
    k("db.selectFrom('consultation').selectAll().where((eb) => eb.and([eb('status', '=', 'open'), eb.or([eb('patientId', '=', session.user.id), eb('clinicianId', '=', session.user.id)])])).execute();"),
    k("db.selectFrom('consultation').selectAll().where(({ eb, and, or }) => and([eb('status', '=', 'open'), or([eb('patientId', '=', session.user.id), eb('clinicianId', '=', session.user.id)])])).execute();"),
    k("db.selectFrom('consultation').selectAll().where((eb) => eb.and({ status: 'open', patientId: session.user.id })).execute();"),
    k("db.selectFrom('consultation').selectAll().where((eb) => { return eb.or([eb('patientId', '=', session.user.id), eb('clinicianId', '=', session.user.id)]); }).execute();"),
    // every where() adds to the filter
    k("db.updateTable('consultation').set({ status: 'x' }).where('status', '=', 'open').where('patientId', '=', session.user.id).execute();"),
    k("db.deleteFrom('consultation').where('clinicianId', '=', session.user.id).execute();"),
    k("db.insertInto('consultation').values({ patientId: session.user.id, clinicianId: 'x', status: 'open' }).execute();"),
    k("db.selectFrom('invoice').selectAll().where('clinicId', '=', session.user.clinicId).execute();"),
    k("db.selectFrom('drug').selectAll().execute();"),
    k('const cache = new Map<string, number>();\ncache.delete("k");'),
    // queries on a transaction (`Transaction<DB>`) or a connection (`Kysely<DB>`) are checked like queries on `db`
    k("db.transaction().execute(async (trx) => trx.updateTable('consultation').set({ status: 'x' }).where('patientId', '=', session.user.id).execute());"),
    k("db.transaction().setIsolationLevel('serializable').execute(async (trx) => {\n  await trx.deleteFrom('consultation').where('clinicianId', '=', session.user.id).execute();\n});"),
    k("db.connection().execute(async (conn) => conn.selectFrom('consultation').selectAll().where('patientId', '=', session.user.id).execute());"),
    k("db.transaction().execute(async (trx) => trx.selectFrom('invoice').selectAll().where('clinicId', '=', session.user.clinicId).execute());"),
    k("db.transaction().execute(async (trx) => trx.selectFrom('drug').selectAll().execute());"),
    k(`import { initTRPC } from '@trpc/server';
import type { Kysely } from 'kysely';
import type { Database } from './db';
const t = initTRPC.context<{ db: Kysely<Database>; session: { user: { id: string } } }>().create();
export const close = t.procedure.mutation(({ ctx }) =>
  ctx.db.transaction().execute(async (trx) => trx.updateTable('consultation').set({ status: 'closed' }).where('patientId', '=', ctx.session.user.id).execute()));`),
  ],
  invalid: [
    (() => {
      const code = k("db.selectFrom('consultation').selectAll().execute();");
      return { code, errors: [missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', OWNERS, 'return')] };
    })(),
    (() => {
      const code = k("db.deleteFrom('consultation').where('id', '=', 'c1').execute();");
      return { code, errors: [missingOwner(code, 'deleteFrom', 'consultation', 'deleteFrom', OWNERS, 'change')] };
    })(),
    (() => {
      const code = k("db.selectFrom('consultation').selectAll().where((eb) => eb.or([eb('patientId', '=', session.user.id), eb('status', '=', 'open')])).execute();");
      return { code, errors: [orBranch(code, "eb('status', '=', 'open')", 'consultation', 'selectFrom', OWNERS, 'returned')] };
    })(),
    (() => {
      // an OR nested in an AND: its branch without the owner
      const code = k("db.selectFrom('consultation').selectAll().where((eb) => eb.and([eb('status', '=', 'open'), eb.or([eb('patientId', '=', session.user.id), eb('id', '=', 'c1')])])).execute();");
      return { code, errors: [orBranch(code, "eb('id', '=', 'c1')", 'consultation', 'selectFrom', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = k("db.selectFrom('consultation').selectAll().where(({ eb, or }) => or([eb('patientId', '=', session.user.id), eb('status', '=', 'open')])).execute();");
      return { code, errors: [orBranch(code, "eb('status', '=', 'open')", 'consultation', 'selectFrom', OWNERS, 'returned')] };
    })(),
    (() => {
      // an object filter without the owner
      const code = k("db.selectFrom('consultation').selectAll().where((eb) => eb.and({ status: 'open', id: 'c1' })).execute();");
      return { code, errors: [missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', OWNERS, 'return')] };
    })(),
    (() => {
      const code = k("db.selectFrom('consultation').selectAll().where('patientId', '=', req.params.pid).execute();");
      return { code, errors: [fromRequest(code, 'req.params.pid', 'consultation', 'selectFrom', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      const code = k("db.selectFrom('invoice').selectAll().execute();");
      return { code, errors: [missingTenant(code, 'selectFrom', 'invoice', 'selectFrom', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = k("db.insertInto('consultation').values({ patientId: req.body.pid, clinicianId: 'x', status: 'open' }).execute();");
      return {
        code,
        errors: [{
          messageId: 'ownerAssignedFromRequest' as const,
          ...at(code, 'req.body.pid'),
          data: { model: 'consultation', operation: 'insertInto', field: 'patientId', source: '`req.body`', verb: 'create' },
          suggestions: [{ messageId: 'useSignedInUser' as const, data: { value: 'session.user.id' }, output: code.replace('req.body.pid', 'session.user.id') }],
        }],
      };
    })(),
    // inside a transaction or a connection: the same findings, at the same nodes, as on `db`
    (() => {
      const code = k("db.transaction().execute(async (trx) => trx.updateTable('consultation').set({ status: 'x' }).where('id', '=', 'c1').execute());");
      return { code, errors: [missingOwner(code, 'updateTable', 'consultation', 'updateTable', OWNERS, 'change')] };
    })(),
    (() => {
      const code = k("db.transaction().setIsolationLevel('serializable').execute(async (trx) => {\n  await trx.deleteFrom('consultation').where('status', '=', 'open').execute();\n});");
      return { code, errors: [missingOwner(code, 'deleteFrom', 'consultation', 'deleteFrom', OWNERS, 'change')] };
    })(),
    (() => {
      const code = k("db.connection().execute(async (conn) => conn.selectFrom('consultation').selectAll().execute());");
      return { code, errors: [missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', OWNERS, 'return')] };
    })(),
    (() => {
      const code = k("db.transaction().execute(async (trx) => trx.selectFrom('invoice').selectAll().execute());");
      return { code, errors: [missingTenant(code, 'selectFrom', 'invoice', 'selectFrom', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = k("db.transaction().execute(async (trx) => trx.selectFrom('consultation').selectAll().where('patientId', '=', req.params.pid).execute());");
      return { code, errors: [fromRequest(code, 'req.params.pid', 'consultation', 'selectFrom', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    // a transaction passed to a helper, and a controlled transaction, by their types
    (() => {
      const code = k("import type { Transaction } from 'kysely';\nimport type { Database } from './db';\nexport function archive(trx: Transaction<Database>) {\n  return trx.updateTable('consultation').set({ status: 'archived' }).execute();\n}");
      return { code, errors: [missingOwner(code, 'updateTable', 'consultation', 'updateTable', OWNERS, 'change')] };
    })(),
    // a client typed as either (`db: Kysely<DB> | Transaction<DB>`, to run inside or outside a transaction)
    (() => {
      const code = k("import type { Kysely, Transaction } from 'kysely';\nimport type { Database } from './db';\nexport function list(client: Kysely<Database> | Transaction<Database>) {\n  return client.selectFrom('consultation').selectAll().execute();\n}");
      return { code, errors: [missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', OWNERS, 'return')] };
    })(),
    (() => {
      const code = k("export async function purge() {\n  const trx = await db.startTransaction().execute();\n  await trx.deleteFrom('consultation').execute();\n  await trx.commit().execute();\n}");
      return { code, errors: [missingOwner(code, 'deleteFrom', 'consultation', 'deleteFrom', OWNERS, 'change')] };
    })(),
    // tRPC: `ctx.db.transaction()`, with the owner from the procedure's input
    (() => {
      const code = `import { initTRPC } from '@trpc/server';
import type { Kysely } from 'kysely';
import type { Database } from './db';
const t = initTRPC.context<{ db: Kysely<Database>; session: { user: { id: string } } }>().create();
export const close = t.procedure.input((v) => v as { patientId: string }).mutation(({ ctx, input }) =>
  ctx.db.transaction().execute(async (trx) => trx.updateTable('consultation').set({ status: 'closed' }).where('patientId', '=', input.patientId).execute()));`;
      return {
        code,
        errors: [{
          messageId: 'ownerFromRequest' as const,
          ...at(code, 'input.patientId'),
          data: { model: 'consultation', operation: 'updateTable', field: 'patientId', source: 'tRPC `input`', verb: 'change' },
          suggestions: [{ messageId: 'useSignedInUser' as const, data: { value: 'ctx.session.user.id' }, output: code.replace('input.patientId', 'ctx.session.user.id') }],
        }],
      };
    })(),
  ],
});
