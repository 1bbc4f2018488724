// `eslint --cache` keys each file's results on that file (and the config), not on the other files a
// type-aware finding depends on. docs/ci.md says so and gives the safe CI setup; this test shows the
// documented staleness on the example app: after a schema change that the linted files do not see, a
// cached run replays the old finding, an uncached run does not.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ESLINT_10, RECOMMENDED_FINDINGS, assertFindings, copyAppSources, generateClient, key, lintJson, makeTempDir } from './helpers.mjs';
import { ciDocFile } from './ci-helpers.mjs';

const RECORDINGS = RECOMMENDED_FINDINGS.filter((f) => f.file === 'src/routes/recordings.ts');
let dir;
let cacheArgs;
before(() => {
  dir = makeTempDir('cache');
  copyAppSources(dir);
  generateClient(dir);
  cacheArgs = ['--cache', '--cache-location', join(dir, '.eslintcache'), '--cache-strategy', 'content'];
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a cached run replays a finding that a schema change resolved; an uncached run does not', () => {
  const first = lintJson(ESLINT_10, dir, cacheArgs);
  assertFindings(first.findings, RECOMMENDED_FINDINGS, dir);
  assert.equal(RECORDINGS.length, 1);

  // Recording becomes public: its unscoped findMany is no longer a finding. No .ts file changes.
  const schema = join(dir, 'prisma', 'schema.prisma');
  const text = readFileSync(schema, 'utf8');
  assert.ok(text.includes('/// @owner(consultation.patientId)\nmodel Recording {'));
  writeFileSync(schema, text.replace('/// @owner(consultation.patientId)\nmodel Recording {', '/// @public("test")\nmodel Recording {'));

  const cached = lintJson(ESLINT_10, dir, cacheArgs);
  assert.deepEqual(cached.findings.map(key).sort(), first.findings.map(key).sort(), 'the cache replays every finding');
  const fresh = lintJson(ESLINT_10, dir);
  assertFindings(fresh.findings, RECOMMENDED_FINDINGS.filter((f) => !RECORDINGS.includes(f)), dir);
});

test('docs/ci.md says so, with the safe CI setup', () => {
  const doc = readFileSync(ciDocFile, 'utf8');
  assert.match(doc, /### `eslint --cache`/);
  assert.match(doc, /\*\*No cache\*\*/);
  assert.match(doc, /key the cache on the lockfile and the schema/);
  assert.match(doc, /hashFiles\('package-lock\.json', 'prisma\/schema\.prisma'/);
});
