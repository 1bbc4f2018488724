import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { load, messages, policy, project, rewrite, SIMPLE_SCHEMA, write } from './helpers';

describe('caching', () => {
  it('returns the same object while nothing changed, for any file under the same schema', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const settings = { models: { Note: { tenant: 'userId' } } };
    const first = load(root, { settings });
    assert.equal(load(root, { settings }), first);
    assert.equal(load(root, { settings: structuredClone(settings) }), first, 'keyed on the JSON of the settings, not their identity');
    assert.equal(load(root, { file: 'src/deep/er/other.ts', settings }), first);
  });

  it('re-parses after a schema file changes', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const first = load(root);
    assert.deepEqual(policy(first, 'Note')?.owners, ['userId']);
    rewrite(root, 'prisma/schema.prisma', SIMPLE_SCHEMA.replace('@owner(userId)', '@tenant(userId)'));
    const second = load(root);
    assert.notEqual(second, first);
    assert.deepEqual(policy(second, 'Note')?.owners, []);
    assert.deepEqual(policy(second, 'Note')?.tenants, ['userId']);
    assert.equal(load(root), second);
  });

  it('notices a file added to a schema folder', () => {
    const root = project({ 'prisma/schema/a.prisma': SIMPLE_SCHEMA });
    assert.deepEqual([...load(root).models.keys()], ['Note']);
    write(root, 'prisma/schema/b.prisma', 'model Extra {\n  id Int @id\n}\n');
    assert.deepEqual([...load(root).models.keys()].sort(), ['Extra', 'Note']);
  });

  it('discovers again when the prisma.config that chose the schema changes', () => {
    const root = project({
      'prisma.config.ts': `export default { schema: 'one.prisma' }\n`,
      'one.prisma': SIMPLE_SCHEMA,
      'two.prisma': 'model Two {\n  id Int @id\n}\n',
    });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'one.prisma')]);
    rewrite(root, 'prisma.config.ts', `export default { schema: 'two.prisma' }\n`);
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'two.prisma')]);
  });

  it('discovers again when a schema found by looking disappears', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA, 'schema.prisma': 'model Root {\n  id Int @id\n}\n' });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
    fs.rmSync(path.join(root, 'prisma'), { recursive: true });
    assert.deepEqual(load(root).schemaFiles, [path.join(root, 'schema.prisma')]);
  });

  it('lets a folder walked through answer for its other subfolders, while a nearer prisma.config still wins', () => {
    const root = project({
      'prisma/schema.prisma': SIMPLE_SCHEMA,
      'src/b/prisma.config.ts': `export default { schema: '../../other.prisma' }\n`,
      'other.prisma': 'model Other {\n  id Int @id\n}\n',
    });
    assert.deepEqual(load(root, { file: 'src/a/one.ts' }).schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
    const spies = (['statSync', 'readdirSync', 'readFileSync'] as const).map((name) => mock.method(fs, name));
    try {
      assert.deepEqual(load(root, { file: 'src/c/two.ts' }).schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
      const probed = spies.flatMap((spy) => spy.mock.calls.map((call) => String(call.arguments[0])));
      assert.ok(probed.includes(path.join(root, 'src/c')), 'the new folder itself is looked at');
      assert.ok(!probed.some((p) => p.startsWith(path.join(root, 'src/c/'))), 'one listing of it answers for every name in it');
      assert.ok(!probed.some((p) => p === path.join(root, 'src') || p.startsWith(path.join(root, 'src/prisma'))), 'src/ was walked through from src/a: its answer is reused');
      const schemaFile = path.join(root, 'prisma/schema.prisma');
      assert.equal(probed.filter((p) => p === schemaFile).length, 1, 'the schema file is looked at once (its expansion gives the fingerprint too)');
    } finally {
      spies.forEach((spy) => spy.mock.restore());
    }
    assert.deepEqual(load(root, { file: 'src/b/deep/three.ts' }).schemaFiles, [path.join(root, 'other.prisma')]);
    assert.deepEqual(load(root, { file: 'src/four.ts' }).schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
  });

  it('recomputes when the settings change, and tells undefined from null', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const plain = load(root, { settings: undefined });
    const overridden = load(root, { settings: { models: { Note: { public: 'demo' } } } });
    assert.notEqual(overridden, plain);
    assert.equal(policy(overridden, 'Note')?.publicReason, 'demo');
    assert.equal(load(root, { settings: undefined }), plain);
    assert.equal(messages(load(root, { settings: null })).length, 1);
  });

  it('tells apart settings objects without a prototype', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const bare = (models: unknown) => Object.assign(Object.create(null) as object, { models });
    assert.deepEqual(messages(load(root, { settings: bare({ Note: { tenant: 'userId' } }) })), []);
    assert.equal(messages(load(root, { settings: bare({ Nope: { tenant: 'userId' } }) })).length, 1);
  });

  it('keys the result on the registered extra keys', () => {
    const root = project({ 'prisma/schema.prisma': SIMPLE_SCHEMA });
    const settings = { principal: 'session.userId' };
    assert.equal(messages(load(root, { settings })).length, 1);
    assert.deepEqual(messages(load(root, { settings, extraTopLevelKeys: ['principal'] })), []);
  });
});
