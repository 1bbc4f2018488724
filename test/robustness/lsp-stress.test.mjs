// The language server under 1,000 rapid edits (lsp-stress.mjs) on a typed project with a real generated
// Prisma Client: no crash and no error logged, the final diagnostics exactly those of the final text,
// requests still answered, and the server's JS heap after full GCs within 10% of what it was after the
// first 50 edits.
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SCHEMA } from './hostile-cases.mjs';
import { TSCONFIG, generateClient, makeTempDir, removeDir, writeFiles } from './lib.mjs';
import { editScript, stressServer } from './lsp-stress.mjs';

const HEADER = [
  "import { PrismaClient } from './generated/prisma/client';",
  '',
  'declare const prisma: PrismaClient;',
  'declare const session: { user: { id: string; clinicId: string } };',
  'declare const id: string;',
  '',
];

/** Query lines, scoped and unscoped, with the message id the rule gives the unscoped one. */
const QUERIES = [
  {
    unscoped: (n) => `export const q${n} = () => prisma.consultation.findFirst({ where: { id } });`,
    scoped: (n) => `export const q${n} = () => prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });`,
    messageId: 'missingOwnerScope',
    model: 'Consultation',
  },
  {
    unscoped: (n) => `export const q${n} = () => prisma.recording.findMany({ where: { consultationId: id } });`,
    scoped: (n) => `export const q${n} = () => prisma.recording.findMany({ where: { consultationId: id, consultation: { patientId: session.user.id } } });`,
    messageId: 'missingOwnerScope',
    model: 'Recording',
  },
  {
    unscoped: (n) => `export const q${n} = () => prisma.invoice.findMany({ where: { amount: 1 } });`,
    scoped: (n) => `export const q${n} = () => prisma.invoice.findMany({ where: { clinicId: session.user.clinicId, amount: 1 } });`,
    messageId: 'missingTenantScope',
    model: 'Invoice',
  },
];

const PRISMA = { header: HEADER, queries: QUERIES };

let dir;

before(async () => {
  dir = makeTempDir('robustness-lsp');
  writeFiles(dir, { 'prisma/schema.prisma': SCHEMA, 'tsconfig.json': TSCONFIG, ...editScript(PRISMA).initial });
  generateClient(join(dir, 'prisma', 'schema.prisma'));
});

after(() => removeDir(dir));

test('1,000 rapid edits: no crash, exact final diagnostics, still answering, heap growth under 10%', { timeout: 15 * 60_000 }, (t) => stressServer(t, dir, PRISMA));
