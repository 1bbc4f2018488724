// The real ESLint CLIs (10 and 9) on the ORM examples in test/orm-examples: one small app per data
// layer (Drizzle, TypeORM, Sequelize, Mongoose, Kysely, raw SQL). Exactly the deliberate bugs are
// reported; correct queries and look-alikes (a Map's delete, an HTTP client's delete) are not. Each
// data layer's cron job, verified webhook and public link are not reported either, and the access
// report lists them as "system" / "public"; without the contexts settings, or without the signature
// checks, the same queries are reported.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ESLINT_10,
  ESLINT_9,
  ORM_FINDINGS as EXPECTED,
  assertFindings,
  lineOf,
  lintJson,
  makeTempDir,
  ormFinding,
  repoRoot,
  runNode,
} from './helpers.mjs';

const examplesDir = join(repoRoot, 'test', 'orm-examples');
/** Lines with calls that look like queries but are not (a Map, an HTTP client). */
const LOOK_ALIKES = [
  { file: 'drizzle/routes.ts', text: 'cache.delete(' },
  { file: 'typeorm/routes.ts', text: 'videoApi.delete(' },
];

const OWNERS = '`patientId` or `clinicianId`';
const CRON = 'the file matches `*/cron/**` in settings["data-isolation"].contexts.system';
const PUBLIC = 'the file matches `*/public/**` in settings["data-isolation"].contexts.public';
const STRIPE = 'a Stripe webhook, verified by `webhooks.constructEvent()`';
const STRIPE_ASYNC = 'a Stripe webhook, verified by `webhooks.constructEventAsync()`';
const SVIX = 'a Svix webhook, verified by `Webhook.verify()`';

/**
 * A query of a cron job, webhook or public link: where it is (the first line of `file` with `lineText`,
 * at `at`), the model, what the access report says about it (`state`, `reason`), and the finding it
 * becomes once its context is taken away (`messageId`, `mentions`).
 */
function contextSite(file, lineText, at, model, state, reason, messageId, mentions) {
  return { ...ormFinding(file, lineText, at, messageId, mentions), model, state, reason };
}

