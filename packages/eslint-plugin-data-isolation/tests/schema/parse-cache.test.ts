import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configFromSources } from '../../src/schema';
import { CACHE_FOLDER, cacheFolder } from '../../src/schema/parse-cache';
import { parsePrismaSchema } from '../../src/schema/prisma-schema';
import { load, messages, policy, project, SIMPLE_SCHEMA, write } from './helpers';

const entries = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []);
const modelNames = (folder: string | undefined, content: string, file = '/app/schema.prisma') => {
  const parsed = parsePrismaSchema([{ path: file, content }], folder);
  assert.ok(parsed.ok, 'parses');
  return parsed.models.map((m) => m.info.name);
};

describe("the schema engine's answers kept on disk", () => {
  it('is kept in the nearest node_modules at or above the working directory, and nowhere without one', () => {
    const root = project({ 'node_modules/.keep': '', 'packages/web/src/app.ts': '' });
    assert.equal(cacheFolder(path.join(root, 'packages/web')), path.join(root, CACHE_FOLDER));
    assert.equal(cacheFolder(root), path.join(root, CACHE_FOLDER));
    const bare = project({ 'src/app.ts': '' });
    assert.equal(cacheFolder(bare), undefined, 'no node_modules up to the root of the file system');
  });

  it('loads a project the same with the cache and without it, and stores one entry', () => {
    const cached = project({ 'node_modules/.keep': '', 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const bare = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const folder = path.join(cached, CACHE_FOLDER);
    const withCache = load(cached);
    assert.equal(entries(folder).length, 1);
    assert.deepEqual([...withCache.models.keys()], [...load(bare).models.keys()]);
    assert.deepEqual(policy(withCache, 'Note'), policy(load(bare), 'Note'));
    assert.deepEqual(messages(withCache), []);
  });

  it("keeps nothing for a schema given as text (an editor's unsaved buffer)", () => {
    const root = project({ 'node_modules/.keep': '' });
    const config = configFromSources([{ path: path.join(root, 'prisma/schema.prisma'), content: SIMPLE_SCHEMA }], { cwd: root, settings: undefined });
    assert.deepEqual([...config.models.keys()], ['Note']);
    assert.deepEqual(entries(path.join(root, CACHE_FOLDER)), []);
  });

  it("answers from the stored entry: what is stored is what is read", () => {
    const folder = path.join(project({}), 'cache');
    assert.deepEqual(modelNames(folder, SIMPLE_SCHEMA), ['Note']);
    const [entry] = entries(folder);
    const file = path.join(folder, entry);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"Note"', '"Stored"'));
    assert.deepEqual(modelNames(folder, SIMPLE_SCHEMA), ['Stored']);
    assert.deepEqual(modelNames(undefined, SIMPLE_SCHEMA), ['Note'], 'without a folder the engine answers');
  });

  it('keys an entry on the text and the path of every source', () => {
    const folder = path.join(project({}), 'cache');
    modelNames(folder, SIMPLE_SCHEMA);
    assert.deepEqual(modelNames(folder, SIMPLE_SCHEMA.replace('model Note', 'model Memo')), ['Memo']);
    modelNames(folder, SIMPLE_SCHEMA, '/other/schema.prisma');
    assert.equal(entries(folder).length, 3);
  });

  it('stores nothing for an invalid schema, whose error is the engine\'s', () => {
    const folder = path.join(project({}), 'cache');
    const broken = SIMPLE_SCHEMA.replace('id     String @id', 'id     Strin @id');
    for (let i = 0; i < 2; i++) {
      const parsed = parsePrismaSchema([{ path: '/app/schema.prisma', content: broken }], folder);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.error.text, /Strin/);
    }
    assert.deepEqual(entries(folder), []);
  });

  it('computes again over an entry that is not JSON (a torn write), and replaces it', () => {
    const folder = path.join(project({}), 'cache');
    modelNames(folder, SIMPLE_SCHEMA);
    const file = path.join(folder, entries(folder)[0]);
    fs.writeFileSync(file, '{"models": [');
    assert.deepEqual(modelNames(folder, SIMPLE_SCHEMA), ['Note']);
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  it('parses when the folder cannot be written (a file stands where it should be)', () => {
    const root = project({ cache: 'not a folder' });
    assert.deepEqual(modelNames(path.join(root, 'cache'), SIMPLE_SCHEMA), ['Note']);
    assert.equal(fs.readFileSync(path.join(root, 'cache'), 'utf8'), 'not a folder');
  });

  it('keeps the 16 newest entries; a read renews an entry', () => {
    const folder = path.join(project({}), 'cache');
    const schemaOf = (i: number) => SIMPLE_SCHEMA.replace('model Note', `model Note${i}`);
    const past = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, i));
    modelNames(folder, schemaOf(0));
    const [first] = entries(folder);
    for (let i = 1; i < 16; i++) modelNames(folder, schemaOf(i));
    // Ages in the order written, the first entry oldest; then reading it makes it the newest.
    const names = entries(folder);
    assert.equal(names.length, 16);
    names.forEach((name, i) => fs.utimesSync(path.join(folder, name), past(name === first ? 0 : i + 1), past(name === first ? 0 : i + 1)));
    modelNames(folder, schemaOf(0));
    const oldest = names.filter((name) => name !== first).sort((a, b) => fs.statSync(path.join(folder, a)).mtimeMs - fs.statSync(path.join(folder, b)).mtimeMs)[0];
    modelNames(folder, schemaOf(16));
    const after = entries(folder);
    assert.equal(after.length, 16);
    assert.ok(after.includes(first), 'the entry just read is kept');
    assert.ok(!after.includes(oldest), 'the oldest other entry is removed');
  });

  it("spares a later process Prisma's engine: a second process loads the project without it", () => {
    const root = project({ 'node_modules/.keep': '', 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const script = `
      const { loadProjectConfig } = require(${JSON.stringify(path.resolve(__dirname, '../../src/schema'))});
      const config = loadProjectConfig({ filename: ${JSON.stringify(path.join(root, 'src/app.ts'))}, cwd: ${JSON.stringify(root)} });
      const engine = Object.keys(require.cache).some((file) => file.endsWith('prisma_schema_build.js'));
      console.log(JSON.stringify({ models: [...config.models.keys()], problems: config.problems.length, engine }));`;
    const run = () => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as unknown;
    assert.deepEqual(run(), { models: ['Note'], problems: 0, engine: true });
    assert.deepEqual(run(), { models: ['Note'], problems: 0, engine: false });
    write(root, 'prisma/schema.prisma', SIMPLE_SCHEMA.replace('model Note', 'model Memo'));
    assert.deepEqual(run(), { models: ['Memo'], problems: 0, engine: true }, 'an edited schema is a new entry');
  });

  it("spares the schema language the engine too, but not for an unsaved buffer", () => {
    // `Visit` has an owner-like field and no annotation: require-model-classification reports it.
    const schema = `${SIMPLE_SCHEMA}\nmodel Visit {\n  id        String @id\n  patientId String\n}\n`;
    const root = project({ 'node_modules/.keep': '', 'prisma/schema.prisma': schema });
    const lint = (unsaved?: string) => {
      const script = `
        const { ESLint } = require('eslint');
        const plugin = require(${JSON.stringify(path.resolve(__dirname, '../../src'))});
        (async () => {
          const eslint = new ESLint({ cwd: ${JSON.stringify(root)}, overrideConfigFile: true, overrideConfig: [plugin.configs.schema] });
          const file = ${JSON.stringify(path.join(root, 'prisma/schema.prisma'))};
          const unsaved = ${JSON.stringify(unsaved ?? null)};
          const [result] = unsaved === null ? await eslint.lintFiles([file]) : await eslint.lintText(unsaved, { filePath: file });
          const engine = Object.keys(require.cache).some((file) => file.endsWith('prisma_schema_build.js'));
          console.log(JSON.stringify({ messages: result.messages.map((m) => [m.messageId, m.line]), engine }));
        })();`;
      return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as unknown;
    };
    const folder = path.join(root, CACHE_FOLDER);
    const first = lint();
    assert.deepEqual(first, { messages: [['unclassifiedModel', 11]], engine: true });
    const stored = entries(folder);
    assert.equal(stored.length, 1, 'the language and the schema loader share one entry');
    assert.deepEqual(lint(), { messages: [['unclassifiedModel', 11]], engine: false });
    // The same text given as an editor's buffer is the saved text: it is read from the entry.
    assert.deepEqual(lint(schema), { messages: [['unclassifiedModel', 11]], engine: false });
    const edited = schema.replace('model Visit', '/// @owner(patientId)\nmodel Visit');
    assert.deepEqual(lint(edited), { messages: [], engine: true }, 'an unsaved edit is parsed');
    assert.deepEqual(entries(folder), stored, 'and not kept');
  });
});
