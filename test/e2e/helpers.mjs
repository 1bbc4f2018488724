// Shared by the end-to-end tests: paths, running the real ESLint CLIs, and what the example app
// is expected to produce. Not a test file itself (its name does not end in .test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const appDir = join(repoRoot, 'test', 'example-app');
export const RULE = 'data-isolation/require-owner-scope';

export const ESLINT_10 = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
export const ESLINT_9 = join(repoRoot, 'test', 'eslint-v9', 'node_modules', 'eslint', 'bin', 'eslint.js');

const CONSULTATION_OWNERS = '`patientId` or `clinicianId`';

/**
 * Every finding of `eslint .` on the example app with the plugin's `recommended` config.
 * `at` is the source text the finding starts at (and spans, for endColumn); `mentions` are strings the
 * message must contain: the model and its owner or tenant field(s).
 */
export const RECOMMENDED_FINDINGS = [
  {
    file: 'src/routes/consultations.ts', line: 37, column: 46, messageId: 'unscopedOrBranch',
    at: "{ status: 'WAITING' }", mentions: ['Consultation', CONSULTATION_OWNERS],
  },
  {
    file: 'src/routes/consultations.ts', line: 54, column: 29, messageId: 'missingOwnerScope',
    at: 'delete', mentions: ['`delete` on Consultation', CONSULTATION_OWNERS],
  },
  // IDOR: the owner filter is there, but its value comes from the URL.
  {
    file: 'src/routes/consultations.ts', line: 62, column: 61, messageId: 'ownerFromRequest',
    at: 'req.params.patientId', mentions: ['`patientId`', '`req.params`', 'Consultation'],
  },
  // The motivating bug: recordings listed by consultation id, without checking the patient.
  {
    file: 'src/routes/recordings.ts', line: 12, column: 27, messageId: 'missingOwnerScope',
    at: 'findMany', mentions: ['`findMany` on Recording', '`consultation.patientId`'],
  },
  {
    file: 'src/services/prescriptions.service.ts', line: 19, column: 33, messageId: 'missingTenantScope',
    at: 'findMany', mentions: ['`findMany` on Prescription', '`clinicId`'],
  },
  {
    file: 'src/trpc/router.ts', line: 32, column: 29, messageId: 'possiblyUndefinedOwner',
    at: 'ctx.session?.user.id', mentions: ['`patientId`', 'Consultation'],
  },
  {
    file: 'src/trpc/router.ts', line: 47, column: 22, messageId: 'missingTenantScope',
    at: 'findMany', mentions: ['`findMany` on Invoice', '`clinicId`'],
  },
];

/**
 * What `strict` adds: the dashboard's `count` whose `where` is a parameter, and a service method whose
 * owner value is a plain parameter (unknown origin).
 */
export const STRICT_EXTRA_FINDINGS = [
  {
    file: 'src/admin/reports.ts', line: 10, column: 30, messageId: 'unverifiableScope',
    at: 'count', mentions: ['`count` on Consultation', CONSULTATION_OWNERS],
  },
  {
    file: 'src/services/prescriptions.service.ts', line: 19, column: 53, messageId: 'unverifiedOwnerValue',
    at: 'patientId', mentions: ['`patientId`', 'function parameter', 'Prescription'],
  },
];

/**
 * The first Prisma query of each file that has any (where once-per-file findings such as
 * `configProblem` and `schemaNotFound` go), with the model it queries.
 */
export const FIRST_QUERIES = [
  firstQuery('src/admin/reports.ts', 'prisma.consultation.count(', 'count', 'Consultation'),
  firstQuery('src/cron/close-stale-consultations.ts', 'prisma.consultation.updateMany(', 'updateMany', 'Consultation'),
  firstQuery('src/public/shared-recording.ts', 'prisma.recording.findUnique(', 'findUnique', 'Recording'),
  firstQuery('src/routes/consultations.ts', 'prisma.consultation.findMany(', 'findMany', 'Consultation'),
  firstQuery('src/routes/recordings.ts', 'prisma.recording.findMany(', 'findMany', 'Recording'),
  firstQuery('src/services/prescriptions.service.ts', 'this.db.prescription.findMany(', 'findMany', 'Prescription'),
  firstQuery('src/trpc/router.ts', 'ctx.db.consultation.findMany(', 'findMany', 'Consultation'),
  firstQuery('src/webhooks/stripe.ts', 'prisma.invoice.update(', 'update', 'Invoice'),
];

/** The first line of an example-app file with `callText`, at its operation `at`. */
function firstQuery(file, callText, at, model) {
  const line = lineOf(appDir, file, callText);
  const text = readFileSync(join(appDir, file), 'utf8').split('\n')[line - 1];
  return { file, line, column: text.indexOf(callText) + callText.indexOf(at) + 1, at, model };
}

/** Calls that look like queries (`.delete(…)`) but are an HTTP client's and a Map's. */
export const LOOK_ALIKES = [
  { file: 'src/routes/recordings.ts', text: 'await videoApi.delete(`/videos/${recording.storageKey}`);' },
  { file: 'src/routes/recordings.ts', text: 'cache.delete(`${session.user.id}:${id}`);' },
  { file: 'src/lib/http.ts', text: 'async delete(path: string): Promise<void> {' },
];

