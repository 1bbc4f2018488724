// What a user sees when the plugin's configuration is wrong: a malformed schema, a typo in the
// settings, no schema at all. Each runs the real ESLint CLI on a copy of the example app in a temp
// folder under the repo (so node_modules still resolves), with the copy's own generated client.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ESLINT_10,
  FIRST_QUERIES,
  RECOMMENDED_FINDINGS,
  assertFindings,
  lineOf,
  lintJson,
  appCopies,
} from './helpers.mjs';

const app = appCopies('e2e-config');
const variant = (name) => app.variant(name);

/** One finding per file that has queries, at its first query. */
function atFirstQueries(messageId, mentions) {
  return FIRST_QUERIES.map((q) => ({ ...q, messageId, mentions: mentions(q) }));
}

test('a malformed schema: one configProblem per file with queries, naming the schema file and line; no crash', () => {
  const dir = variant('malformed');
  const schemaFile = join(dir, 'prisma', 'schema.prisma');
  const schema = readFileSync(schemaFile, 'utf8');
  // Leave `model Recording {` unterminated: drop the `}` that closes it.
  const start = schema.indexOf('model Recording {');
  const close = schema.indexOf('\n}\n', start);
  assert.ok(start !== -1 && close !== -1);
  writeFileSync(schemaFile, schema.slice(0, close + 1) + schema.slice(close + 3));
  // The parser reads the next model's declaration as a bad field of Recording: that is the line named.
  const badLine = lineOf(dir, 'prisma/schema.prisma', 'model Prescription {');

  const run = lintJson(ESLINT_10, dir);

  assert.equal(run.status, 1, run.stderr);
  assertFindings(run.findings, atFirstQueries('configProblem', () => [`prisma/schema.prisma:${badLine}:`]), dir);
  for (const finding of run.findings) {
    assert.match(finding.message, /^data-isolation configuration problem: prisma\/schema\.prisma:\d+: /);
  }
});

test('settings that name an unknown model: a configProblem naming it, and the schema still applies', () => {
  const dir = variant('bad-settings');
  writeFileSync(
    join(dir, 'eslint.settings.config.mjs'),
    `import base from './eslint.config.mjs';
export default [...base, { settings: { 'data-isolation': { models: { Recordng: { owner: 'patientId' } } } } }];
`,
  );

  const run = lintJson(ESLINT_10, dir, ['-c', 'eslint.settings.config.mjs']);

  assert.equal(run.status, 1, run.stderr);
  assertFindings(
    run.findings,
    [...RECOMMENDED_FINDINGS, ...atFirstQueries('configProblem', () => ['settings["data-isolation"].models.Recordng'])],
    dir,
  );
});

test('no schema file: the schema the generated client inlines is read, and the findings are the same', () => {
  const dir = variant('inlined-schema');
  rmSync(join(dir, 'prisma'), { recursive: true });

  const run = lintJson(ESLINT_10, dir);

  assert.equal(run.status, 1, run.stderr);
  assertFindings(run.findings, RECOMMENDED_FINDINGS, dir);
});

test('no schema found: a schemaNotFound finding per file with queries, naming the model', () => {
  const dir = variant('no-schema');
  rmSync(join(dir, 'prisma'), { recursive: true });
  // A client whose generator inlines no schema (none of Prisma 5 to 7 does that): nothing to read it from.
  const config = join(dir, 'src/generated/prisma/internal/class.ts');
  writeFileSync(config, readFileSync(config, 'utf8').replace('"inlineSchema":', '"notTheSchema":'));

  const run = lintJson(ESLINT_10, dir);

  assert.equal(run.status, 1, run.stderr);
  assertFindings(
    run.findings,
    atFirstQueries('schemaNotFound', (q) => [`${q.model} is a Prisma model`, 'settings["data-isolation"].schema']),
    dir,
  );
});
