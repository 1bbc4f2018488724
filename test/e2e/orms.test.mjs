// The real ESLint CLIs (10 and 9) on the ORM examples in test/orm-examples: one small app per data
// layer (Drizzle, TypeORM, Sequelize, Mongoose, Kysely, raw SQL). Exactly the deliberate bugs are
// reported; correct queries and look-alikes (a Map's delete, an HTTP client's delete) are not.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { before, describe, test } from 'node:test';
import { ESLINT_10, ESLINT_9, assertFindings, lineOf, lintJson, repoRoot, runNode } from './helpers.mjs';

const examplesDir = join(repoRoot, 'test', 'orm-examples');
const OWNERS = '`patientId` or `clinicianId`';

/** A finding at the first line of `file` that contains `lineText`, starting at `at` on that line. */
function finding(file, lineText, at, messageId, mentions) {
  const line = lineOf(examplesDir, file, lineText);
  const column = readLine(file, line).indexOf(at) + 1;
  return { file, line, column, messageId, at, mentions };
}

function readLine(file, line) {
  return readFileSync(join(examplesDir, file), 'utf8').split('\n')[line - 1];
}

const EXPECTED = [
  finding('drizzle/routes.ts', "where(eq(consultations.status, 'waiting'))", 'select', 'missingOwnerScope', ['`select` on consultations', OWNERS]),
  finding('drizzle/routes.ts', 'eq(consultations.patientId, req.params.patientId)', 'req.params.patientId', 'ownerFromRequest', ['`patientId`', '`req.params`']),
  finding('drizzle/routes.ts', 'db.query.orderLines.findMany', 'findMany', 'missingOwnerScope', ['`findMany` on orderLines', '`order.patientId`']),
  finding('typeorm/routes.ts', 'recordings.find({ where: { consultationId', 'find', 'missingOwnerScope', ['`find` on Recording', '`consultation.patientId`']),
  finding('typeorm/routes.ts', ".update().set({ status: 'closed' }).where('id = :id'", 'execute', 'missingOwnerScope', ['`execute` on Consultation', OWNERS, 'change']),
  finding('typeorm/routes.ts', ".orWhere('c.status = :status'", "'c.status = :status'", 'unscopedOrBranch', ['Consultation', OWNERS]),
  finding('typeorm/repository.ts', "return this.findOneBy({ status: 'open' })", 'findOneBy', 'missingOwnerScope', ['`findOneBy` on Consultation', OWNERS]),
  finding('typeorm/routes.ts', "query.orWhere('c.status = :open'", "'c.status = :open'", 'unscopedOrBranch', ['Consultation', OWNERS]),
  finding('sequelize/routes.ts', 'return Prescription.findByPk(req.params.id)', 'findByPk', 'missingOwnerScope', ['`findByPk` on Prescription', '`patientId`']),
  finding('sequelize/routes.ts', 'models.Prescription.findAll({ where: { drug', 'findAll', 'missingOwnerScope', ['`findAll` on Prescription', '`patientId`']),
  finding('mongoose/routes.ts', 'Reminders.findById(req.params.id)', 'findById', 'missingOwnerScope', ['`findById` on Reminder', '`patientId`']),
  finding('mongoose/routes.ts', 'Message.findById(req.params.id)', 'findById', 'missingOwnerScope', ['`findById` on Message', '`senderId` or `recipientId`']),
  finding('kysely/routes.ts', "return db.selectFrom('invoice').selectAll().execute()", 'selectFrom', 'missingTenantScope', ['`selectFrom` on invoice', '`clinicId`']),
  finding('raw-sql/routes.ts', 'req.query.patientId]', 'req.query.patientId', 'ownerFromRequest', ['`patientId`', '`req.query`', 'lab_results']),
  finding('raw-sql/routes.ts', 'OR created_at', '`SELECT * FROM lab_results WHERE patient_id = ${session.user.id} OR created_at > now() - interval \'1 day\'`', 'unscopedOrBranch', ['lab_results', '`patientId`']),
];

/** Lines with calls that look like queries but are not (a Map, an HTTP client). */
const LOOK_ALIKES = [
  { file: 'drizzle/routes.ts', text: 'cache.delete(' },
  { file: 'typeorm/routes.ts', text: 'videoApi.delete(' },
];

function exampleFiles() {
  return readdirSync(examplesDir, { recursive: true })
    .map((entry) => String(entry).split(sep).join('/'))
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

test('the ORM examples type-check against the ORMs\' published types', () => {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = runNode([tsc, '-p', join(examplesDir, 'tsconfig.json'), '--noEmit'], repoRoot);
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});

for (const [name, bin] of [
  ['ESLint 10', ESLINT_10],
  ['ESLint 9', ESLINT_9],
]) {
  describe(`${name} on the ORM examples`, () => {
    let run;
    before(() => {
      run = lintJson(bin, examplesDir);
    });

    test('exits 1 (findings), not 2 (crash)', () => {
      assert.equal(run.status, 1, run.stderr);
    });

    test('lints every example file', () => {
      assert.deepEqual(run.linted.filter((file) => file.endsWith('.ts')), exampleFiles());
    });

    test('reports exactly the deliberate bugs, one data layer at a time', () => {
      assertFindings(run.findings, EXPECTED, examplesDir);
    });

    test('reports nothing on look-alikes', () => {
      for (const { file, text } of LOOK_ALIKES) {
        const line = lineOf(examplesDir, file, text);
        assert.deepEqual(run.findings.filter((f) => f.file === file && f.line === line), [], `${file}:${line}`);
      }
    });
  });
}
