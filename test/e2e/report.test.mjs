// `data-isolation report`: the access report, run for real on the example app (and copies of it).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appDir, copyAppSources, ESLINT_10, generateClient, makeTempDir, repoRoot, runNode } from './helpers.mjs';

const CLI = join(repoRoot, 'packages', 'eslint-plugin-data-isolation', 'dist', 'cli', 'index.js');

/** Every query on an owner-scoped model in the example app: [model, where, operation, state, how]. */
const SITES = [
  ['Consultation', 'src/admin/reports.ts:10', 'count', 'unreadable', 'owner: the filter cannot be read statically'],
  ['Consultation', 'src/cron/close-stale-consultations.ts:11', 'updateMany', 'system', 'the file matches `src/cron/**` in settings["data-isolation"].contexts.system'],
  ['Consultation', 'src/routes/consultations.ts:14', 'findMany', 'scoped', 'patientId ← signed-in user'],
  ['Consultation', 'src/routes/consultations.ts:23', 'findFirst', 'scoped', 'patientId ← signed-in user'],
  ['Consultation', 'src/routes/consultations.ts:33', 'findMany', 'unscoped', 'unscopedOrBranch'],
  ['Consultation', 'src/routes/consultations.ts:45', 'update', 'scoped', 'patientId ← signed-in user'],
  ['Consultation', 'src/routes/consultations.ts:54', 'delete', 'unscoped', 'missingOwnerScope'],
  ['Consultation', 'src/routes/consultations.ts:62', 'findMany', 'unscoped', 'ownerFromRequest'],
  ['Consultation', 'src/routes/recordings.ts:48', 'findFirst', 'scoped', 'patientId ← signed-in user'],
  ['Consultation', 'src/trpc/router.ts:31', 'findMany', 'unscoped', 'possiblyUndefinedOwner'],
  ['Consultation', 'src/trpc/router.ts:36', 'findFirst', 'scoped', 'patientId ← signed-in user'],
  ['Invoice', 'src/admin/reports.ts:15', 'groupBy', 'scoped', 'clinicId ← signed-in user'],
  ['Invoice', 'src/trpc/router.ts:43', 'findMany', 'scoped', 'clinicId ← signed-in user'],
  ['Invoice', 'src/trpc/router.ts:47', 'findMany', 'unscoped', 'missingTenantScope'],
  ['Invoice', 'src/trpc/router.ts:50', 'update', 'scoped', 'clinicId ← signed-in user'],
  ['Invoice', 'src/webhooks/stripe.ts:16', 'update', 'system', 'a Stripe webhook, verified by `webhooks.constructEvent()`'],
  ['Prescription', 'src/services/prescriptions.service.ts:9', 'findMany', 'scoped', 'patientId ← signed-in user, clinicId ← signed-in user'],
  ['Prescription', 'src/services/prescriptions.service.ts:19', 'findMany', 'unscoped', 'missingTenantScope'],
  ['Prescription', 'src/services/prescriptions.service.ts:25', 'findFirst', 'scoped', 'patientId ← signed-in user, clinicId ← signed-in user'],
  ['Prescription', 'src/services/prescriptions.service.ts:30', 'update', 'scoped', 'patientId ← signed-in user, clinicId ← signed-in user'],
  ['Recording', 'src/public/shared-recording.ts:9', 'findUnique', 'public', 'the file matches `src/public/**` in settings["data-isolation"].contexts.public'],
  ['Recording', 'src/routes/recordings.ts:12', 'findMany', 'unscoped', 'missingOwnerScope'],
  ['Recording', 'src/routes/recordings.ts:24', 'findFirst', 'scoped', 'consultation.patientId ← signed-in user'],
  ['Recording', 'src/routes/recordings.ts:36', 'delete', 'scoped', 'consultation.patientId ← signed-in user'],
  ['Recording', 'src/routes/recordings.ts:52', 'deleteMany', 'guarded', 'owner: its id is proven by an earlier read tied to the signed-in user'],
];

const rows = (report) =>
  report.models.flatMap((m) => m.sites.map((s) => [m.model, `${s.file}:${s.line}`, s.operation, s.state, s.scopedBy && s.state !== 'unscoped' && s.state !== 'suppressed' ? s.scopedBy : s.finding?.messageId]));

const report = (cwd, args = []) => {
  const run = runNode([CLI, 'report', '--format', 'json', ...args], cwd);
  assert.notEqual(run.status, 2, run.stderr);
  return { status: run.status, report: JSON.parse(run.stdout) };
};

let temp;
before(() => {
  generateClient(appDir);
  temp = makeTempDir('report');
  copyAppSources(temp);
  generateClient(temp);
});
after(() => temp && rmSync(temp, { recursive: true, force: true }));

test('lists every query on each owner-scoped model, how it is scoped, and exits 1 on unscoped ones', () => {
  const { status, report: r } = report(appDir);
  assert.equal(status, 1);
  assert.deepEqual(rows(r), SITES);
  assert.deepEqual(r.summary, { scoped: 13, guarded: 1, unscoped: 7, unverified: 0, unreadable: 1, suppressed: 0, system: 2, public: 1 });
  assert.deepEqual(
    r.models.map((m) => [m.model, m.classification]),
    [
      ['Consultation', { owners: ['patientId', 'clinicianId'], tenants: [], source: 'schema' }],
      ['Invoice', { owners: [], tenants: ['clinicId'], source: 'schema' }],
      ['Prescription', { owners: ['patientId'], tenants: ['clinicId'], source: 'schema' }],
      ['Recording', { owners: ['consultation.patientId'], tenants: [], source: 'schema' }],
    ],
  );
  assert.deepEqual(r.unclassified, []);
  assert.equal(r.files, 12);
});

