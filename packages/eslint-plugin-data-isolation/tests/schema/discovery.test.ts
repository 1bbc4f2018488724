import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { loadProjectConfig } from '../../src/schema';
import { lineOf, load, messages, policy, project, SIMPLE_SCHEMA, write } from './helpers';

const OTHER_SCHEMA = SIMPLE_SCHEMA.replace('model Note', 'model Other');

function modelNames(config: ReturnType<typeof load>): string[] {
  return [...config.models.keys()];
}

describe('schema discovery: prisma.config', () => {
  const shapes: Record<string, [string, string]> = {
    'export default defineConfig({...})': [
      'prisma.config.ts',
      `import { defineConfig } from 'prisma/config';\nexport default defineConfig({ schema: 'db/main.prisma', migrations: { path: 'db/migrations' } });\n`,
    ],
    'export default {...}': ['prisma.config.ts', `export default { schema: "db/main.prisma" };\n`],
    'export default {...} satisfies PrismaConfig': [
      'prisma.config.ts',
      `import type { PrismaConfig } from 'prisma';\nexport default { schema: 'db/main.prisma' } satisfies PrismaConfig;\n`,
    ],
    'export default {...} as PrismaConfig': ['prisma.config.mts', `export default ({ 'schema': \`db/main.prisma\` }) as PrismaConfig;\n`],
    'const config = defineConfig(...); export default config': [
      'prisma.config.ts',
      `const schema = 'db/main.prisma';\nconst config = defineConfig({ schema });\nexport default config;\n`,
    ],
    'module.exports = {...}': ['prisma.config.cjs', `module.exports = { schema: 'db/main.prisma' };\n`],
    'module.exports = defineConfig(...) in .js': [
      'prisma.config.js',
      `const { defineConfig } = require('prisma/config');\nmodule.exports = defineConfig({ schema: 'db/main.prisma' });\n`,
    ],
    'export = {...} in .cts': ['prisma.config.cts', `export = { schema: 'db/main.prisma' };\n`],
  };
  for (const [shape, [name, source]] of Object.entries(shapes)) {
    it(`reads schema from ${name}: ${shape}`, () => {
      const root = project({ [name]: source, 'db/main.prisma': SIMPLE_SCHEMA, 'prisma/schema.prisma': OTHER_SCHEMA });
      const config = load(root);
      assert.deepEqual(config.schemaFiles, [path.join(root, 'db/main.prisma')]);
      assert.deepEqual(modelNames(config), ['Note']);
      assert.deepEqual(config.problems, []);
    });
  }

  it('reads a folder named by the config as a multi-file schema', () => {
    const root = project({
      'prisma.config.ts': `export default { schema: 'db' }\n`,
      'db/b.prisma': OTHER_SCHEMA.replace(/datasource[^}]*}/, ''),
      'db/a.prisma': SIMPLE_SCHEMA,
    });
    const config = load(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'db/a.prisma'), path.join(root, 'db/b.prisma')]);
    assert.deepEqual(modelNames(config).sort(), ['Note', 'Other']);
  });

  it('reads a schema folder the config computes from its own folder, nested models/*.prisma included', () => {
    const root = project({
      'prisma.config.ts': `import path from 'node:path';\nexport default defineConfig({ schema: path.join(__dirname, 'prisma') });\n`,
      'prisma/schema.prisma': SIMPLE_SCHEMA,
      'prisma/models/other.prisma': OTHER_SCHEMA.replace(/datasource[^}]*}/, ''),
      'prisma/seed.ts': '',
    });
    const files = [path.join(root, 'prisma/models/other.prisma'), path.join(root, 'prisma/schema.prisma')];
    assert.deepEqual(load(root).schemaFiles, files);
    // From inside the schema folder too: `prisma/schema.prisma` alone is not the schema.
    assert.deepEqual(load(root, { file: 'prisma/seed.ts' }).schemaFiles, files);
    assert.deepEqual(modelNames(load(root)).sort(), ['Note', 'Other']);
  });

  it('falls back to the default locations next to a config whose schema is computed', () => {
    const root = project({
      'prisma.config.ts': `export default defineConfig({ schema: process.env.PRISMA_SCHEMA });\n`,
      'db/main.prisma': OTHER_SCHEMA,
      'prisma/schema.prisma': SIMPLE_SCHEMA,
    });
    const config = load(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
    assert.deepEqual(config.problems, []);
  });

  it('takes the config over package.json and the default locations in the same directory', () => {
    const root = project({
      'prisma.config.ts': `export default { schema: 'db/main.prisma' }\n`,
      'package.json': JSON.stringify({ prisma: { schema: 'other.prisma' } }),
      'other.prisma': OTHER_SCHEMA,
      'schema.prisma': OTHER_SCHEMA,
      'db/main.prisma': SIMPLE_SCHEMA,
    });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'db/main.prisma')]);
  });

  it('reports a config schema path that does not exist, naming the config file', () => {
    const root = project({ 'apps/api/prisma.config.ts': `export default { schema: 'prisma/missing.prisma' }\n` });
    const config = load(root, { file: 'apps/api/src/app.ts' });
    assert.deepEqual(config.schemaFiles, []);
    assert.deepEqual(messages(config), [
      'schema in apps/api/prisma.config.ts is "prisma/missing.prisma", which does not exist; fix the path (it is relative to that file\'s folder) or remove it to find the schema automatically.',
    ]);
  });
});

