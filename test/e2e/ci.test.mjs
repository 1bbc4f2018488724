// The CI and pre-commit setups of docs/ci.md, run for real on copies of the example app under
// <repo>/.tmp: the example GitHub Actions workflow's ESLint command and its SARIF (validated against
// the SARIF 2.1.0 schema), ESLint's bulk suppressions (ESLint 10 and 9), and commits through
// husky + lint-staged and through pre-commit.com, rejected on a new unscoped query in a staged file
// whose Prisma client type comes from an unstaged one.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import {
  ESLINT_10,
  ESLINT_9,
  RECOMMENDED_FINDINGS,
  RULE,
  assertFindings,
  key,
  repoRoot,
  runNode,
  appCopies,
} from './helpers.mjs';
import {
  HUSKY_PRE_COMMIT,
  LINT_STAGED_GLOB,
  LINT_STAGED_TASK,
  ciDocFile,
  codeBlocks,
  commitSubjects,
  eslintJson,
  git,
  initRepo,
  installBins,
  isolatedEnv,
  optionValue,
  preCommitHooksFile,
  readYaml,
  run,
  sarifSchemaFile,
  setupPreCommitScript,
  stylishProblems,
  workflowEslintStep,
} from './ci-helpers.mjs';

const app = appCopies('e2e-ci');
const variant = (name) => app.variant(name);

// ---------------------------------------------------------------------------------------------------
// SARIF

/**
 * The SARIF schema declares JSON Schema draft-04, which Ajv 8 does not implement. For this schema,
 * draft-04 and draft-07 differ only in `id` (now `$id`): it uses `id` only at its root, never the
 * boolean `exclusiveMinimum`/`exclusiveMaximum` of draft-04, and nothing but descriptions next to
 * `$ref` (all asserted here). So renaming the root `id` makes it the same schema in draft-07, which
 * Ajv's default class implements. Its formats (`date-time`, `uri`, `uri-reference`) are checked
 * with ajv-formats.
 */
let sarifValidator;
function compileSarifSchema() {
  sarifValidator ??= compileSarifSchemaOnce();
  return sarifValidator;
}

