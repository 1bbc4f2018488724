// The language server under 1,000 rapid edits (lsp-stress.mjs) on a Drizzle (pg) project: tables
// declared with their owners in src/schema.ts (never edited), a database made with that schema
// (`drizzle(…, { schema })`), and select, relational and delete queries, one owned through a relation.
// Besides what the Prisma run checks, it guards the caches the Drizzle adapter keeps across lints: the
// tables' symbols outlive their program (an edit makes a new program that reuses the unedited
// schema.ts), so a cache keyed by them alone keeps every old checker alive, which the bound on the
// heap's growth catches (commit e409eca).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TSCONFIG, makeTempDir, removeDir, repoRoot, writeFiles } from './lib.mjs';
import { editScript, stressServer } from './lsp-stress.mjs';

// The tables of the Drizzle rule tests (pg, mysql and sqlite; owners, a tenant, owners through relations)
// and the example app's database, made with that schema.
const SCHEMA = readFileSync(join(repoRoot, 'packages/eslint-plugin-data-isolation/tests/fixtures/drizzle/schema.ts'), 'utf8');
const DB = readFileSync(join(repoRoot, 'test/orm-examples/drizzle/db.ts'), 'utf8');

const HEADER = [
  "import { and, eq, inArray } from 'drizzle-orm';",
  "import { db } from './db';",
  "import { consultations, invoices, items, orders } from './schema';",
  '',
  'declare const session: { user: { id: string; clinicId: string } };',
  'declare const id: string;',
  '',
];

/** Query lines, scoped and unscoped, with the message id the rule gives the unscoped one. */
const QUERIES = [
  {
    unscoped: (n) => `export const q${n} = () => db.select().from(consultations).where(eq(consultations.id, id));`,
    scoped: (n) => `export const q${n} = () => db.select().from(consultations).where(and(eq(consultations.id, id), eq(consultations.patientId, session.user.id)));`,
    messageId: 'missingOwnerScope',
    model: 'consultations',
  },
  {
    unscoped: (n) => `export const q${n} = () => db.query.items.findMany({ where: eq(items.sku, id) });`,
    scoped: (n) =>
      `export const q${n} = () => db.query.items.findMany({ where: inArray(items.orderId, db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, session.user.id))) });`,
    messageId: 'missingOwnerScope',
    model: 'items',
  },
  {
    unscoped: (n) => `export const q${n} = () => db.delete(invoices).where(eq(invoices.id, id));`,
    scoped: (n) => `export const q${n} = () => db.delete(invoices).where(and(eq(invoices.id, id), eq(invoices.clinicId, session.user.clinicId)));`,
    messageId: 'missingTenantScope',
    model: 'invoices',
  },
];

const DRIZZLE = { header: HEADER, queries: QUERIES };

let dir;

before(() => {
  dir = makeTempDir('robustness-lsp-drizzle');
  writeFiles(dir, { 'src/schema.ts': SCHEMA, 'src/db.ts': DB, 'tsconfig.json': TSCONFIG, ...editScript(DRIZZLE).initial });
});

after(() => removeDir(dir));

test('Drizzle: 1,000 rapid edits: no crash, exact final diagnostics, still answering, heap growth under 10%', { timeout: 15 * 60_000 }, (t) => stressServer(t, dir, DRIZZLE));