/** The system code of each data layer: a scheduled job (declared by a glob) and a verified webhook (recognised by type). */
const CRON_SITES = [
  contextSite('drizzle/cron/mark-missed-consultations.ts', '.update(consultations)', 'update', 'consultations', 'system', CRON, 'missingOwnerScope', ['`update` on consultations', OWNERS]),
  contextSite('typeorm/cron/close-stale-consultations.ts', 'getRepository(Consultation).update(', 'update', 'Consultation', 'system', CRON, 'missingOwnerScope', ['`update` on Consultation', OWNERS]),
  contextSite('sequelize/cron/expire-prescriptions.ts', 'await Prescription.update(', 'update', 'Prescription', 'system', CRON, 'missingOwnerScope', ['`update` on Prescription', '`patientId`']),
  contextSite('mongoose/cron/purge-old-messages.ts', 'Message.deleteMany(', 'deleteMany', 'Message', 'system', CRON, 'missingOwnerScope', ['`deleteMany` on Message', '`senderId` or `recipientId`']),
  contextSite('kysely/cron/mark-overdue-invoices.ts', "db.updateTable('invoice')", 'updateTable', 'invoice', 'system', CRON, 'missingTenantScope', ['`updateTable` on invoice', '`clinicId`']),
  contextSite('raw-sql/cron/notify-new-results.ts', 'pool.query<', 'query', 'lab_results', 'system', CRON, 'missingOwnerScope', ['`query` on lab_results', '`patientId`']),
];
const WEBHOOK_SITES = [
  contextSite('drizzle/webhooks/stripe.ts', 'db.update(prescriptionOrders)', 'update', 'prescriptionOrders', 'system', STRIPE, 'missingOwnerScope', ['`update` on prescriptionOrders', '`patientId`']),
  contextSite('typeorm/webhooks/video-service.ts', 'getRepository(Recording).update(', 'update', 'Recording', 'system', SVIX, 'missingOwnerScope', ['`update` on Recording', '`consultation.patientId`']),
  contextSite('sequelize/webhooks/stripe.ts', 'models.Prescription.update(', 'update', 'Prescription', 'system', STRIPE_ASYNC, 'missingOwnerScope', ['`update` on Prescription', '`patientId`']),
  contextSite('mongoose/webhooks/resend.ts', 'Message.updateOne(', 'updateOne', 'Message', 'system', SVIX, 'missingOwnerScope', ['`updateOne` on Message', '`senderId` or `recipientId`']),
  contextSite('kysely/webhooks/stripe.ts', "trx.updateTable('invoice')", 'updateTable', 'invoice', 'system', STRIPE, 'missingTenantScope', ['`updateTable` on invoice', '`clinicId`']),
  contextSite('raw-sql/webhooks/lab.ts', '.execute(db)', 'execute', 'lab_results', 'system', SVIX, 'missingOwnerScope', ['`execute` on lab_results', '`patientId`']),
];
/** Capability links: whoever holds the token is served, by design (declared by a glob). */
const PUBLIC_SITES = [
  contextSite('drizzle/public/pickup.ts', 'db.query.prescriptionOrders.findFirst(', 'findFirst', 'prescriptionOrders', 'public', PUBLIC, 'missingOwnerScope', ['`findFirst` on prescriptionOrders', '`patientId`']),
  contextSite('typeorm/public/shared-recording.ts', 'getRepository(Recording).findOne(', 'findOne', 'Recording', 'public', PUBLIC, 'missingOwnerScope', ['`findOne` on Recording', '`consultation.patientId`']),
  contextSite('sequelize/public/pickup.ts', 'Prescription.findOne(', 'findOne', 'Prescription', 'public', PUBLIC, 'missingOwnerScope', ['`findOne` on Prescription', '`patientId`']),
  contextSite('mongoose/public/unsubscribe.ts', 'Reminders.findOneAndUpdate(', 'findOneAndUpdate', 'Reminder', 'public', PUBLIC, 'missingOwnerScope', ['`findOneAndUpdate` on Reminder', '`patientId`']),
  contextSite('kysely/public/payment-link.ts', "db.selectFrom('invoice')", 'selectFrom', 'invoice', 'public', PUBLIC, 'missingTenantScope', ['`selectFrom` on invoice', '`clinicId`']),
  contextSite('raw-sql/public/shared-result.ts', 'pool.query(', 'query', 'lab_results', 'public', PUBLIC, 'missingOwnerScope', ['`query` on lab_results', '`patientId`']),
];
const CONTEXT_SITES = [...CRON_SITES, ...WEBHOOK_SITES, ...PUBLIC_SITES];
const CONTEXT_FILES = new Set(CONTEXT_SITES.map((s) => s.file));

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

    test('reports nothing in the cron jobs, the verified webhooks and the public links', () => {
      assert.deepEqual(run.findings.filter((f) => CONTEXT_FILES.has(f.file)), []);
    });

    test('reports nothing on look-alikes', () => {
      for (const { file, text } of LOOK_ALIKES) {
        const line = lineOf(examplesDir, file, text);
        assert.deepEqual(run.findings.filter((f) => f.file === file && f.line === line), [], `${file}:${line}`);
      }
    });
  });
}

const CLI = join(repoRoot, 'packages', 'eslint-plugin-data-isolation', 'dist', 'cli', 'index.js');

/** `data-isolation report --format json` in `cwd`. */
function accessReport(cwd) {
  const run = runNode([CLI, 'report', '--format', 'json'], cwd);
  assert.notEqual(run.status, 2, run.stderr);
  return JSON.parse(run.stdout);
}

const reportRow = (site) => [site.model, `${site.file}:${site.line}:${site.column}`, site.at, site.state, site.reason];

