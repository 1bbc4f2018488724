import { Linter, RuleTester } from 'eslint';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import plugin from '../../src/index';
import { fixturesDir } from '../RuleTester';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// A folder with no schema of its own: each test's text is parsed on its own.
const filename = join(fixturesDir, 'coverage', 'schema.prisma');
const config = { plugins: { 'data-isolation': plugin }, language: 'data-isolation/prisma' } as const;
const ruleTester = new RuleTester(config as unknown as ConstructorParameters<typeof RuleTester>[0]);
const rule = plugin.rules['require-model-classification'] as unknown as Parameters<RuleTester['run']>[1];

const USER = 'model User {\n  id String @id\n}\n';
/** The principal with the back-relation Prisma requires for NOTE. */
const USER_WITH_NOTES = 'model User {\n  id    String @id\n  notes Note[]\n}\n';
/** Any annotation turns zero-configuration inference off, so unclassified models stay unclassified. */
const ANNOTATED = '/// @public("the drug catalogue")\nmodel Drug {\n  id String @id\n  name String\n}\n';
const NOTE = 'model Note {\n  id     String @id\n  userId String\n  user   User   @relation(fields: [userId], references: [id])\n}\n';

/** Where the name of `model <name>` is. */
const at = (code: string, needle: string) => {
  const before = code.slice(0, code.indexOf(`model ${needle}`) + 'model '.length).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, endLine: before.length, endColumn: before[before.length - 1].length + 1 + needle.length };
};

ruleTester.run('require-model-classification', rule, {
  valid: [
    { filename, code: USER_WITH_NOTES + ANNOTATED + `/// @owner(userId)\n${NOTE}` },
    { filename, code: USER + ANNOTATED + `/// @tenant(clinicId)\nmodel Invoice {\n  id String @id\n  clinicId String\n}\n` },
    // not owner-like at all
    { filename, code: USER + ANNOTATED + 'model Country {\n  id String @id\n  name String\n}\n' },
    // zero configuration: nothing annotated, so the required relation to User is inferred and checked
    { filename, code: USER_WITH_NOTES + NOTE },
    // classified in settings instead of the schema
    { filename, code: USER_WITH_NOTES + ANNOTATED + NOTE, settings: { 'data-isolation': { models: { Note: { owner: 'userId' } } } } },
  ],
  invalid: [
    (() => {
      const code = USER_WITH_NOTES + ANNOTATED + NOTE;
      return {
        filename,
        code,
        errors: [{
          messageId: 'unclassifiedModel',
          ...at(code, 'Note'),
          data: { model: 'Note', evidence: 'a relation `user` to User' },
          suggestions: [{ messageId: 'addAnnotation', data: { annotation: '@owner(userId)' }, output: code.replace('model Note', '/// @owner(userId)\nmodel Note') }],
        }],
      };
    })(),
    (() => {
      const code = USER + ANNOTATED + 'model Visit {\n  id String @id\n  patientId String\n}\n';
      return {
        filename,
        code,
        errors: [{
          messageId: 'unclassifiedModel',
          ...at(code, 'Visit'),
          data: { model: 'Visit', evidence: 'an owner-like column `patientId`' },
          suggestions: [{ messageId: 'addAnnotation', data: { annotation: '@owner(patientId)' }, output: code.replace('model Visit', '/// @owner(patientId)\nmodel Visit') }],
        }],
      };
    })(),
    (() => {
      const code = USER + ANNOTATED + 'model Invoice {\n  id String @id\n  clinicId String\n}\n';
      return {
        filename,
        code,
        errors: [{
          messageId: 'unclassifiedModel',
          ...at(code, 'Invoice'),
          data: { model: 'Invoice', evidence: 'a tenant-like column `clinicId`' },
          suggestions: [{ messageId: 'addAnnotation', data: { annotation: '@tenant(clinicId)' }, output: code.replace('model Invoice', '/// @tenant(clinicId)\nmodel Invoice') }],
        }],
      };
    })(),
    // the principal model is configurable
    (() => {
      const code = 'model Account {\n  id String @id\n  orders Order[]\n}\n' + ANNOTATED + 'model Order {\n  id String @id\n  buyerRef String\n  buyer Account @relation(fields: [buyerRef], references: [id])\n}\n';
      return {
        filename,
        code,
        settings: { 'data-isolation': { principalModel: 'Account' } },
        errors: [{ messageId: 'unclassifiedModel', ...at(code, 'Order'), data: { model: 'Order', evidence: 'a relation `buyer` to Account' }, suggestions: [
          { messageId: 'addAnnotation', data: { annotation: '@owner(buyerRef)' }, output: code.replace('model Order', '/// @owner(buyerRef)\nmodel Order') },
        ] }],
      };
    })(),
  ],
});

