// Generated hostile inputs (hostile-cases.mjs) linted with the real ESLint 10 Node API, typed linting
// (projectService) and a real generated Prisma Client: syntax errors, `any` everywhere, enormous
// literals, deep nesting, circular and fan-out helpers. Each file must lint without a crash, within
// a bounded time, with exactly the expected findings. Linting runs in child processes (lint-worker.mjs)
// that are killed when one file takes longer than its bound, so a hang fails its test instead of
// stalling the suite.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CASES, HANG_CASES, SCHEMA } from './hostile-cases.mjs';
import { RULE, TSCONFIG, entryOf, eslintConfig, generateClient, lintInWorker, makeTempDir, messageIds, removeDir, writeFiles } from './lib.mjs';

/**
 * How long one file may take (the first one includes starting TypeScript's project service and
 * checking the Prisma Client's types): generous for a loaded 2-core machine, where the analysis of
 * any of these files needs well under a second.
 */
const FILE_TIMEOUT_MS = 45_000;
const FAN_OUT_TIMEOUT_MS = 25_000;

let dir;
let report;
let hangReport;

before(async () => {
  dir = makeTempDir('robustness-hostile');
  writeFiles(dir, {
    'prisma/schema.prisma': SCHEMA,
    'tsconfig.json': TSCONFIG,
    'eslint.config.mjs': eslintConfig(),
    ...Object.fromEntries([...CASES, ...HANG_CASES].map((c) => [`src/${c.file}`, c.code])),
  });
  generateClient(join(dir, 'prisma', 'schema.prisma'));
  const lint = (cases, fileTimeoutMs) =>
    lintInWorker({ cwd: dir, configFile: 'eslint.config.mjs', files: cases.map((c) => `src/${c.file}`), fileTimeoutMs });
  // Two workers side by side: the fan-out files, which may hang, do not hold up the others.
  [report, hangReport] = await Promise.all([lint(CASES, FILE_TIMEOUT_MS), lint(HANG_CASES, FAN_OUT_TIMEOUT_MS)]);
});

after(() => removeDir(dir));

function check(c, from) {
  const file = `src/${c.file}`;
  if (c.fatal) {
    const entry = entryOf(from(), file);
    assert.equal(entry.crash, undefined, `${file} crashed ESLint: ${entry.crash?.stack}`);
    const fatal = entry.messages.filter((m) => m.fatal);
    assert.equal(fatal.length, 1, `expected one parse error in ${file}: ${JSON.stringify(entry.messages)}`);
    assert.match(fatal[0].message, c.fatal);
    assert.deepEqual(entry.messages.filter((m) => m.ruleId === RULE), [], 'the rule must not run on a file that does not parse');
    return;
  }
  const entry = entryOf(from(), file);
  assert.deepEqual(entry.messages?.filter((m) => m.fatal) ?? [], [], `${file}: unexpected fatal message`);
  assert.deepEqual(messageIds(from(), file), [...c.expect].sort());
}

describe('hostile inputs: no crash, no hang, the expected findings', () => {
  for (const c of CASES.filter((c) => !c.helper)) test(c.name, { todo: c.todo }, () => check(c, () => report));
  test('the helper modules of the many-helpers routers', () => {
    for (const c of CASES.filter((c) => c.helper)) check(c, () => report);
  });
});

describe('fan-out inputs: bounded work', () => {
  for (const c of HANG_CASES) test(c.name, { todo: c.todo }, () => check(c, () => hangReport));
});