describe('cron jobs, verified webhooks and public links', () => {
  let temp;
  before(() => {
    temp = makeTempDir('orm-contexts');
  });
  after(() => temp && rmSync(temp, { recursive: true, force: true }));

  /** A copy of the examples in the temp folder (so packages still resolve), changed by `edit(dir)`. */
  function variant(name, edit) {
    const dir = join(temp, name);
    cpSync(examplesDir, dir, { recursive: true });
    edit(dir);
    return dir;
  }

  /** Replaces `pattern` in `file` of `dir`, failing when it is not there (so the examples cannot drift from the test). */
  function replaceIn(dir, file, pattern, replacement) {
    const path = join(dir, file);
    const source = readFileSync(path, 'utf8');
    const changed = source.replace(pattern, replacement);
    assert.notEqual(changed, source, `${file}: ${pattern} not found`);
    writeFileSync(path, changed);
  }

  test('the access report lists each of their queries as system or public, with the reason', () => {
    const report = accessReport(examplesDir);
    const listed = report.models.flatMap((m) =>
      m.sites
        .filter((s) => s.state === 'system' || s.state === 'public' || CONTEXT_FILES.has(s.file))
        .map((s) => [m.model, `${s.file}:${s.line}:${s.column}`, s.operation, s.state, s.scopedBy]),
    );
    const sort = (rows) => [...rows].sort((a, b) => a[1].localeCompare(b[1]));
    assert.deepEqual(sort(listed), sort(CONTEXT_SITES.map(reportRow)));
    assert.equal(report.summary.system, CRON_SITES.length + WEBHOOK_SITES.length);
    assert.equal(report.summary.public, PUBLIC_SITES.length);
  });

  test('without the contexts settings, the cron jobs are reported, and the public links that select by a code not named as a secret (the webhooks need no settings)', () => {
    const dir = variant('no-contexts', (d) =>
      replaceIn(d, 'eslint.config.mjs', /^\s*contexts: \{ system: \['\*\/cron\/\*\*'\], public: \['\*\/public\/\*\*'\] \},\n/m, ''),
    );
    const run = lintJson(ESLINT_10, dir);
    assert.equal(run.status, 1, run.stderr);
    // A link that selects by a column named as a secret (`pickupToken`, `shareToken`, `share_token` …) is
    // a capability lookup, public by itself in every data layer; Sequelize's `pickupCode` is not named so.
    const capability = PUBLIC_SITES.filter((site) => site.file !== 'sequelize/public/pickup.ts');
    assertFindings(run.findings, [...EXPECTED, ...CRON_SITES, ...PUBLIC_SITES.filter((site) => !capability.includes(site))], examplesDir);
    const report = accessReport(dir);
    const listed = report.models.flatMap((m) => m.sites.filter((s) => s.state === 'public').map((s) => [`${s.file}:${s.line}:${s.column}`, s.scopedBy]));
    assert.deepEqual(
      listed.map(([where]) => where).sort(),
      capability.map((site) => `${site.file}:${site.line}:${site.column}`).sort(),
    );
    for (const [where, reason] of listed) assert.match(reason, /^a capability lookup: it selects by `[A-Za-z_]+`, a secret the caller presents/, where);
  });

  test('without their signature checks, the webhooks\' updates are reported', () => {
    const dir = variant('unverified', (d) => {
      for (const file of ['drizzle/webhooks/stripe.ts', 'sequelize/webhooks/stripe.ts', 'kysely/webhooks/stripe.ts']) {
        // Stripe's own parser that checks no signature: not a verifier.
        replaceIn(d, file, /constructEvent(?:Async)?\(rawBody, signature, [^;]*\);/, 'constructEventWithoutVerification(rawBody);');
      }
      for (const file of ['typeorm/webhooks/video-service.ts', 'mongoose/webhooks/resend.ts', 'raw-sql/webhooks/lab.ts']) {
        replaceIn(d, file, /^(\s*)\S.*\.verify\(payload, headers\);$/m, '$1// no signature check');
      }
    });
    const typecheck = runNode([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json'), '--noEmit'], repoRoot);
    assert.equal(typecheck.status, 0, `tsc failed:\n${typecheck.stdout}${typecheck.stderr}`);
    const run = lintJson(ESLINT_10, dir);
    assert.equal(run.status, 1, run.stderr);
    assertFindings(run.findings, [...EXPECTED, ...WEBHOOK_SITES], examplesDir);
  });
});