describe('the prisma language', () => {
  it('reports a malformed schema as one parsing error at its line', () => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      'model User {\n  id String @id\n}\nmodel Broken {\n  id String @id\n  owner Strin\n}\n',
      [{ files: ['**/*.prisma'], ...config, rules: { 'data-isolation/require-model-classification': 'error' } }] as unknown as Linter.Config[],
      filename,
    );
    assert.equal(messages.length, 1);
    assert.equal(messages[0].fatal, true);
    assert.equal(messages[0].line, 6);
    assert.equal(messages[0].column, 1);
    assert.match(messages[0].message, /Type "Strin" is neither a built-in type/);
  });
});

describe('the prisma language on multi-file schemas', () => {
  /** The main file, in Prisma 6 form (a connection URL in the datasource). */
  const MAIN = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n' + USER_WITH_NOTES + ANNOTATED;
  const NOTE_FILE = '// notes\n\n' + NOTE;

  function lintAll(files: Record<string, string>, lint: string[]) {
    const root = fs.realpathSync(fs.mkdtempSync(join(os.tmpdir(), 'di-lang-')));
    try {
      for (const [relative, content] of Object.entries(files)) {
        fs.mkdirSync(join(root, relative, '..'), { recursive: true });
        fs.writeFileSync(join(root, relative), content);
      }
      const linter = new Linter({ configType: 'flat', cwd: root });
      const rules = [{ files: ['**/*.prisma'], ...config, rules: { 'data-isolation/require-model-classification': 'error' } }] as unknown as Linter.Config[];
      return lint.map((relative) =>
        linter.verify(files[relative], rules, join(root, relative)).map((m) => `${relative}:${m.line}:${m.column} ${m.fatal ? 'fatal ' : ''}${m.messageId ?? m.message}`),
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  const expected = (noteFile: string) => [[], [`${noteFile}:3:7 unclassifiedModel`]];

  it('parses prisma/schema/*.prisma as one schema although it holds a schema.prisma', () => {
    const files = { 'package.json': '{}', 'prisma/schema/schema.prisma': MAIN, 'prisma/schema/note.prisma': NOTE_FILE };
    assert.deepEqual(lintAll(files, ['prisma/schema/schema.prisma', 'prisma/schema/note.prisma']), expected('prisma/schema/note.prisma'));
  });

  it('parses prisma/schema.prisma with prisma/models/*.prisma as the folder prisma.config names', () => {
    for (const schema of ['"prisma"', 'path.join(__dirname, "prisma")']) {
      const files = {
        'package.json': '{}',
        'prisma.config.ts': `import path from "node:path";\nexport default defineConfig({ schema: ${schema} });\n`,
        'prisma/schema.prisma': MAIN,
        'prisma/models/note.prisma': NOTE_FILE,
      };
      assert.deepEqual(lintAll(files, ['prisma/schema.prisma', 'prisma/models/note.prisma']), expected('prisma/models/note.prisma'), schema);
    }
  });

  it('parses the files of a folder no configuration names together', () => {
    const files = { 'db/main.prisma': MAIN, 'db/note.prisma': NOTE_FILE };
    assert.deepEqual(lintAll(files, ['db/main.prisma', 'db/note.prisma']), expected('db/note.prisma'));
  });
});