function compileSarifSchemaOnce() {
  const schema = JSON.parse(readFileSync(sarifSchemaFile, 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
  const ids = [];
  const exclusive = [];
  const refSiblings = new Set();
  (function walk(node, path) {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return;
    // Draft-04 ignores keywords next to `$ref`; Ajv 8 applies them. Only annotations may be there.
    if (typeof node.$ref === 'string') Object.keys(node).filter((k) => k !== '$ref').forEach((k) => refSiblings.add(k));
    for (const [name, value] of Object.entries(node)) {
      // Under `properties` and `definitions`, keys are names, not keywords.
      const isNameMap = /\/(properties|definitions|patternProperties)$/.test(path);
      if (!isNameMap && name === 'id') ids.push(path);
      if (!isNameMap && /^exclusive(Minimum|Maximum)$/.test(name)) exclusive.push(path);
      walk(value, `${path}/${name}`);
    }
  })(schema, '');
  assert.deepEqual(ids, [''], 'the schema uses `id` only at its root');
  assert.deepEqual(exclusive, [], 'the schema has no exclusiveMinimum/exclusiveMaximum');
  assert.deepEqual([...refSiblings], ['description'], 'only descriptions next to $ref');
  const { $schema, id, ...rest } = schema;
  // One of the schema's patterns (for `language`) has a stray `]`, which ECMA-262 regular expressions
  // read as a literal but the `u` flag rejects; JSON Schema patterns are plain ECMA-262 ones.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}

describe('GitHub Actions example: ESLint with the SARIF formatter', () => {
  let dir;
  let eslintArgs;
  let outputFile;
  let lint;
  let sarif;
  let validate;

  before(() => {
    ({ eslintArgs } = workflowEslintStep());
    outputFile = optionValue(eslintArgs, '--output-file', '-o');
    dir = variant('sarif');
    lint = runNode([ESLINT_10, ...eslintArgs], dir);
    sarif = existsSync(join(dir, outputFile)) ? JSON.parse(readFileSync(join(dir, outputFile), 'utf8')) : undefined;
    validate = compileSarifSchema();
  });

  test('the workflow lints with the SARIF formatter to a file, fails on findings and always uploads the file', () => {
    const { workflow, steps, step } = workflowEslintStep();
    assert.deepEqual(eslintArgs, ['--format', '@microsoft/eslint-formatter-sarif', '--output-file', 'eslint-results.sarif', '.']);
    assert.equal(step['continue-on-error'], undefined, 'a failing ESLint step must fail the job');
    assert.deepEqual(
      steps.map((s) => s.uses ?? s.run),
      ['actions/checkout@v5', 'actions/setup-node@v5', 'npm ci', 'npx prisma generate', step.run, 'github/codeql-action/upload-sarif@v4'],
    );
    const upload = steps.at(-1);
    assert.equal(upload.if, 'always()');
    assert.equal(upload.with.sarif_file, outputFile);
    assert.equal(workflow.jobs.eslint.permissions['security-events'], 'write');
    assert.ok(workflow.on.pull_request !== undefined, 'runs on pull requests');
  });

  test('ESLint exits 1 (findings), prints nothing and writes the SARIF file', () => {
    assert.equal(lint.status, 1, lint.stderr);
    assert.equal(lint.stdout, '');
    assert.equal(lint.stderr, '');
    assert.ok(sarif, `${outputFile} was not written`);
  });

  test('the SARIF file is valid SARIF 2.1.0, and the validation rejects a broken one', () => {
    assert.equal(sarif.version, '2.1.0');
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));

    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    assert.equal(validate(broken), false);
    const errors = validate.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.params.allowedValues ?? e.params.missingProperty ?? ''}`);
    assert.ok(errors.includes('/runs/0/results/0/level enum none,note,warning,error'), errors.join('\n'));
    assert.ok(errors.includes('/runs/0/tool/driver required name'), errors.join('\n'));

    const badUri = structuredClone(sarif);
    badUri.runs[0].tool.driver.rules[0].helpUri = 'not a uri';
    assert.equal(validate(badUri), false, 'formats are checked');
  });

  test('one rule, with the docs URL and description from the plugin', async () => {
    const { default: plugin } = await import('eslint-plugin-data-isolation');
    const docs = plugin.rules['require-owner-scope'].meta.docs;
    assert.match(docs.url, /^https:\/\/.+\/docs\/rules\/require-owner-scope\.md$/);
    const { driver } = sarif.runs[0].tool;
    assert.equal(driver.name, 'ESLint');
    assert.deepEqual(driver.rules, [
      { id: RULE, helpUri: docs.url, properties: {}, shortDescription: { text: docs.description } },
    ]);
  });

  test('one result per known finding, at its exact region, with the message', () => {
    const [runResult] = sarif.runs;
    assert.equal(sarif.runs.length, 1);
    const artifacts = runResult.artifacts.map((a) => a.location.uri);
    const actual = runResult.results.map((r) => {
      assert.equal(r.ruleId, RULE);
      assert.equal(r.ruleIndex, 0);
      assert.equal(r.level, 'error');
      assert.equal(r.suppressions, undefined);
      assert.equal(r.locations.length, 1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(artifacts[artifactLocation.index], artifactLocation.uri);
      return { uri: artifactLocation.uri, ...region, text: r.message.text };
    });
    const expected = RECOMMENDED_FINDINGS.map((f) => ({
      uri: pathToFileURL(join(dir, f.file)).href,
      startLine: f.line,
      startColumn: f.column,
      endLine: f.line,
      endColumn: f.column + f.at.length,
    }));
    const withoutText = actual.map(({ text, ...rest }) => rest);
    const order = (a, b) => a.uri.localeCompare(b.uri) || a.startLine - b.startLine || a.startColumn - b.startColumn;
    assert.deepEqual(withoutText.sort(order), expected.sort(order));
    for (const finding of RECOMMENDED_FINDINGS) {
      const result = actual.find((r) => r.uri === pathToFileURL(join(dir, finding.file)).href && r.startLine === finding.line);
      for (const text of finding.mentions) assert.ok(result.text.includes(text), `${key(finding)}: ${result.text}`);
    }
    assert.equal(runResult.invocations, undefined, 'no tool notifications (crashes, config errors)');
  });
});

// ---------------------------------------------------------------------------------------------------
// Bulk suppressions

/** `eslint-suppressions.json` for `findings`: counts per file and rule. */
function suppressionsFor(findings) {
  const counts = {};
  for (const f of findings) {
    counts[f.file] ??= {};
    counts[f.file][RULE] ??= { count: 0 };
    counts[f.file][RULE].count++;
  }
  return counts;
}

const readSuppressions = (dir) => JSON.parse(readFileSync(join(dir, 'eslint-suppressions.json'), 'utf8'));

/** A new route file with one unscoped query: recordings by consultation, on a client passed in. */
const NEW_ROUTE = {
  file: 'src/routes/notes.ts',
  unscoped: `import type { Session } from '../auth/session';
import type { Db } from '../db';

/** GET /consultations/:consultationId/notes: the recordings, for their notes. */
export function consultationNotes(db: Db, session: Session, consultationId: string) {
  return db.recording.findMany({ where: { consultationId } });
}
`,
  scoped: `import type { Session } from '../auth/session';
import type { Db } from '../db';

/** GET /consultations/:consultationId/notes: the recordings, for their notes. */
export function consultationNotes(db: Db, session: Session, consultationId: string) {
  return db.recording.findMany({ where: { consultationId, consultation: { patientId: session.user.id } } });
}
`,
  finding: {
    file: 'src/routes/notes.ts', line: 6, column: 23, messageId: 'missingOwnerScope',
    at: 'findMany', mentions: ['`findMany` on Recording', '`consultation.patientId`'],
  },
};

/** Replaces the one occurrence of `from` in `file` of `dir`. */
function edit(dir, file, from, to) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  assert.equal(text.split(from).length, 2, `${file} contains exactly one ${from}`);
  writeFileSync(path, text.replace(from, to));
}

const WITHDRAW_UNSCOPED = "where: { id: req.params.id, status: 'WAITING' }";
const WITHDRAW_SCOPED = "where: { id: req.params.id, patientId: session.user.id, status: 'WAITING' }";

describe('bulk suppressions with ESLint 10', () => {
  let dir;
  before(() => {
    dir = variant('suppress-10');
  });

  test('--suppress-all exits 0 and records every finding, counted per file', () => {
    const lint = eslintJson(ESLINT_10, dir, ['--suppress-all', '.']);
    assert.equal(lint.status, 0, lint.stderr);
    assert.deepEqual(lint.findings, []);
    assert.deepEqual(readSuppressions(dir), suppressionsFor(RECOMMENDED_FINDINGS));
    assert.deepEqual(readSuppressions(dir)['src/routes/consultations.ts'], { [RULE]: { count: 3 } });
  });

  test('a plain re-run (the workflow command) exits 0; the SARIF marks every finding as suppressed', () => {
    const { eslintArgs } = workflowEslintStep();
    const lint = runNode([ESLINT_10, ...eslintArgs], dir);
    assert.equal(lint.status, 0, lint.stderr);
    const sarif = JSON.parse(readFileSync(join(dir, optionValue(eslintArgs, '--output-file')), 'utf8'));
    assert.equal(compileSarifSchema()(sarif), true);
    const results = sarif.runs[0].results;
    assert.equal(results.length, RECOMMENDED_FINDINGS.length);
    for (const result of results) {
      assert.equal(result.ruleId, RULE);
      assert.deepEqual(result.suppressions, [{ kind: 'external', justification: '' }]);
    }
  });

  test('a new finding in a new file fails (exit 1) and is the only one reported', () => {
    writeFileSync(join(dir, NEW_ROUTE.file), NEW_ROUTE.unscoped);
    try {
      const lint = eslintJson(ESLINT_10, dir, ['.']);
      assert.equal(lint.status, 1, lint.stderr);
      assertFindings(lint.findings, [NEW_ROUTE.finding], dir);
      assert.deepEqual(lint.suppressed.map(key).sort(), RECOMMENDED_FINDINGS.map(key).sort());
    } finally {
      rmSync(join(dir, NEW_ROUTE.file));
    }
  });

  test("a new finding in a file with suppressions reports all that file's findings of the rule", () => {
    const recordings = join(dir, 'src/routes/recordings.ts');
    const original = readFileSync(recordings, 'utf8');
    writeFileSync(recordings, `${original}
export function allRecordings() {
  return prisma.recording.findMany();
}
`);
    let lint;
    try {
      lint = eslintJson(ESLINT_10, dir, ['.']);
    } finally {
      writeFileSync(recordings, original);
    }
    assert.equal(lint.status, 1, lint.stderr);
    const line = original.split('\n').length + 2;
    assert.deepEqual(
      lint.findings.map(key).sort(),
      [
        ...RECOMMENDED_FINDINGS.filter((f) => f.file === 'src/routes/recordings.ts').map(key),
        key({ file: 'src/routes/recordings.ts', line, column: 27, messageId: 'missingOwnerScope' }),
      ].sort(),
    );
  });

  test('a fixed finding leaves an unused suppression: exit 2 until pruned', () => {
    edit(dir, 'src/routes/consultations.ts', WITHDRAW_UNSCOPED, WITHDRAW_SCOPED);
    const lint = eslintJson(ESLINT_10, dir, ['.']);
    assert.equal(lint.status, 2);
    assert.deepEqual(lint.findings, []);
    assert.match(lint.stderr, /There are suppressions left that do not occur anymore\. To resolve this, re-run the command with `--prune-suppressions`/);
  });

  test('--prune-suppressions lowers the count and exits 0', () => {
    const lint = eslintJson(ESLINT_10, dir, ['--prune-suppressions', '.']);
    assert.equal(lint.status, 0, lint.stderr);
    assert.deepEqual(lint.findings, []);
    const remaining = RECOMMENDED_FINDINGS.filter((f) => !(f.file === 'src/routes/consultations.ts' && f.line === 54));
    assert.equal(remaining.length, RECOMMENDED_FINDINGS.length - 1);
    assert.deepEqual(readSuppressions(dir), suppressionsFor(remaining));
    assert.deepEqual(readSuppressions(dir)['src/routes/consultations.ts'], { [RULE]: { count: 2 } });
  });
});

describe('bulk suppressions with ESLint 9', () => {
  let dir;
  before(() => {
    const version = runNode([ESLINT_9, '--version'], app.pristine);
    assert.match(version.stdout.trim(), /^v9\.(39|[4-9]\d)\./, 'ESLint 9.39 or later');
    dir = variant('suppress-9');
  });

  test('--suppress-all writes the same file as ESLint 10; then a new finding fails alone', () => {
    const suppress = eslintJson(ESLINT_9, dir, ['--suppress-all', '.']);
    assert.equal(suppress.status, 0, suppress.stderr);
    assert.deepEqual(readSuppressions(dir), suppressionsFor(RECOMMENDED_FINDINGS));

    writeFileSync(join(dir, NEW_ROUTE.file), NEW_ROUTE.unscoped);
    const lint = eslintJson(ESLINT_9, dir, ['.']);
    assert.equal(lint.status, 1, lint.stderr);
    assertFindings(lint.findings, [NEW_ROUTE.finding], dir);
    assert.deepEqual(lint.suppressed.map(key).sort(), RECOMMENDED_FINDINGS.map(key).sort());

  });
});

// ---------------------------------------------------------------------------------------------------
// Pre-commit hooks

/**
 * A git repository of the app (bugs and all) committed without hooks, as a codebase that adopts the
 * hook; `setUpHook` installs the hook before that first commit.
 */
function appRepo(name, setUpHook) {
  const home = join(app.dir, `${name}-home`);
  const env = isolatedEnv(home);
  const dir = variant(name);
  installBins(dir);
  initRepo(dir, env);
  setUpHook(dir, env);
  git(dir, env, 'add', '-A');
  git(dir, env, 'commit', '--quiet', '--no-verify', '-m', 'initial');
  assert.equal(git(dir, env, 'status', '--porcelain'), '');
  return { dir, env };
}

/** Stages only the new route (`version` of it) and tries to commit it. */
function commitNewRoute({ dir, env }, version) {
  writeFileSync(join(dir, NEW_ROUTE.file), NEW_ROUTE[version]);
  git(dir, env, 'add', NEW_ROUTE.file);
  assert.equal(git(dir, env, 'diff', '--cached', '--name-only'), NEW_ROUTE.file);
  return run('git', ['commit', '-m', 'Add notes'], dir, env);
}

const NEW_ROUTE_PROBLEM = `${NEW_ROUTE.file}:${NEW_ROUTE.finding.line}:${NEW_ROUTE.finding.column} ${RULE}`;

describe('husky + lint-staged', () => {
  let repo;
  before(() => {
    repo = appRepo('husky', (dir, env) => {
      // The real `husky init`: "prepare": "husky" in package.json, core.hooksPath, .husky/pre-commit.
      const init = run(process.execPath, [join(repoRoot, 'node_modules', 'husky', 'bin.js'), 'init'], dir, env);
      assert.equal(init.status, 0, init.output);
      assert.equal(git(dir, env, 'config', 'core.hooksPath'), '.husky/_');
      writeFileSync(join(dir, '.husky', 'pre-commit'), HUSKY_PRE_COMMIT);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.equal(pkg.scripts.prepare, 'husky');
      pkg['lint-staged'] = { [LINT_STAGED_GLOB]: LINT_STAGED_TASK };
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    });
  });

  test('docs/ci.md shows this hook and lint-staged config', () => {
    const blocks = codeBlocks(ciDocFile);
    assert.ok(blocks.some((b) => b.lang === 'sh' && b.text === HUSKY_PRE_COMMIT));
    const configs = blocks.filter((b) => b.lang === 'json').map((b) => JSON.parse(b.text)['lint-staged']).filter(Boolean);
    assert.deepEqual(configs, [{ [LINT_STAGED_GLOB]: LINT_STAGED_TASK }]);
  });

  test('a staged new file with an unscoped query is rejected, typed through an unstaged file', () => {
    const commit = commitNewRoute(repo, 'unscoped');
    assert.equal(commit.status, 1, commit.output);
    // Only the staged file is linted: the app's seven committed findings are not reported.
    assert.deepEqual(stylishProblems(commit.output, repo.dir), [NEW_ROUTE_PROBLEM], commit.output);
    assert.match(commit.output, /`findMany` on Recording is not filtered by its owner \(`consultation\.patientId`\)/);
    assert.match(commit.output, /✖ 1 problem \(1 error, 0 warnings\)/);
    assert.match(commit.output, /husky - pre-commit script failed \(code 1\)/);
    assert.deepEqual(commitSubjects(repo.dir, repo.env), ['initial']);
    assert.equal(git(repo.dir, repo.env, 'diff', '--cached', '--name-only'), NEW_ROUTE.file, 'still staged');
  });

  test('the scoped version is committed', () => {
    const commit = commitNewRoute(repo, 'scoped');
    assert.equal(commit.status, 0, commit.output);
    assert.deepEqual(stylishProblems(commit.output, repo.dir), []);
    assert.deepEqual(commitSubjects(repo.dir, repo.env), ['Add notes', 'initial']);
    assert.equal(git(repo.dir, repo.env, 'show', '--name-only', '--format=', 'HEAD'), NEW_ROUTE.file);
    assert.equal(git(repo.dir, repo.env, 'status', '--porcelain'), '');
  });
});

describe('pre-commit.com', () => {
  let repo;
  before(() => {
    const setup = run('sh', [setupPreCommitScript], app.dir, process.env);
    assert.equal(
      setup.status, 0,
      `pre-commit is not installed and ${setupPreCommitScript} could not install it ` +
      `(it needs apt-get and root, or install pre-commit yourself):\n${setup.output}`,
    );
    const version = run('pre-commit', ['--version'], app.dir, process.env);
    assert.match(version.stdout, /^pre-commit (\d+)\.(\d+)/);

    // A hook repository holding this repository's .pre-commit-hooks.yaml, as a local clone would.
    const hooksEnv = isolatedEnv(join(app.dir, 'hooks-home'));
    const hooksRepo = join(app.dir, 'hooks-repo');
    cpSync(preCommitHooksFile, join(hooksRepo, '.pre-commit-hooks.yaml'));
    git(hooksRepo, hooksEnv, 'init', '--quiet', '--initial-branch=main');
    git(hooksRepo, hooksEnv, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false',
      'add', '.pre-commit-hooks.yaml');
    git(hooksRepo, hooksEnv, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false',
      'commit', '--quiet', '-m', 'hooks');
    const rev = git(hooksRepo, hooksEnv, 'rev-parse', 'HEAD');

    repo = appRepo('pre-commit', (dir, env) => {
      writeFileSync(
        join(dir, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${hooksRepo}\n    rev: ${rev}\n    hooks:\n      - id: data-isolation\n`,
      );
      const install = run('pre-commit', ['install'], dir, env);
      assert.equal(install.status, 0, install.output);
      assert.match(install.stdout, /pre-commit installed at \.git\/hooks\/pre-commit/);
    });
  });

  test('.pre-commit-hooks.yaml: the data-isolation hook runs the project\'s ESLint on TypeScript files', () => {
    const hooks = readYaml(preCommitHooksFile);
    assert.equal(hooks.length, 1);
    const [hook] = hooks;
    assert.equal(hook.id, 'data-isolation');
    assert.equal(hook.language, 'system');
    assert.equal(hook.entry, `npx --no-install ${LINT_STAGED_TASK}`);
    assert.deepEqual(hook.types_or, ['ts', 'tsx']);
    assert.equal(hook.require_serial, true);
    // docs/ci.md's inline (`repo: local`) version is the same hook.
    const local = codeBlocks(ciDocFile).filter((b) => b.lang === 'yaml').map((b) => parseYaml(b.text))
      .find((c) => c?.repos?.[0]?.repo === 'local');
    const { description, minimum_pre_commit_version, ...inline } = hook;
    assert.deepEqual(local.repos[0].hooks, [inline]);
  });

  test('a staged new file with an unscoped query is rejected, typed through an unstaged file', () => {
    const commit = commitNewRoute(repo, 'unscoped');
    assert.equal(commit.status, 1, commit.output);
    assert.match(commit.output, /^data-isolation \(eslint\)\.+Failed$/m);
    assert.match(commit.output, /^- hook id: data-isolation$/m);
    assert.match(commit.output, /^- exit code: 1$/m);
    assert.deepEqual(stylishProblems(commit.output, repo.dir), [NEW_ROUTE_PROBLEM], commit.output);
    assert.match(commit.output, /`findMany` on Recording is not filtered by its owner \(`consultation\.patientId`\)/);
    assert.deepEqual(commitSubjects(repo.dir, repo.env), ['initial']);
  });

  test('the scoped version is committed', () => {
    const commit = commitNewRoute(repo, 'scoped');
    assert.equal(commit.status, 0, commit.output);
    assert.match(commit.output, /^data-isolation \(eslint\)\.+Passed$/m);
    assert.deepEqual(commitSubjects(repo.dir, repo.env), ['Add notes', 'initial']);
    assert.equal(git(repo.dir, repo.env, 'show', '--name-only', '--format=', 'HEAD'), NEW_ROUTE.file);
  });
});