describe('schema discovery: package.json and default locations', () => {
  it('reads prisma.schema from package.json, relative to it', () => {
    const root = project({ 'package.json': JSON.stringify({ name: 'x', prisma: { schema: 'db/main.prisma' } }), 'db/main.prisma': SIMPLE_SCHEMA });
    const config = load(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'db/main.prisma')]);
    assert.deepEqual(config.problems, []);
  });

  it('walks past a package.json without prisma.schema', () => {
    const root = project({ 'schema.prisma': SIMPLE_SCHEMA, 'packages/app/package.json': JSON.stringify({ name: 'app' }) });
    assert.deepEqual(load(root, { file: 'packages/app/index.ts' }).schemaFiles, [path.join(root, 'schema.prisma')]);
  });

  it('reports a package.json prisma.schema that does not exist', () => {
    const root = project({ 'package.json': JSON.stringify({ prisma: { schema: 'nope.prisma' } }) });
    assert.deepEqual(messages(load(root)), [
      'prisma.schema in package.json is "nope.prisma", which does not exist; fix the path (it is relative to that file\'s folder) or remove it to find the schema automatically.',
    ]);
  });

  it('finds prisma/schema.prisma', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const config = load(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
    assert.deepEqual(policy(config, 'Note'), { owners: ['userId'], tenants: [], publicReason: undefined, source: 'schema' });
  });

  it('finds every .prisma file under prisma/schema/, nested folders included, sorted', () => {
    const root = project({
      'prisma/schema/main.prisma': SIMPLE_SCHEMA,
      'prisma/schema/billing/invoice.prisma': 'model Invoice {\n  id String @id\n}\n',
      'prisma/schema/audit.prisma': 'model Audit {\n  id String @id\n}\n',
      'prisma/schema/billing-extra.prisma': 'model Refund {\n  id String @id\n}\n',
      'prisma/schema/README.md': 'not a schema',
    });
    const config = load(root);
    assert.deepEqual(
      config.schemaFiles,
      [
        'prisma/schema/audit.prisma',
        'prisma/schema/billing-extra.prisma',
        'prisma/schema/billing/invoice.prisma',
        'prisma/schema/main.prisma',
      ].map((f) => path.join(root, f)),
    );
    assert.equal(config.models.get('Invoice')?.file, path.join(root, 'prisma/schema/billing/invoice.prisma'));
    assert.equal(config.models.get('Note')?.file, path.join(root, 'prisma/schema/main.prisma'));
  });

  it('finds schema.prisma at the root', () => {
    const root = project({ 'schema.prisma': SIMPLE_SCHEMA });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'schema.prisma')]);
  });

  it('prefers prisma/schema.prisma, then prisma/schema/, then schema.prisma', () => {
    const all = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA, 'prisma/schema/a.prisma': OTHER_SCHEMA, 'schema.prisma': OTHER_SCHEMA });
    assert.deepEqual(load(all).schemaFiles, [path.join(all, 'prisma/schema.prisma')]);
    const folderAndRoot = project({ 'prisma/schema/a.prisma': SIMPLE_SCHEMA, 'schema.prisma': OTHER_SCHEMA });
    assert.deepEqual(load(folderAndRoot).schemaFiles, [path.join(folderAndRoot, 'prisma/schema/a.prisma')]);
  });

  it('skips a prisma/schema/ folder without .prisma files', () => {
    const root = project({ 'prisma/schema/notes.txt': 'x', 'schema.prisma': SIMPLE_SCHEMA });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'schema.prisma')]);
  });

  it('walks up from a nested source directory, and the nearest schema wins', () => {
    const root = project({
      'schema.prisma': OTHER_SCHEMA,
      'apps/api/prisma/schema.prisma': SIMPLE_SCHEMA,
      'apps/api/src/routes/deep/handler.ts': '',
    });
    assert.deepEqual(load(root, { file: 'apps/api/src/routes/deep/handler.ts' }).schemaFiles, [
      path.join(root, 'apps/api/prisma/schema.prisma'),
    ]);
    assert.deepEqual(load(root, { file: 'apps/web/src/page.ts' }).schemaFiles, [path.join(root, 'schema.prisma')]);
  });

  it('looks at each name in a folder it cannot list (execute-only permissions)', () => {
    const root = project({ 'package.json': '{ "prisma": { "schema": "db/main.prisma" } }\n', 'db/main.prisma': SIMPLE_SCHEMA });
    const readdir = fs.readdirSync;
    const denied = mock.method(fs, 'readdirSync', (dir: fs.PathLike, ...rest: unknown[]) => {
      if (path.resolve(String(dir)) === root) throw Object.assign(new Error(`EACCES: permission denied, scandir '${root}'`), { code: 'EACCES' });
      return (readdir as (...args: unknown[]) => unknown)(dir, ...rest);
    });
    try {
      assert.deepEqual(load(root).schemaFiles, [path.join(root, 'db/main.prisma')]);
      assert.ok(denied.mock.calls.some((call) => path.resolve(String(call.arguments[0])) === root), 'the folder was listed first');
    } finally {
      denied.mock.restore();
    }
  });

  it('returns no schema and no problem when there is none, and accepts settings models unchecked', () => {
    const root = project({ 'src/app.ts': '' });
    const config = load(root, { settings: { models: { Anything: { owner: 'some.path' } } } });
    assert.deepEqual(config.schemaFiles, []);
    assert.equal(config.models.size, 0);
    assert.deepEqual(config.problems, []);
    assert.deepEqual(policy(config, 'Anything'), { owners: ['some.path'], tenants: [], publicReason: undefined, source: 'settings' });
  });
});

