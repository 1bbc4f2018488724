// Broken configurations (config-cases.mjs): malformed schemas, wrong settings, no schema, wrong rule
// options, no type information. The real ESLint 10 Node API with typed linting and a real generated
// Prisma Client, in bounded child processes: every case must end with a clear message — a
// `configProblem`/`schemaNotFound` finding that names what is wrong, or ESLint's own error for what
// ESLint validates — and never with a crash of the rule or a hang.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASELINE, QUERY_FILE, RUNS, SCHEMA_FILES } from './config-cases.mjs';
import { SCHEMA } from './hostile-cases.mjs';
import { RULE, TSCONFIG, entryOf, eslintConfig, generateClient, lintInWorker, makeTempDir, messageIds, removeDir, ruleMessages, writeFiles } from './lib.mjs';

const FILE = 'src/query.ts';
let root;
let report;
let noSchemaReport;

const configFileOf = (i) => `eslint.run-${i}.config.mjs`;

/** Runs that need a config file of their own (beyond settings). */
const EXTRA_RUNS = [
  {
    id: 'rule options of the wrong type',
    config: eslintConfig({ ruleOptions: { reportUnverifiable: 'yes' } }),
    thrown: /data-isolation\/require-owner-scope[\s\S]*"yes" should be boolean/,
  },
  {
    id: 'an unknown rule option',
    config: eslintConfig({ ruleOptions: { reportUnverifiabel: true } }),
    thrown: /data-isolation\/require-owner-scope[\s\S]*reportUnverifiabel/,
  },
  {
    id: 'the rule on a file without type information',
    file: 'src/plain.js',
    config: `import dataIsolation from 'eslint-plugin-data-isolation';
export default [{ files: ['**/*.js'], plugins: { 'data-isolation': dataIsolation }, rules: { '${RULE}': 'error' } }];
`,
    // Not a throw (which would end the whole run): one finding at the file's start that names the fix.
    mentions: /needs type information[\s\S]*ESLint and typescript-eslint/,
    exactly: ['typeInformationMissing@1:1'],
  },
  {
    id: 'schema: an empty file',
    settings: { schema: 'schemas/empty.prisma' },
    // Consultation and Invoice are Prisma models by their types, but the schema declares neither.
    mentions: /Consultation/,
  },
];

before(async () => {
  root = makeTempDir('robustness-config');
  const app = join(root, 'app');
  const configs = Object.fromEntries(
    [...RUNS, ...EXTRA_RUNS].map((r, i) => [configFileOf(i), r.config ?? eslintConfig({ extra: r.configExtra ?? '' })]),
  );
  writeFiles(app, {
    'prisma/schema.prisma': SCHEMA,
    'tsconfig.json': TSCONFIG,
    [FILE]: QUERY_FILE,
    'src/plain.js': 'prisma.consultation.findMany({ where: { status } });\n',
    ...SCHEMA_FILES,
    ...configs,
  });
  generateClient(join(app, 'prisma', 'schema.prisma'));

  // A project with a generated client and no schema anywhere above it (nor in settings, nor in the client).
  const noSchema = join(root, 'no-schema');
  writeFiles(noSchema, { 'tsconfig.json': TSCONFIG, 'eslint.config.mjs': eslintConfig(), [FILE]: QUERY_FILE });
  cpSync(join(app, 'src', 'generated'), join(noSchema, 'src', 'generated'), { recursive: true });
  // Generated clients inline their schema, which is read when no schema file is found: this one does not.
  const clientConfig = join(noSchema, 'src', 'generated', 'prisma', 'internal', 'class.ts');
  writeFileSync(clientConfig, readFileSync(clientConfig, 'utf8').replace('"inlineSchema":', '"notTheSchema":'));

  const runs = [...RUNS, ...EXTRA_RUNS].map((r, i) => ({
    id: r.id,
    configFile: configFileOf(i),
    overrideConfig: r.settings === undefined ? undefined : { settings: { 'data-isolation': r.settings } },
    files: [r.file ?? FILE],
  }));
  [report, noSchemaReport] = await Promise.all([
    lintInWorker({ cwd: app, runs, fileTimeoutMs: 45_000 }),
    lintInWorker({ cwd: noSchema, configFile: 'eslint.config.mjs', files: [FILE] }),
  ]);
});

after(() => removeDir(root));

describe('broken configurations: a clear message, no crash', () => {
  for (const r of RUNS) {
    test(r.id, () => {
      if (r.ids) {
        assert.deepEqual(messageIds(report, FILE, r.id), [...r.ids].sort());
        return;
      }
      const messages = ruleMessages(report, FILE, r.id);
      const problems = messages.filter((m) => m.messageId === 'configProblem');
      assert.ok(r.optional || problems.length > 0, `no configProblem: ${JSON.stringify(messages)}`);
      for (const p of problems) {
        assert.match(p.message, /^data-isolation configuration problem: /);
        assert.match(p.message, r.problem);
      }
      // Reported once per file, at its first query (line 7); the rest are ordinary findings.
      assert.ok(problems.every((p) => p.line === 7), 'configProblem findings belong at the first query');
      const allowed = new Set([...BASELINE, 'schemaNotFound']);
      const others = messages.filter((m) => m.messageId !== 'configProblem').map((m) => m.messageId);
      assert.deepEqual(others.filter((id) => !allowed.has(id)), [], 'unexpected findings besides configProblem');
    });
  }

  for (const r of EXTRA_RUNS) {
    test(r.id, { todo: r.todo }, () => {
      const file = r.file ?? FILE;
      if (r.thrown) {
        // What ESLint itself validates (rule options) ends the run with its error, which names the rule
        // and what is wrong.
        const entry = entryOf(report, file, r.id);
        assert.ok(entry.crash, `expected ESLint to refuse the configuration, got ${JSON.stringify(entry.messages)}`);
        assert.match(entry.crash.message, r.thrown);
        return;
      }
      const messages = ruleMessages(report, file, r.id);
      assert.ok(messages.some((m) => r.mentions.test(m.message)), `no finding mentions ${r.mentions}: ${JSON.stringify(messages)}`);
      if (r.exactly) assert.deepEqual(messages.map((m) => `${m.messageId}@${m.line}:${m.column}`), r.exactly);
    });
  }

  test('no schema anywhere: one schemaNotFound per file, at its first query, naming the model and the setting', () => {
    assert.deepEqual(messageIds(noSchemaReport, FILE), ['schemaNotFound']);
    const [finding] = ruleMessages(noSchemaReport, FILE);
    assert.equal(finding.line, 7);
    assert.match(finding.message, /Consultation is a Prisma model/);
    assert.match(finding.message, /settings\["data-isolation"\]\.schema/);
  });
});
