// Oxlint runs ESLint plugins as JS plugins but builds no TypeScript program. With the plugin in an
// `.oxlintrc.json` `jsPlugins`, the real oxlint (a pinned devDependency) must get one clear
// "needs type information" problem per file from require-owner-scope, and no crash.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appSourceFiles, copyAppSources, repoRoot, runNode } from './helpers.mjs';

const require = createRequire(import.meta.url);
const OXLINT = join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');
const pluginDir = join(repoRoot, 'packages', 'eslint-plugin-data-isolation');
const CODE = 'data-isolation(require-owner-scope)';

let dir;
let run;
let report;
before(() => {
  // Outside the repository: oxlint skips what .gitignore lists (the repo's .tmp/). The project has the
  // plugin in its node_modules, as an installed project does (a link to the built workspace package).
  dir = mkdtempSync(join(tmpdir(), 'di-oxlint-'));
  copyAppSources(dir);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pluginDir, join(dir, 'node_modules', 'eslint-plugin-data-isolation'), 'dir');
  writeFileSync(
    join(dir, '.oxlintrc.json'),
    `${JSON.stringify({ jsPlugins: ['eslint-plugin-data-isolation'], rules: { 'data-isolation/require-owner-scope': 'error' } }, null, 2)}\n`,
  );
  run = runNode([OXLINT, '--format', 'json', 'src'], dir);
  try {
    report = JSON.parse(run.stdout);
  } catch {
    assert.fail(`oxlint did not print JSON (exit ${run.status}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the pinned oxlint is the one that runs', () => {
  const pinned = require(join(repoRoot, 'package.json')).devDependencies.oxlint;
  assert.match(pinned, /^\d+\.\d+\.\d+$/, 'oxlint is pinned to an exact version');
  assert.equal(runNode([OXLINT, '--version'], dir).stdout.trim(), `Version: ${pinned}`);
});

test('exits 1 with problems, not a crash', () => {
  assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
  assert.doesNotMatch(run.stdout + run.stderr, /TypeError|panicked|Failed to load|Error running JS plugin/i);
});

test('require-owner-scope reports "needs type information" once per file, at its start', () => {
  const { rules } = require(pluginDir);
  const expected = rules['require-owner-scope'].meta.messages.typeInformationMissing;
  const ours = report.diagnostics.filter((d) => d.code === CODE);
  assert.deepEqual(ours.map((d) => d.filename).sort(), appSourceFiles(dir));
  for (const d of ours) {
    assert.equal(d.message, expected);
    assert.equal(d.severity, 'error');
    assert.deepEqual([d.labels[0].span.line, d.labels[0].span.column], [1, 1], d.filename);
  }
  assert.match(expected, /needs type information/);
  assert.match(expected, /ESLint and typescript-eslint/);
});
