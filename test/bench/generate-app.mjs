// Generates a realistic Prisma app of N TypeScript files for the benchmarks: a multi-tenant SaaS with
// 25 models (owned, owned through relations, tenant-scoped, public and unclassified), and per module
// a service (a class with an injected PrismaService), routes, a repository (transaction clients),
// background jobs and a mapper. Roughly 5 queries per file, about 1 in 6 of them deliberately unscoped.
//
//   node test/bench/generate-app.mjs [--files 2000] [--out test/bench/.out/app-2000] [--force]
//
// Output: <out>/prisma/schema.prisma, tsconfig.json, eslint.{a,r,t,b,c}.config.mjs, src/** and the real
// Prisma Client generated into <out>/src/generated/prisma (the `prisma-client` generator). The
// generation is deterministic: the same N gives the same files. Re-running is a no-op unless --force.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const outRoot = join(here, '.out');
const GENERATOR_VERSION = 4; // bump when the output changes, so cached apps are regenerated

// ---------------------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------------------

/**
 * Each model: scalar fields (`name: type`), relations `[field, Target, fk, optional?]`, its annotation,
 * `text` (a string field to filter and update), `owners` (owner paths) and `tenant`.
 */
const MODELS = [
  { name: 'Organization', scalars: { name: 'String', plan: 'String' }, rel: [], text: 'name' },
  {
    name: 'User', scalars: { email: 'String @unique', name: 'String', role: 'Role' },
    rel: [['organization', 'Organization', 'organizationId']], text: 'name',
  },
  {
    name: 'Team', scalars: { name: 'String' }, rel: [['organization', 'Organization', 'organizationId']],
    text: 'name', tenant: 'organizationId',
  },
  {
    name: 'Membership', scalars: { role: 'Role', note: 'String' },
    rel: [['user', 'User', 'userId'], ['team', 'Team', 'teamId']], text: 'note', owners: ['userId'],
  },
  {
    name: 'Project', scalars: { name: 'String', status: 'ProjectStatus', archived: 'Boolean @default(false)' },
    rel: [['owner', 'User', 'ownerId'], ['organization', 'Organization', 'organizationId']],
    text: 'name', owners: ['ownerId'], tenant: 'organizationId', status: ['ProjectStatus', 'ACTIVE'],
  },
  {
    name: 'Task', scalars: { title: 'String', status: 'TaskStatus', dueAt: 'DateTime?' },
    rel: [['project', 'Project', 'projectId'], ['assignee', 'User', 'assigneeId', true]],
    text: 'title', owners: ['project.ownerId', 'assigneeId'], status: ['TaskStatus', 'OPEN'],
  },
  {
    name: 'Comment', scalars: { body: 'String' }, rel: [['author', 'User', 'authorId'], ['task', 'Task', 'taskId']],
    text: 'body', owners: ['authorId'],
  },
  {
    name: 'Attachment', scalars: { fileName: 'String', sizeBytes: 'Int' }, rel: [['comment', 'Comment', 'commentId']],
    text: 'fileName', owners: ['comment.authorId'],
  },
  {
    name: 'Folder', scalars: { name: 'String' }, rel: [['owner', 'User', 'ownerId']], text: 'name', owners: ['ownerId'],
  },
  {
    name: 'Document', scalars: { title: 'String', body: 'String' },
    rel: [['owner', 'User', 'ownerId'], ['folder', 'Folder', 'folderId', true]], text: 'title', owners: ['ownerId'],
  },
  {
    name: 'Message', scalars: { body: 'String', readAt: 'DateTime?' },
    rel: [['sender', 'User', 'senderId'], ['recipient', 'User', 'recipientId']], text: 'body',
    owners: ['senderId', 'recipientId'],
  },
  {
    name: 'Notification', scalars: { kind: 'String', readAt: 'DateTime?' }, rel: [['user', 'User', 'userId']],
    text: 'kind', owners: ['userId'],
  },
  {
    name: 'ApiKey', scalars: { label: 'String', hashedKey: 'String @unique', revokedAt: 'DateTime?' },
    rel: [['user', 'User', 'userId']], text: 'label', owners: ['userId'],
  },
  {
    name: 'AuditLog', scalars: { action: 'String' },
    rel: [['actor', 'User', 'actorId'], ['organization', 'Organization', 'organizationId']], text: 'action',
    tenant: 'organizationId',
  },
  {
    name: 'Customer', scalars: { name: 'String', email: 'String' },
    rel: [['organization', 'Organization', 'organizationId'], ['accountManager', 'User', 'accountManagerId']],
    text: 'name', owners: ['accountManagerId'], tenant: 'organizationId',
  },
  {
    name: 'Order', scalars: { reference: 'String', totalCents: 'Int', status: 'OrderStatus' },
    rel: [['customer', 'Customer', 'customerId'], ['organization', 'Organization', 'organizationId']],
    text: 'reference', owners: ['customer.accountManagerId'], tenant: 'organizationId', status: ['OrderStatus', 'PENDING'],
  },
  {
    name: 'Product', scalars: { name: 'String', priceCents: 'Int' },
    rel: [['organization', 'Organization', 'organizationId']], text: 'name', tenant: 'organizationId',
  },
  {
    name: 'OrderItem', scalars: { quantity: 'Int', priceCents: 'Int', note: 'String' },
    rel: [['order', 'Order', 'orderId'], ['product', 'Product', 'productId']], text: 'note',
    owners: ['order.customer.accountManagerId'],
  },
  {
    name: 'Invoice', scalars: { amountCents: 'Int', status: 'InvoiceStatus', dueAt: 'DateTime', memo: 'String' },
    rel: [['organization', 'Organization', 'organizationId'], ['order', 'Order', 'orderId']], text: 'memo',
    tenant: 'organizationId', status: ['InvoiceStatus', 'DRAFT'],
  },
  {
    name: 'Address', scalars: { line1: 'String', city: 'String' }, rel: [['user', 'User', 'userId']], text: 'city',
    owners: ['userId'],
  },
  { name: 'Plan', scalars: { name: 'String', priceCents: 'Int' }, rel: [], text: 'name', public: 'pricing, the same for everyone' },
  {
    name: 'Subscription', scalars: { renewsAt: 'DateTime', seats: 'Int', note: 'String' },
    rel: [['user', 'User', 'userId'], ['plan', 'Plan', 'planId']], text: 'note', owners: ['userId'],
  },
  { name: 'Country', scalars: { code: 'String @unique', name: 'String' }, rel: [], text: 'name', public: 'reference data' },
  { name: 'Currency', scalars: { code: 'String @unique', name: 'String' }, rel: [], text: 'name', public: 'reference data' },
  { name: 'FeatureFlag', scalars: { key: 'String @unique', enabled: 'Boolean' }, rel: [], text: 'key', public: 'global flags' },
];

