// The rule on real TypeScript that no one here wrote (corpus.mjs): a subset of the sources that
// rxjs and tRPC ship, with a schema that makes common names owner-scoped. Zero crashes, zero hangs
// (each file is bounded), and every file parses. The full corpus is run on demand by
// test/bench/corpus.mjs; its summary is in test/bench/README.md.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_CORPUS, buildCorpus, linesOf } from './corpus.mjs';
import { RULE, crashes, fatals, lintInWorker, makeTempDir, removeDir } from './lib.mjs';

let dir;
let files;
let report;

before(async () => {
  dir = makeTempDir('robustness-corpus');
  files = buildCorpus(dir, TEST_CORPUS);
  report = await lintInWorker({ cwd: dir, configFile: 'eslint.config.mjs', files, fileTimeoutMs: 60_000 });
});

after(() => removeDir(dir));

test('real TypeScript from installed packages: no crash, no hang, every file parses', (t) => {
  assert.ok(files.length >= 80, `the corpus is too small (${files.length} files): are rxjs and @trpc/server installed?`);
  assert.equal(report.hung, undefined, `linting ${report.hung} did not finish (a hang)`);
  assert.deepEqual(crashes(report), []);
  assert.deepEqual(fatals(report), []);
  assert.equal(report.files.filter((f) => f.notLinted).length, 0, 'every corpus file is linted');
  const { lines } = linesOf(dir, files);
  const findings = report.files.flatMap((f) => f.messages.filter((m) => m.ruleId === RULE));
  const slowest = [...report.files].sort((a, b) => b.ms - a.ms)[0];
  t.diagnostic(
    `${files.length} files, ${lines} lines, ${(report.ms / 1000).toFixed(1)} s; ${findings.length} findings of the rule; ` +
      `slowest ${slowest.file} ${slowest.ms.toFixed(0)} ms`,
  );
});
