// The real ESLint CLIs (10 and 9) on the ORM examples in test/orm-examples: one small app per data
// layer (Drizzle, TypeORM, Sequelize, Mongoose, Kysely, raw SQL). Exactly the deliberate bugs are
// reported; correct queries and look-alikes (a Map's delete, an HTTP client's delete) are not.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { before, describe, test } from 'node:test';
import { ESLINT_10, ESLINT_9, ORM_FINDINGS as EXPECTED, assertFindings, lineOf, lintJson, repoRoot, runNode } from './helpers.mjs';

const examplesDir = join(repoRoot, 'test', 'orm-examples');
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