/** The app's own TypeScript files (what the config lints), relative to the app, `/`-separated. */
export function appSourceFiles(dir = appDir) {
  return readdirSync(join(dir, 'src'), { recursive: true })
    .map((entry) => `src/${String(entry).split(sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.startsWith('src/generated/'))
    .sort();
}

/** Runs a Node script; returns status, stdout and stderr. */
export function runNode(args, cwd) {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Generates the app's Prisma Client (into `<dir>/src/generated/prisma`) with the app's own script. */
export function generateClient(dir) {
  const result = runNode([join(dir, 'scripts', 'generate.mjs')], dir);
  assert.equal(result.status, 0, `prisma generate failed in ${dir}:\n${result.stderr}`);
}

/**
 * Runs an ESLint CLI in `cwd` with `--format json` and returns its exit status and findings, each
 * with the file relative to `cwd`. `linted` lists every file ESLint reported on (with or without findings).
 */
export function lintJson(eslintBin, cwd, args = []) {
  const run = runNode([eslintBin, '--format', 'json', ...args, '.'], cwd);
  let results;
  try {
    results = JSON.parse(run.stdout);
  } catch {
    assert.fail(`ESLint did not print JSON (exit ${run.status}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  const findings = results.flatMap((result) =>
    result.messages.map((message) => ({ file: relativeFile(cwd, result.filePath), ...message })),
  );
  const linted = results.map((result) => relativeFile(cwd, result.filePath)).sort();
  return { ...run, findings, linted };
}

function relativeFile(cwd, file) {
  return relative(cwd, file).split(sep).join('/');
}

/** A finding reduced to what is compared exactly, as a sortable key. */
export const key = (f) => `${f.file}:${String(f.line).padStart(4, '0')}:${String(f.column).padStart(4, '0')} ${f.messageId}`;

/**
 * Asserts that `actual` (ESLint JSON messages) is exactly `expected`: the same findings by file, line,
 * column and messageId, each an error of our rule, each message naming what `mentions` lists, and
 * each spanning its `at` text when given. `expected` entries are also checked against the source, so
 * the table cannot drift from the app unnoticed.
 */
export function assertFindings(actual, expected, dir = appDir) {
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), describeFindings(actual));
  for (const want of expected) {
    const got = actual.find((f) => key(f) === key(want));
    assert.equal(got.ruleId, RULE, key(want));
    assert.equal(got.severity, 2, key(want));
    for (const text of want.mentions ?? []) {
      assert.ok(got.message.includes(text), `${key(want)}: message does not mention ${text}: ${got.message}`);
    }
    if (want.at !== undefined) {
      assert.equal(sourceAt(dir, want.file, want.line, want.column, want.at.length), want.at, `${key(want)}: table vs source`);
      assert.equal(got.endLine, want.line, key(want));
      assert.equal(got.endColumn, want.column + want.at.length, key(want));
    }
  }
}

function describeFindings(findings) {
  return `actual findings:\n${findings.map((f) => `  ${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId}: ${f.message}`).join('\n')}`;
}

/** `length` characters of `file` from 1-based `line`/`column`. */
export function sourceAt(dir, file, line, column, length) {
  const text = readFileSync(join(dir, file), 'utf8').split('\n')[line - 1] ?? '';
  return text.slice(column - 1, column - 1 + length);
}

/** 1-based line of the first line of `file` that contains `text`; fails when there is none. */
export function lineOf(dir, file, text) {
  const index = readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.notEqual(index, -1, `${file} has no line with ${text}`);
  return index + 1;
}

/**
 * A fresh directory under `<repo>/.tmp` (gitignored), so packages still resolve from the repo's
 * node_modules. The caller removes it.
 */
export function makeTempDir(prefix) {
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  return mkdtempSync(join(repoRoot, '.tmp', `${prefix}-`));
}

/** Copies the example app to `to`, without its generated client (and any node_modules). */
export function copyAppSources(to) {
  cpSync(appDir, to, {
    recursive: true,
    filter: (source) => {
      const rel = relative(appDir, source).split(sep).join('/');
      return rel !== 'node_modules' && rel !== 'src/generated' && !rel.startsWith('src/generated/');
    },
  });
}

/**
 * For one test file: a temp folder with a copy of the app and its own generated client (not test/example-app's,
 * which another test file regenerates concurrently), and `variant(name)`, a fresh copy of it to change.
 * `dir` and `pristine` are set once the file's `before` hook has run.
 */
export function appCopies(prefix) {
  const copies = {
    dir: '',
    pristine: '',
    variant(name) {
      const dir = join(copies.dir, name);
      cpSync(copies.pristine, dir, { recursive: true });
      return dir;
    },
  };
  before(() => {
    copies.dir = makeTempDir(prefix);
    copies.pristine = join(copies.dir, 'pristine');
    copyAppSources(copies.pristine);
    generateClient(copies.pristine);
  });
  after(() => {
    if (copies.dir) rmSync(copies.dir, { recursive: true, force: true });
  });
  return copies;
}

