// Kysely's core cases, transactions and connections on 0.28 (the project's) and 0.29 (tests/fixtures/kysely-0.29,
// whose node_modules/kysely links to the kysely-0.29 alias): the same findings on both.
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { fixturesDir, typedRuleTester } from '../RuleTester';
import { missingOwner, missingTenant } from './orm-helpers';

const k = (body: string) => `import { db } from './db';
declare const session: { user: { id: string; clinicId: string } };
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

for (const version of ['kysely', 'kysely-0.29']) {
  typedRuleTester(join(fixturesDir, version)).run(`require-owner-scope (${version === 'kysely' ? 'Kysely 0.28' : 'Kysely 0.29'})`, rule, {
    valid: [
      k("db.selectFrom('consultation').selectAll().where('patientId', '=', session.user.id).execute();"),
      k("db.transaction().execute(async (trx) => trx.updateTable('consultation').set({ status: 'x' }).where('patientId', '=', session.user.id).execute());"),
      k("db.connection().execute(async (conn) => conn.selectFrom('invoice').selectAll().where('clinicId', '=', session.user.clinicId).execute());"),
    ],
    invalid: [
      (() => {
        const code = k("db.selectFrom('consultation').selectAll().where('status', '=', 'open').execute();");
        return { code, errors: [missingOwner(code, 'selectFrom', 'consultation', 'selectFrom', OWNERS, 'return')] };
      })(),
      (() => {
        const code = k("db.transaction().setIsolationLevel('serializable').execute(async (trx) => trx.deleteFrom('consultation').where('id', '=', 'c1').execute());");
        return { code, errors: [missingOwner(code, 'deleteFrom', 'consultation', 'deleteFrom', OWNERS, 'change')] };
      })(),
      (() => {
        const code = k("db.connection().execute(async (conn) => conn.selectFrom('invoice').selectAll().execute());");
        return { code, errors: [missingTenant(code, 'selectFrom', 'invoice', 'selectFrom', '`clinicId`', 'return')] };
      })(),
    ],
  });
}
