// ESLint's multithreaded linting (`--concurrency`, ESLint >= 9.34 and 10): each worker thread loads
// the config and the plugin and builds its own TypeScript program, so the findings on the example apps
// must be exactly those of a single-threaded run. `auto` starts no worker thread for 50 files or fewer
// (and at most half the cores), which is what the example apps are, so `--concurrency=2` is run too: it
// forces two worker threads (checked in --debug's output).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ESLINT_10,
  ESLINT_9,
  ORM_FINDINGS,
  RECOMMENDED_FINDINGS,
  assertFindings,
  copyAppSources,
  generateClient,
  key,
  makeTempDir,
  repoRoot,
  runNode,
} from './helpers.mjs';
import { eslintJson } from './ci-helpers.mjs';

const ormExamples = join(repoRoot, 'test', 'orm-examples');

/** A finding as compared across runs: position, id, the whole message and the suggestions' output. */
const full = (f) => `${key(f)} ${f.endLine}:${f.endColumn} ${f.message} ${JSON.stringify((f.suggestions ?? []).map((s) => s.fix))}`;

/** `eslint --concurrency=<mode> --debug .` in `cwd`: findings, and how many worker threads it used. */
function lint(bin, cwd, mode) {
  const run = eslintJson(bin, cwd, [`--concurrency=${mode}`, '--debug', '.']);
  assert.equal(run.status, 1, `exit ${run.status} with --concurrency=${mode}:\n${run.stderr.slice(-4000)}`);
  const threads = /Linting using (\d+) worker thread/.exec(run.stderr);
  return { findings: run.findings.map(full).sort(), raw: run.findings, threads: threads ? Number(threads[1]) : 0 };
}

let appDir;
before(() => {
  appDir = makeTempDir('concurrency-app');
  copyAppSources(appDir);
  generateClient(appDir);
});
after(() => {
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

for (const [name, bin, modes, apps] of [
  ['ESLint 10', ESLINT_10, ['auto', '2'], ['example app', 'ORM examples']],
  ['ESLint 9', ESLINT_9, ['auto', '2'], ['example app']],
]) {
  for (const app of apps) {
    describe(`${name} on the ${app}: --concurrency gives the same findings as --concurrency=off`, () => {
      const runs = {};
      before(() => {
        const cwd = app === 'example app' ? appDir : ormExamples;
        for (const mode of ['off', ...modes]) runs[mode] = lint(bin, cwd, mode);
      });

      test('the single-threaded run has the findings (so equal runs are not equally empty)', () => {
        assert.equal(runs.off.threads, 0, 'off lints in the main thread');
        if (app === 'example app') assertFindings(runs.off.raw, RECOMMENDED_FINDINGS, appDir);
        else assertFindings(runs.off.raw, ORM_FINDINGS, ormExamples);
      });

      for (const mode of modes) {
        test(`--concurrency=${mode}: identical findings, messages and suggestions`, () => {
          if (mode === '2') assert.equal(runs[mode].threads, 2, 'two worker threads were used');
          assert.deepEqual(runs[mode].findings, runs.off.findings);
        });
      }
    });
  }
}

test('ESLint 9 here is one with --concurrency (>= 9.34)', () => {
  const [major, minor] = runNode([ESLINT_9, '--version'], repoRoot).stdout.trim().slice(1).split('.').map(Number);
  assert.ok(major === 9 && minor >= 34, `ESLint ${major}.${minor}`);
});
