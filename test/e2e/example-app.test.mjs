// The real ESLint CLIs (10 and 9) on the example app: exactly the intended findings, nothing on
// look-alikes, and the `strict` config's extra finding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  ESLINT_10,
  ESLINT_9,
  LOOK_ALIKES,
  RECOMMENDED_FINDINGS,
  RULE,
  STRICT_EXTRA_FINDINGS,
  appDir,
  appSourceFiles,
  assertFindings,
  generateClient,
  lineOf,
  lintJson,
  repoRoot,
  runNode,
} from './helpers.mjs';

before(() => generateClient(appDir));

test('the example app type-checks against its generated client', () => {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = runNode([tsc, '-p', join(appDir, 'tsconfig.json'), '--noEmit'], repoRoot);
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});

for (const [name, bin, major] of [
  ['ESLint 10', ESLINT_10, 10],
  ['ESLint 9', ESLINT_9, 9],
]) {
  describe(`${name} with the recommended config`, () => {
    let run;
    before(() => {
      const version = runNode([bin, '--version'], appDir);
      assert.match(version.stdout.trim(), new RegExp(`^v${major}\\.`), `${bin} is not ESLint ${major}`);
      run = lintJson(bin, appDir);
    });

    test('exits 1 (findings), not 2 (crash)', () => {
      assert.equal(run.status, 1, run.stderr);
    });

    test('lints every source file of the app and none of the generated client', () => {
      const linted = run.linted.filter((file) => file.startsWith('src/'));
      assert.deepEqual(linted, appSourceFiles());
    });

    test('reports exactly the intended findings', () => {
      assertFindings(run.findings, RECOMMENDED_FINDINGS);
    });

    test('the motivating bug comes with a suggestion that scopes it through the consultation', () => {
      const finding = run.findings.find((f) => f.file === 'src/routes/recordings.ts' && f.messageId === 'missingOwnerScope');
      assert.equal(finding.suggestions.length, 1);
      const [suggestion] = finding.suggestions;
      assert.equal(suggestion.messageId, 'addOwnerFilter');
      const source = readFileSync(join(appDir, 'src/routes/recordings.ts'), 'utf8');
      const fixed = source.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + source.slice(suggestion.fix.range[1]);
      assert.equal(fixed.split('\n')[12], '    where: { consultationId, consultation: { patientId: session.user.id } },');
    });

    test('look-alike calls (an HTTP client, a Map) produce nothing', () => {
      for (const { file, text } of LOOK_ALIKES) {
        const line = lineOf(appDir, file, text);
        assert.deepEqual(run.findings.filter((f) => f.file === file && f.line === line), [], `${file}:${line}`);
      }
      assert.deepEqual(run.findings.filter((f) => f.file === 'src/lib/http.ts'), []);
    });
  });
}

/** `file:line:column ruleId` of each problem in stylish output, files relative to the app. */
function parseStylish(stdout) {
  const out = [];
  let file;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(appDir)) file = relative(appDir, line.trim()).split(sep).join('/');
    const problem = /^\s+(\d+):(\d+)\s+error\s+.*\s(\S+)$/.exec(line);
    if (problem) out.push(`${file}:${problem[1]}:${problem[2]} ${problem[3]}`);
  }
  return out.sort();
}

const expectedStylish = () => RECOMMENDED_FINDINGS.map((f) => `${f.file}:${f.line}:${f.column} ${RULE}`).sort();

test('the default (stylish) formatter names the rule and the files', () => {
  const run = runNode([ESLINT_10, '.'], appDir);
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(parseStylish(run.stdout), expectedStylish(), run.stdout);
  const n = RECOMMENDED_FINDINGS.length;
  assert.match(run.stdout, new RegExp(`✖ ${n} problems \\(${n} errors, 0 warnings\\)`));
});

test('`npm run lint` in the app generates the client, prints exactly the findings and exits 1', () => {
  // Under `npm test`, npm_execpath is the npm that runs us; otherwise the npm next to this node.
  const npm = process.env.npm_execpath?.endsWith('.js')
    ? [process.execPath, [process.env.npm_execpath]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const run = spawnSync(npm[0], [...npm[1], 'run', 'lint'], {
    cwd: appDir,
    encoding: 'utf8',
    shell: process.platform === 'win32',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(parseStylish(run.stdout), expectedStylish(), run.stdout);
});

test('the strict config also reports the filter it cannot read', () => {
  const run = lintJson(ESLINT_10, appDir, ['-c', 'eslint.strict.config.mjs']);
  assert.equal(run.status, 1, run.stderr);
  assertFindings(run.findings, [...RECOMMENDED_FINDINGS, ...STRICT_EXTRA_FINDINGS]);
});
