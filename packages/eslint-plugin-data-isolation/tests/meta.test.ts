import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import plugin from '../src/index';
import { DOCS_BASE } from '../src/util/createRule';

const root = join(__dirname, '..');
const ruleFiles = readdirSync(join(root, 'src/rules'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('plugin index', () => {
  it('exports every rule file, and only those', () => {
    assert.deepEqual(Object.keys(plugin.rules).sort(), [...ruleFiles].sort());
  });

  it('carries meta.name and meta.version from package.json', () => {
    assert.deepEqual(plugin.meta, { name: pkg.name, version: pkg.version });
  });

  it('has recommended, strict and schema flat configs that register the plugin and name only its rules', () => {
    for (const name of ['recommended', 'strict', 'schema'] as const) {
      const config = plugin.configs[name];
      assert.equal(config.name, `data-isolation/${name}`);
      assert.equal(config.plugins?.['data-isolation'], plugin);
      assert.deepEqual(config.files, name === 'schema' ? ['**/*.prisma'] : ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']);
      for (const rule of Object.keys(config.rules ?? {})) {
        assert.ok(rule.startsWith('data-isolation/'), rule);
        assert.ok(rule.slice('data-isolation/'.length) in plugin.rules, `${name} names unknown rule ${rule}`);
      }
    }
  });

  it('enables every recommended rule: TypeScript rules in recommended and strict, schema rules in schema', () => {
    const schemaRules = Object.keys(plugin.configs.schema.rules ?? {});
    for (const [name, rule] of Object.entries(plugin.rules)) {
      if (!rule.meta.docs?.recommended) continue;
      const id = `data-isolation/${name}`;
      if (schemaRules.includes(id)) continue;
      assert.ok(id in (plugin.configs.recommended.rules ?? {}), name);
      assert.ok(id in (plugin.configs.strict.rules ?? {}), name);
    }
  });

  it('lints schema files with its own Prisma language', () => {
    assert.equal(plugin.configs.schema.language, 'data-isolation/prisma');
    assert.ok(plugin.languages.prisma);
  });
});

for (const name of ruleFiles) {
  describe(`rule ${name}`, () => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];
    const docsPath = join(root, 'docs/rules', `${name}.md`);
    const docs = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '';

    it('has a test file and a docs page', () => {
      assert.ok(existsSync(join(root, 'tests/rules', `${name}.test.ts`)));
      assert.ok(docs.length > 0, `missing ${docsPath}`);
    });

    it('links its docs URL to its docs page', () => {
      assert.equal(rule.meta.docs?.url, `${DOCS_BASE}/${name}.md`);
    });

    it('opens its docs with its name and description', () => {
      const [title, , description] = docs.split('\n');
      assert.equal(title, `# ${name}`);
      assert.equal(description, `${rule.meta.docs?.description}.`);
    });

    it('documents why, examples, every option, and when not to use it', () => {
      for (const heading of ['## Why', '### ❌ Incorrect', '### ✅ Correct', '## Options', '## When not to use it']) {
        assert.ok(docs.includes(`\n${heading}\n`), `docs lack "${heading}"`);
      }
      const schema = (Array.isArray(rule.meta.schema) ? rule.meta.schema[0] : rule.meta.schema) as
        | { additionalProperties?: boolean; properties?: Record<string, { description?: string }> }
        | undefined;
      if (schema === undefined) {
        assert.match(docs, /\nThis rule has no options\./, 'a rule without options says so');
        return;
      }
      assert.equal(schema.additionalProperties, false);
      for (const [option, definition] of Object.entries(schema.properties ?? {})) {
        assert.ok(definition.description, `option ${option} has no description`);
        assert.ok(docs.includes(`\n### \`${option}\`\n`), `docs lack a heading for option ${option}`);
      }
    });

    it('uses camelCase message ids, each a full sentence', () => {
      for (const [id, text] of Object.entries(rule.meta.messages)) {
        assert.match(id, /^[a-z][a-zA-Z]+$/);
        assert.match(text, /([.?]|\}\})$/, `${id} should end a sentence (or with a placeholder that holds one)`);
      }
    });

    it('is listed in the README rules table', () => {
      assert.ok(readme.includes(`[\`${name}\`](docs/rules/${name}.md)`), 'README does not list the rule');
    });
  });
}