const ORM_OWNERS = '`patientId` or `clinicianId`';
const ormExamplesDir = join(repoRoot, 'test', 'orm-examples');

/** A finding at the first line of `file` (in test/orm-examples) that contains `lineText`, starting at `at` on that line. */
export function ormFinding(file, lineText, at, messageId, mentions) {
  const line = lineOf(ormExamplesDir, file, lineText);
  const column = ormLine(file, line).indexOf(at) + 1;
  return { file, line, column, messageId, at, mentions };
}

function ormLine(file, line) {
  return readFileSync(join(ormExamplesDir, file), 'utf8').split('\n')[line - 1];
}

/** What `recommended` reports on test/orm-examples: exactly its deliberate bugs. */
export const ORM_FINDINGS = [
  ormFinding('drizzle/routes.ts', "where(eq(consultations.status, 'waiting'))", 'select', 'missingOwnerScope', ['`select` on consultations', ORM_OWNERS]),
  ormFinding('drizzle/routes.ts', 'eq(consultations.patientId, req.params.patientId)', 'req.params.patientId', 'ownerFromRequest', ['`patientId`', '`req.params`']),
  ormFinding('drizzle/routes.ts', 'db.query.orderLines.findMany', 'findMany', 'missingOwnerScope', ['`findMany` on orderLines', '`order.patientId`']),
  ormFinding('typeorm/routes.ts', 'recordings.find({ where: { consultationId', 'find', 'missingOwnerScope', ['`find` on Recording', '`consultation.patientId`']),
  ormFinding('typeorm/routes.ts', ".update().set({ status: 'closed' }).where('id = :id'", 'execute', 'missingOwnerScope', ['`execute` on Consultation', ORM_OWNERS, 'change']),
  ormFinding('typeorm/routes.ts', ".orWhere('c.status = :status'", "'c.status = :status'", 'unscopedOrBranch', ['Consultation', ORM_OWNERS]),
  ormFinding('typeorm/repository.ts', "return this.findOneBy({ status: 'open' })", 'findOneBy', 'missingOwnerScope', ['`findOneBy` on Consultation', ORM_OWNERS]),
  ormFinding('typeorm/routes.ts', "query.orWhere('c.status = :open'", "'c.status = :open'", 'unscopedOrBranch', ['Consultation', ORM_OWNERS]),
  ormFinding('typeorm/routes.ts', '.getMany(); // BUG: the Brackets group', 'getMany', 'missingOwnerScope', ['`getMany` on Consultation', ORM_OWNERS]),
  ormFinding('typeorm/routes.ts', 'return consultations.find({ where: query })', 'query', 'filterFromRequest', ['`find` on Consultation', 'NestJS `@Query()`', ORM_OWNERS]),
  ormFinding('typeorm/routes.ts', "{ status: 'draft' }] })", "{ status: 'draft' }", 'unscopedOrBranch', ['Consultation', ORM_OWNERS]),
  ormFinding('typeorm/routes.ts', 'return consultations.save(dto);', 'dto', 'ownerWrittenThroughObject', ['`save` writes NestJS `@Body()`', '`patientId`']),
  ormFinding('typeorm/routes.ts', `.where("c.status = 'waiting' OR c.status = 'open'")`, `"c.status = 'waiting' OR c.status = 'open'"`, 'unscopedOrBranch', ['Consultation', ORM_OWNERS]),
  ormFinding('sequelize/routes.ts', 'return Prescription.findByPk(req.params.id)', 'findByPk', 'missingOwnerScope', ['`findByPk` on Prescription', '`patientId`']),
  ormFinding('sequelize/routes.ts', 'models.Prescription.findAll({ where: { drug', 'findAll', 'missingOwnerScope', ['`findAll` on Prescription', '`patientId`']),
  ormFinding('mongoose/routes.ts', 'Reminders.findById(req.params.id)', 'findById', 'missingOwnerScope', ['`findById` on Reminder', '`patientId`']),
  ormFinding('mongoose/routes.ts', 'Message.findById(req.params.id)', 'findById', 'missingOwnerScope', ['`findById` on Message', '`senderId` or `recipientId`']),
  ormFinding('kysely/routes.ts', "return db.selectFrom('invoice').selectAll().execute()", 'selectFrom', 'missingTenantScope', ['`selectFrom` on invoice', '`clinicId`']),
  ormFinding('kysely/routes.ts', "trx.updateTable('invoice').set({ amount: 0 }).where('id', '=', id).execute()", 'updateTable', 'missingTenantScope', ['`updateTable` on invoice', '`clinicId`', 'change']),
  ormFinding('raw-sql/routes.ts', 'req.query.patientId]', 'req.query.patientId', 'ownerFromRequest', ['`patientId`', '`req.query`', 'lab_results']),
  ormFinding('raw-sql/routes.ts', 'OR created_at', '`SELECT * FROM lab_results WHERE patient_id = ${session.user.id} OR created_at > now() - interval \'1 day\'`', 'unscopedOrBranch', ['lab_results', '`patientId`']),
];