const ENUMS = {
  Role: ['MEMBER', 'ADMIN', 'OWNER'],
  ProjectStatus: ['ACTIVE', 'PAUSED', 'DONE'],
  TaskStatus: ['OPEN', 'IN_PROGRESS', 'DONE'],
  OrderStatus: ['PENDING', 'PAID', 'SHIPPED', 'CANCELLED'],
  InvoiceStatus: ['DRAFT', 'SENT', 'PAID', 'OVERDUE'],
};

const byName = new Map(MODELS.map((m) => [m.name, m]));
const lcFirst = (s) => s[0].toLowerCase() + s.slice(1);
const ucFirst = (s) => s[0].toUpperCase() + s.slice(1);

export function schemaText() {
  const back = new Map(MODELS.map((m) => [m.name, []]));
  for (const m of MODELS) {
    for (const [field, target] of m.rel) {
      const relName = `${m.name}_${field}`;
      back.get(target).push(`  ${lcFirst(m.name)}By${ucFirst(field)} ${m.name}[] @relation("${relName}")`);
    }
  }
  const out = [
    '// Generated by test/bench/generate-app.mjs: a multi-tenant SaaS for the data-isolation benchmarks.',
    '',
    'generator client {',
    '  provider = "prisma-client"',
    '  output   = "../src/generated/prisma"',
    '}',
    '',
    'datasource db {',
    '  provider = "postgresql"',
    '}',
    '',
  ];
  for (const [name, values] of Object.entries(ENUMS)) out.push(`enum ${name} {`, ...values.map((v) => `  ${v}`), '}', '');
  for (const m of MODELS) {
    if (m.owners) out.push(`/// @owner(${m.owners.join(', ')})`);
    if (m.tenant) out.push(`/// @tenant(${m.tenant})`);
    if (m.public) out.push(`/// @public("${m.public}")`);
    out.push(`model ${m.name} {`, '  id        String   @id @default(cuid())', '  createdAt DateTime @default(now())');
    for (const [field, type] of Object.entries(m.scalars)) out.push(`  ${field} ${type}`);
    for (const [field, target, fk, optional] of m.rel) {
      out.push(`  ${fk} String${optional ? '?' : ''}`);
      out.push(`  ${field} ${target}${optional ? '?' : ''} @relation("${m.name}_${field}", fields: [${fk}], references: [id])`);
    }
    out.push(...back.get(m.name), '}', '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------

/** `a.b.c` owner path → `a: { b: { c: value } } }` (relations here are all to-one). */
function pathFilter(path, value) {
  const parts = path.split('.');
  let text = `${parts.pop()}: ${value}`;
  while (parts.length > 0) text = `${parts.pop()}: { ${text} }`;
  return text;
}

const USER_ID = 'session.user.id';
const TENANT = 'session.user.organizationId';

/** A deterministic pseudo-random generator (mulberry32), so that the same N gives the same app (also the stress test's script). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Query snippets for `m`, as functions of the client expression. Each returns `{ text, bug }`; `bug` says
 * whether the rule is expected to report it (a deliberately unscoped query).
 */
function querySnippets(m, random) {
  const d = lcFirst(m.name);
  const owner = m.owners ? m.owners[Math.floor(random() * m.owners.length)] : undefined;
  const parts = [];
  if (owner) parts.push(pathFilter(owner, USER_ID));
  if (m.tenant) parts.push(`${m.tenant}: ${TENANT}`);
  const scope = parts.join(', ');
  const scoped = scope ? `${scope}, ` : '';
  const statusFilter = m.status ? `status: ${m.status[0]}.${m.status[1]}` : `${m.text}: { contains: query }`;
  const snippets = [
    (db) => ({ text: `${db}.${d}.findMany({ where: { ${scoped}${statusFilter} }, orderBy: { createdAt: 'desc' }, take: 50 })`, bug: false }),
    (db) => ({ text: `${db}.${d}.findFirst({ where: { id, ${scope} } })`, bug: false }),
    (db) => ({ text: `${db}.${d}.count({ where: { ${scoped}createdAt: { gte: since } } })`, bug: false }),
    (db) => ({ text: `${db}.${d}.updateMany({ where: { id, ${scope} }, data: { ${m.text}: value } })`, bug: false }),
    (db) => ({ text: `${db}.${d}.deleteMany({ where: { id, ${scope} } })`, bug: false }),
  ];
  if (m.owners || m.tenant) {
    const unscoped = [
      // The classic: by id alone.
      (db) => ({ text: `${db}.${d}.findFirst({ where: { id } })`, bug: true }),
      (db) => ({ text: `${db}.${d}.deleteMany({ where: { id } })`, bug: true }),
      // An OR with one branch that is not scoped.
      (db) => ({ text: `${db}.${d}.findMany({ where: { OR: [{ ${scope} }, { ${m.text}: { contains: query } }] } })`, bug: true }),
    ];
    if (m.owners && m.tenant) {
      // Owner but not tenant.
      unscoped.push((db) => ({ text: `${db}.${d}.findMany({ where: { ${pathFilter(owner, USER_ID)} } })`, bug: true }));
    }
    if (m.owners && m.owners.length > 1) {
      snippets.push((db) => ({
        text: `${db}.${d}.findMany({ where: { ${m.tenant ? `${m.tenant}: ${TENANT}, ` : ''}OR: [${m.owners.map((o) => `{ ${pathFilter(o, USER_ID)} }`).join(', ')}] } })`,
        bug: false,
      }));
    }
    snippets.push(...unscoped.map((f) => Object.assign(f, { unscoped: true })));
  }
  return snippets;
}

const stats = { unscoped: 0 };

/** `count` snippets chosen for one file: mostly scoped, about 1 in 6 unscoped. */
function pickQueries(m, count, random) {
  const snippets = querySnippets(m, random);
  const scopedOnes = snippets.filter((s) => !s.unscoped);
  const unscopedOnes = snippets.filter((s) => s.unscoped);
  const out = [];
  for (let i = 0; i < count; i++) {
    const pool = unscopedOnes.length > 0 && random() < 1 / 6 ? unscopedOnes : scopedOnes;
    if (pool === unscopedOnes) stats.unscoped++;
    out.push(pool[Math.floor(random() * pool.length)]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------

const SCOPED = MODELS.filter((m) => m.owners || m.tenant || m.public);
const KINDS = ['service', 'routes', 'repository', 'jobs', 'mapper'];

function enumImports(m) {
  return m.status ? `import { ${m.status[0]} } from '../../generated/prisma/enums';\n` : '';
}

const PARAMS = 'session: Session, id: string, query: string, since: Date, value: string';

function method(name, body, indent = '  ') {
  return `${indent}async ${name}(${PARAMS}) {\n${indent}  return ${body};\n${indent}}\n`;
}

function serviceFile(slice, m, random) {
  const qs = pickQueries(m, 6, random);
  const body = qs.map((q, i) => method(`op${i}`, q('this.db').text)).join('\n');
  return `import type { PrismaService } from '../../db/prisma.service';
import type { Session } from '../../auth/session';
${enumImports(m)}
/** ${m.name} use cases of module ${slice}. */
export class ${m.name}Service${slice} {
  constructor(private readonly db: PrismaService) {}

${body}
  /** Reference data every user may read. */
  listCountries() {
    return this.db.country.findMany({ orderBy: { name: 'asc' } });
  }
}
`;
}

function routesFile(slice, m, random) {
  const qs = pickQueries(m, 4, random);
  const handlers = qs
    .map(
      (q, i) => `/** ${['GET', 'POST', 'PATCH', 'DELETE'][i % 4]} /${lcFirst(m.name)}s/${i} */
export async function handle${i}(session: Session, req: RouteRequest) {
  const id = req.params.id ?? '';
  const query = req.query.q ?? '';
  const since = new Date(req.query.since ?? 0);
  const value = String(req.body.value ?? '');
  if (!id && ${i % 2 === 0}) throw new BadRequestError('id is required');
  const result = await ${q('prisma').text};
  return { status: 200, body: result };
}
`,
    )
    .join('\n');
  return `import { BadRequestError, type Session } from '../../auth/session';
import { prisma } from '../../db/client';
import type { RouteRequest } from '../../lib/http';
import { ${m.name}Service${slice} } from './${lcFirst(m.name)}.service';
${enumImports(m)}
const service = new ${m.name}Service${slice}(prisma);

${handlers}
/** Delegates to the service. */
export function viaService(session: Session, req: RouteRequest) {
  return service.op0(session, req.params.id ?? '', req.query.q ?? '', new Date(0), '');
}
`;
}

function repositoryFile(slice, m, random) {
  const qs = pickQueries(m, 5, random);
  const d = lcFirst(m.name);
  const owned = m.owners ? pathFilter(m.owners[0], 'session.user.id') : undefined;
  const helper = owned
    ? `/** The signed-in user's own ${m.name} rows. */
function owned(session: Session) {
  return { ${owned}${m.tenant ? `, ${m.tenant}: session.user.organizationId` : ''} };
}
`
    : m.tenant
      ? `/** The signed-in user's organisation's ${m.name} rows. */
function owned(session: Session) {
  return { ${m.tenant}: session.user.organizationId };
}
`
      : '';
  const extra = helper
    ? `
export function findOwned(db: Db, session: Session, id: string) {
  const where = { ...owned(session), id };
  return db.${d}.findFirst({ where });
}

export function inTransaction(session: Session, id: string, value: string) {
  return prisma.$transaction(async (tx) => {
    const row = await tx.${d}.findFirst({ where: { ...owned(session), id } });
    if (!row) return null;
    return tx.${d}.updateMany({ where: { ...owned(session), id: row.id }, data: { ${m.text}: value } });
  });
}
`
    : '';
  const fns = qs.map((q, i) => `export function query${i}(db: Db, ${PARAMS}) {\n  return ${q('db').text};\n}\n`).join('\n');
  return `import type { Session } from '../../auth/session';
import { prisma, type Db } from '../../db/client';
${enumImports(m)}
${helper}
${fns}${extra}`;
}

function jobsFile(slice, m, random) {
  const qs = pickQueries(m, 4, random);
  const steps = qs.map((q, i) => `  const step${i} = await ${q('prisma').text};\n  log.push(['step${i}', step${i}]);`).join('\n');
  return `import type { Session } from '../../auth/session';
import { prisma } from '../../db/client';
${enumImports(m)}
/** A nightly job of module ${slice}, run on behalf of each user in turn. */
export async function nightly${slice}(${PARAMS}): Promise<unknown[]> {
  const log: unknown[] = [];
${steps}
  const flags = await prisma.featureFlag.findMany({ where: { enabled: true } });
  log.push(flags.map((f) => f.key));
  const cache = new Map<string, unknown>();
  cache.set(id, log);
  cache.delete(id);
  return log;
}
`;
}

function mapperFile(slice, m, random) {
  const d = lcFirst(m.name);
  const qs = pickQueries(m, 1, random);
  return `import type { Session } from '../../auth/session';
import { prisma } from '../../db/client';
import type { ${m.name} } from '../../generated/prisma/client';
${enumImports(m)}
export interface ${m.name}Dto${slice} {
  id: string;
  createdAt: string;
  label: string;
}

/** Maps a row to what the API returns. */
export function toDto(row: ${m.name}): ${m.name}Dto${slice} {
  return { id: row.id, createdAt: row.createdAt.toISOString(), label: String(row.${m.text}) };
}

export function toDtos(rows: ${m.name}[]): ${m.name}Dto${slice}[] {
  return rows.map(toDto).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function validate(input: unknown): input is Partial<${m.name}Dto${slice}> {
  if (typeof input !== 'object' || input === null) return false;
  const record = input as Record<string, unknown>;
  return Object.keys(record).every((key) => ['id', 'createdAt', 'label'].includes(key));
}

export async function loadDto(${PARAMS}) {
  const row = await ${qs[0]('prisma').text};
  return row;
}

/** Keeps the ${d} label short in lists. */
export function shorten(label: string, max = 40): string {
  return label.length > max ? \`\${label.slice(0, max - 1)}…\` : label;
}
`;
}

const WRITERS = { service: serviceFile, routes: routesFile, repository: repositoryFile, jobs: jobsFile, mapper: mapperFile };

const STATIC_FILES = {
  'src/auth/session.ts': `import type { Role } from '../generated/prisma/enums';

/** The signed-in user, as the auth middleware attaches it to every request. */
export interface Session {
  user: { id: string; organizationId: string; role: Role };
}

export class BadRequestError extends Error {}
export class ForbiddenError extends Error {}
`,
  'src/db/client.ts': `import { PrismaClient } from '../generated/prisma/client';

export const prisma = new PrismaClient({
  accelerateUrl: process.env.DATABASE_URL ?? 'prisma+postgres://localhost:51213/?api_key=dev',
});

export type Db = typeof prisma;
`,
  'src/db/prisma.service.ts': `import { PrismaClient } from '../generated/prisma/client';

/** The client as a framework would inject it. */
export class PrismaService extends PrismaClient {
  constructor() {
    super({ accelerateUrl: process.env.DATABASE_URL ?? 'prisma+postgres://localhost:51213/?api_key=dev' });
  }
}
`,
  'src/lib/http.ts': `export interface RouteRequest {
  params: { id?: string };
  query: { q?: string; since?: string };
  body: { value?: unknown };
}
`,
};

const CONFIGS = {
  'eslint.base.mjs': `// Typed linting with typescript-eslint's project service: what every variant shares.
import tseslint from 'typescript-eslint';

export const files = ['src/**/*.ts'];

export default [
  { ignores: ['src/generated/**'] },
  {
    files,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
];
`,
  'eslint.a.config.mjs': `// (a) the parser with projectService and no rules.
import base from './eslint.base.mjs';

export default base;
`,
  'eslint.r.config.mjs': `// (r) (a) + one rule that costs nothing: ESLint's own no-debugger. What any rule costs before it does
// anything (measured: at N = 2,000 the process needs about 500 MiB more than with no rule, and spends
// seconds more collecting garbage).
import base, { files } from './eslint.base.mjs';

export default [...base, { files, rules: { 'no-debugger': 'error' } }];
`,
  'eslint.b.config.mjs': `// (b) (a) + eslint-plugin-data-isolation's recommended config. BENCH_PLUGIN=<path to a build's
// dist/index.js> measures another build of the plugin (say, with a proposed fix applied).
import { pathToFileURL } from 'node:url';
import base, { files } from './eslint.base.mjs';

const { default: dataIsolation } = await import(
  process.env.BENCH_PLUGIN ? pathToFileURL(process.env.BENCH_PLUGIN).href : 'eslint-plugin-data-isolation'
);

export default [...base, { ...dataIsolation.configs.recommended, files }];
`,
  'eslint.t.config.mjs': `// (t) (a) + one type-aware rule: typescript-eslint's no-floating-promises. What asking the checker about
// the code costs in itself, to read (b)'s cost against.
import tseslint from 'typescript-eslint';
import base, { files } from './eslint.base.mjs';

export default [...base, { files, plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } }];
`,
  'eslint.c.config.mjs': `// (c) (a) + typescript-eslint's recommended-type-checked.
import tseslint from 'typescript-eslint';
import base, { files } from './eslint.base.mjs';

export default [...base, ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files }))];
`,
};

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

/** The app's files (relative path → text), without the generated client. */
export function appFiles(fileCount) {
  const files = { 'prisma/schema.prisma': schemaText(), 'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`, ...CONFIGS, ...STATIC_FILES };
  const random = rng(fileCount * 7919 + 17);
  const budget = fileCount - Object.keys(STATIC_FILES).length;
  stats.unscoped = 0;
  for (let i = 0; i < budget; i++) {
    const slice = Math.floor(i / KINDS.length);
    const kind = KINDS[i % KINDS.length];
    const m = SCOPED[slice % SCOPED.length];
    const text = WRITERS[kind](slice, m, random);
    files[`src/modules/m${slice}/${kind === 'service' ? `${lcFirst(m.name)}.service` : kind}.ts`] = text;
  }
  return files;
}

function countQueries(files) {
  let queries = 0;
  for (const [file, text] of Object.entries(files)) {
    if (!file.startsWith('src/')) continue;
    queries += (text.match(/\.(findMany|findFirst|findUnique|count|updateMany|deleteMany)\(/g) ?? []).length;
  }
  return queries;
}

/** Writes the app for `fileCount` files into `out` (and generates its Prisma Client); returns a summary. */
export function generateApp(fileCount, out = join(outRoot, `app-${fileCount}`), { force = false } = {}) {
  const stamp = join(out, '.generated.json');
  if (!force && existsSync(stamp)) {
    const summary = JSON.parse(readFileSync(stamp, 'utf8'));
    if (summary.version === GENERATOR_VERSION && summary.files === fileCount) {
      // The ESLint configs are cheap to write and may have gained a variant since the app was generated.
      for (const [file, text] of Object.entries(CONFIGS)) writeFileSync(join(out, file), text);
      return { ...summary, out };
    }
  }
  rmSync(out, { recursive: true, force: true });
  const files = appFiles(fileCount);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), text);
  }
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', join(out, 'prisma/schema.prisma')], {
    cwd: out,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const linted = Object.keys(files).filter((f) => f.startsWith('src/')).length;
  const summary = { version: GENERATOR_VERSION, files: fileCount, linted, queries: countQueries(files), unscoped: stats.unscoped, models: MODELS.length };
  writeFileSync(stamp, `${JSON.stringify(summary, null, 2)}\n`);
  return { ...summary, out };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? fallback : args[i + 1];
  };
  const count = Number(opt('files', 2000));
  const out = resolve(opt('out', join(outRoot, `app-${count}`)));
  const summary = generateApp(count, out, { force: args.includes('--force') });
  console.log(`${summary.linted} files, ${summary.queries} queries, ${summary.models} models → ${out}`);
}