describe('schema discovery: settings.schema', () => {
  it('replaces discovery with a path relative to cwd', () => {
    const root = project({ 'prisma/schema.prisma': OTHER_SCHEMA, 'db/main.prisma': SIMPLE_SCHEMA });
    const config = load(root, { settings: { schema: 'db/main.prisma' } });
    assert.deepEqual(config.schemaFiles, [path.join(root, 'db/main.prisma')]);
    assert.deepEqual(modelNames(config), ['Note']);
  });

  it('resolves against cwd, not the linted file', () => {
    const root = project({ 'apps/api/db/main.prisma': SIMPLE_SCHEMA });
    const config = load(root, { cwd: 'apps/api', file: 'apps/api/src/deep/x.ts', settings: { schema: 'db/main.prisma' } });
    assert.deepEqual(config.schemaFiles, [path.join(root, 'apps/api/db/main.prisma')]);
  });

  it('accepts an array of files and folders', () => {
    const root = project({
      'a.prisma': SIMPLE_SCHEMA,
      'more/b.prisma': 'model B {\n  id String @id\n}\n',
      'more/c/c.prisma': 'model C {\n  id String @id\n}\n',
    });
    const config = load(root, { settings: { schema: ['a.prisma', 'more'] } });
    assert.deepEqual(config.schemaFiles, ['a.prisma', 'more/b.prisma', 'more/c/c.prisma'].map((f) => path.join(root, f)));
    assert.deepEqual(modelNames(config).sort(), ['B', 'C', 'Note']);
  });

  it('reports a configured path that does not exist, naming the key and the path', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA, 'a.prisma': SIMPLE_SCHEMA });
    const config = load(root, { settings: { schema: ['a.prisma', 'prisma/schma.prisma'] } });
    assert.deepEqual(config.schemaFiles, [path.join(root, 'a.prisma')]);
    assert.deepEqual(messages(config), [
      `settings["data-isolation"].schema[1] is "prisma/schma.prisma", which does not exist; fix the path (it is relative to ESLint's working directory, ${root}) or remove it to find the schema automatically.`,
    ]);
  });

  it('reports a configured folder without .prisma files', () => {
    const root = project({ 'empty/readme.md': '' });
    const config = load(root, { settings: { schema: 'empty' } });
    assert.deepEqual(config.schemaFiles, []);
    assert.deepEqual(messages(config), [
      `settings["data-isolation"].schema is "empty", which is a folder with no .prisma files; fix the path (it is relative to ESLint's working directory, ${root}) or remove it to find the schema automatically.`,
    ]);
  });
});