test('Markdown (the default) and HTML name each model and query', () => {
  const md = runNode([CLI, 'report'], appDir);
  assert.equal(md.status, 1);
  assert.match(md.stdout, /^# Patient-data access report$/m);
  assert.match(md.stdout, /^## Recording$/m);
  assert.match(md.stdout, /^\| `src\/routes\/recordings.ts:12` \| `findMany` \| ❌ unscoped \| `findMany` on Recording is not filtered/m);
  assert.match(md.stdout, /^\| `src\/webhooks\/stripe.ts:16` \| `update` \| ⚙️ system \(no signed-in user\) \| a Stripe webhook, verified by `webhooks.constructEvent\(\)` \|$/m);
  assert.match(md.stdout, /^\| `src\/public\/shared-recording.ts:9` \| `findUnique` \| 🌐 public by design \| the file matches `src\/public\/\*\*` in settings\["data-isolation"\].contexts.public \|$/m);
  const out = join(temp, 'report.html');
  const html = runNode([CLI, 'report', '--format', 'html', '--output', out], appDir);
  assert.equal(html.status, 1);
  assert.equal(html.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /<h2>Recording<\/h2>.*<code>src\/routes\/recordings.ts:12<\/code>/s);
});

test('a suppressed query is listed with the justification from its directive', () => {
  const file = join(temp, 'src/routes/recordings.ts');
  const source = readFileSync(file, 'utf8');
  const lines = source.split('\n');
  lines.splice(11, 0, '  // eslint-disable-next-line data-isolation/require-owner-scope -- clinicians list recordings via the care-team check in the router');
  writeFileSync(file, lines.join('\n'));
  try {
    const { status, report: r } = report(temp);
    assert.equal(status, 1, 'other queries are still unscoped');
    const site = r.models.find((m) => m.model === 'Recording').sites.find((s) => s.line === 13);
    assert.deepEqual(
      { state: site.state, justification: site.justification, messageId: site.finding.messageId },
      { state: 'suppressed', justification: 'clinicians list recordings via the care-team check in the router', messageId: 'missingOwnerScope' },
    );
    assert.equal(r.summary.suppressed, 1);
    assert.equal(r.summary.unscoped, 6);
  } finally {
    writeFileSync(file, source);
  }
});

test('with every finding in ESLint bulk suppressions, nothing is unscoped and it exits 0', () => {
  const suppress = runNode([ESLINT_10, '--suppress-all', '.'], temp);
  assert.equal(suppress.status, 0, suppress.stdout + suppress.stderr);
  try {
    const { status, report: r } = report(temp);
    assert.equal(status, 0);
    assert.equal(r.summary.unscoped, 0);
    assert.equal(r.summary.suppressed, 7);
    const site = r.models.find((m) => m.model === 'Recording').sites.find((s) => s.line === 12);
    assert.equal(site.justification, 'bulk suppression (eslint-suppressions.json)');
  } finally {
    rmSync(join(temp, 'eslint-suppressions.json'), { force: true });
  }
});

test('a query reached through a helper is listed at each call of the helper, with the chain to it', () => {
  const helper = join(temp, 'src/lib/consultation-queries.ts');
  const route = join(temp, 'src/routes/by-helper.ts');
  writeFileSync(
    helper,
    `import { prisma } from '../db';

export function consultationsMatching(patientId: string, reason: string) {
  return prisma.consultation.findMany({ where: { patientId, reason } });
}
`,
  );
  writeFileSync(
    route,
    `import type { Session } from '../auth/session';
import { consultationsMatching } from '../lib/consultation-queries';

export async function mine(session: Session, reason: string) {
  return consultationsMatching(session.user.id, reason);
}

export async function anyones(session: Session, patientId: string, reason: string) {
  return consultationsMatching(patientId, reason);
}
`,
  );
  try {
    const { report: r } = report(temp);
    const through = r.models.find((m) => m.model === 'Consultation').sites.filter((s) => s.through);
    const chain = 'consultationsMatching → consultation.findMany at src/lib/consultation-queries.ts:4';
    assert.deepEqual(
      through.map((s) => [`${s.file}:${s.line}`, s.operation, s.state, s.through, s.scopedBy]),
      [
        ['src/routes/by-helper.ts:5', 'findMany', 'scoped', chain, 'patientId ← signed-in user'],
        ['src/routes/by-helper.ts:9', 'findMany', 'unverified', chain, 'patientId ← unknown: `patientId` is a function parameter'],
      ],
    );
    // The helper's own query is left to its callers (its filter is made of its parameters): not listed twice.
    assert.equal(r.models.find((m) => m.model === 'Consultation').sites.filter((s) => s.file === 'src/lib/consultation-queries.ts').length, 1);
    const md = runNode([CLI, 'report'], temp).stdout;
    assert.match(md, /^\| `src\/routes\/by-helper.ts:5` \| `findMany` through `consultationsMatching → consultation.findMany at src\/lib\/consultation-queries.ts:4` \| ✅ scoped \| patientId ← signed-in user \|$/m);
  } finally {
    rmSync(helper);
    rmSync(route);
  }
});

test('bad usage is one clear message and exit code 2', () => {
  const run = runNode([CLI, 'report', '--format', 'pdf'], appDir);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'Unknown format "pdf"; use one of markdown, json, html.\n');
  const empty = mkdtempSync(join(tmpdir(), 'di-no-eslint-'));
  try {
    const none = runNode([CLI, 'report'], empty);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^data-isolation: ESLint is not installed in /);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