describe('schema discovery: the schema a Prisma 7 client inlines', () => {
  // The real client of tests/fixtures/monorepo/packages/schema-elsewhere, generated into a folder of the
  // workspace root: its prisma-client generator records no schema folder.
  const generated = path.join(__dirname, '../fixtures/monorepo/generated/prisma');
  const classTs = fs.readFileSync(path.join(generated, 'internal/class.ts'), 'utf8');
  const inlined = (config: string) => JSON.parse(/"inlineSchema":\s*("(?:[^"\\]|\\.)*")/.exec(config)![1]) as string;
  const withSchema = (schema: string) => classTs.replace(/("inlineSchema":\s*)"(?:[^"\\]|\\.)*"/, (_m, key: string) => key + JSON.stringify(schema));
  const client = (config: string) =>
    project({
      'package.json': '{ "private": true, "workspaces": ["apps/*"] }',
      'apps/web/package.json': '{ "name": "web" }',
      'generated/prisma/internal/class.ts': config,
      'generated/prisma/models/Note.ts': fs.readFileSync(path.join(generated, 'models/Note.ts'), 'utf8'),
    });
  const loadThroughClient = (root: string) =>
    loadProjectConfig({
      filename: path.join(root, 'apps/web/file.ts'),
      cwd: path.join(root, 'apps/web'),
      settings: undefined,
      clientFile: path.join(root, 'generated/prisma/models/Note.ts'),
    });

  it('is read when no schema is recorded or around the client, annotations included', () => {
    const root = client(classTs);
    const config = loadThroughClient(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'generated/prisma/internal/class.ts')]);
    assert.deepEqual([...config.models.keys()].sort(), ['Note', 'User']);
    assert.deepEqual(policy(config, 'Note')?.owners, ['userId']);
    assert.deepEqual(config.problems, []);
  });

  it('names the line of the inlined schema in a problem', () => {
    const schema = inlined(classTs).replace('@owner(userId)', '@owner(authorId)');
    const config = loadThroughClient(client(withSchema(schema)));
    const line = lineOf(schema, 'model Note'); // an annotation's problem names its model's line
    assert.equal(messages(config).length, 1);
    assert.match(messages(config)[0], new RegExp(`^line ${line} of the schema inlined in the generated client ${escape('../../generated/prisma/internal/class.ts')}: .*authorId`));
  });

  it('loses to a schema file around the client', () => {
    const root = client(classTs);
    write(root, 'prisma/schema.prisma', SIMPLE_SCHEMA);
    const config = loadThroughClient(root);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
