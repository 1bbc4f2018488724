import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { functionNames, ProgramNames, useOf } from '../../src/analysis/names';

const SOURCE = `
import { imported } from './elsewhere';
export function declared(a: string) { return helper(a); }
export function overloaded(a: string): string;
export function overloaded(a: unknown) { return a; }
const arrow = async (id: string) => id;
const expression = function (id: string) { return id; };
const wrapped = ((id: string) => id) as (id: string) => string;
const checked = (function (id: string) { return id; }) satisfies (id: string) => string;
const notAFunction = 42;
export const service = {
  find(id: string) { return declared(id); },
  'quoted'(id: string) { return id; },
  'quotedArrow': (id: string) => id,
  property: async () => arrow('x'),
};
abstract class Repo extends mixin(Base) {
  abstract missing(): void;
  method() { return this.#secret(); }
  #secret() { return 1; }
  field = () => 2;
  @decorate(decoratorArg()) decorated() {}
}
interface Shape { inInterface(): void; inInterfaceArrow: () => void }
type Alias = { inAlias(): void };
export { arrow as renamed, expression, notAFunction as "string export" };
// commented() is not called, nor is 'inString'() below
const s = 'inString()'; const t = \`inTemplate()\`;
function bitmap() { return map(); }
helper(declared('x'), helper());
const spread = [...helper(), ...arrow, other?.helper(), other. helper(), other.
  helper()];
// A comment that ends with a full stop.
helper();
`;

function parse(text: string, fileName = 'names.ts', setParents = false): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, setParents, ts.ScriptKind.TS);
}

/** Where each call by a plain name starts, for comparing lists of calls. */
const starts = (source: ts.SourceFile, calls: readonly ts.CallExpression[]) => calls.map((call) => call.expression.getStart(source));

describe('names: where the program declares and calls a name', () => {
  it('knows which names are functions with bodies (or export names) and which calls are by a plain name', () => {
    const source = parse(SOURCE);
    const declared = (name: string) => useOf(source, name).declared;
    for (const name of ['declared', 'overloaded', 'arrow', 'expression', 'wrapped', 'checked', 'find', 'quoted', 'quotedArrow', 'property', 'method', '#secret', 'field', 'decorated', 'renamed', 'string export', 'bitmap']) {
      assert.equal(declared(name), true, name);
    }
    for (const name of ['imported', 'Repo', 'missing', 'inInterface', 'inInterfaceArrow', 'inAlias', 'commented', 'inString', 'inTemplate', 'map', 'secret', 'helper', 'service', 'Base']) {
      assert.equal(declared(name), false, name);
    }
    // An export specifier counts the name it exports under, whatever it exports: `"string export"` above, not
    // `notAFunction`, nor the `const` itself.
    assert.equal(declared('notAFunction'), false);
    const callsOf = (name: string) => useOf(source, name).calls.map((call) => source.text.slice(call.getStart(source), call.end));
    // A member's name (`other?.helper()`, `other. helper()`, `other.⏎ helper()`) is no call by a plain name; a
    // spread's is, and so is a call after a comment that ends with a full stop.
    assert.deepEqual(callsOf('helper'), ['helper(a)', "helper(declared('x'), helper())", 'helper()', 'helper()', 'helper()']);
    assert.deepEqual(callsOf('declared'), ['declared(id)', "declared('x')"]);
    assert.deepEqual(callsOf('arrow'), ["arrow('x')"]);
    assert.deepEqual(callsOf('map'), ['map()']);
    assert.deepEqual(callsOf('decoratorArg'), ['decoratorArg()']);
    assert.deepEqual(callsOf('decorate'), ['decorate(decoratorArg())']);
    // The walk does not go into types: `extends mixin(Base)` is an ExpressionWithTypeArguments.
    assert.deepEqual(callsOf('mixin'), []);
    for (const name of ['commented', 'inString', 'inTemplate', 'method', 'bitmap']) assert.deepEqual(callsOf(name), [], name);
  });

  it('gives the answers of a walk of the whole file for every name written in it', () => {
    for (const text of [SOURCE, 'export const a = { b: () => c(), "d-e": function () {} };\nc(); a.b();\n']) {
      const lazy = parse(text);
      const walked = functionNames(parse(text));
      const names = new Set([...((lazy as unknown as { identifiers: Map<string, string> }).identifiers.keys()), ...walked.declared, 'string export', 'd-e']);
      for (const name of names) {
        const use = useOf(lazy, name);
        assert.equal(use.declared, walked.declared.includes(name), name);
        assert.deepEqual(
          starts(lazy, use.calls),
          walked.calls.filter((call) => (call.expression as ts.Identifier).text === name).map((call) => call.expression.getStart(lazy)),
          name,
        );
      }
    }
  });

  it('walks a file whose names may be spelled with escapes', () => {
    const source = parse('function \\u0061bc() { return 1; }\nab\\u0063();\nconst o = { \'\\x64ef\'() {} };\n');
    assert.equal(useOf(source, 'abc').declared, true);
    assert.deepEqual(starts(source, useOf(source, 'abc').calls), [source.text.indexOf('ab\\u0063')]);
    assert.equal(useOf(source, 'def').declared, true);
  });

  it('counts a call once when a comment before it names it too', () => {
    const source = parse('/** helper */ helper(); // helper\n/* helper */\nexport function helper() {}\n');
    assert.deepEqual(starts(source, useOf(source, 'helper').calls), [source.text.indexOf('helper()')]);
    assert.equal(useOf(source, 'helper').declared, true);
  });

  it('answers the same once a file with many places is walked whole', () => {
    const source = parse(`export function many() {}\n${'many();\n'.repeat(80)}other();\n`);
    assert.equal(useOf(source, 'many').calls.length, 80);
    assert.equal(useOf(source, 'many').declared, true);
    assert.equal(useOf(source, 'other').calls.length, 1);
    assert.equal(useOf(source, 'absent').declared, false);
  });

  it('finds names in a file without the parser\'s identifier texts by walking it', () => {
    const source = parse('export function found() { return other(); }\n');
    delete (source as unknown as { identifiers?: unknown }).identifiers;
    assert.equal(useOf(source, 'found').declared, true);
    assert.equal(useOf(source, 'other').calls.length, 1);
    assert.equal(useOf(source, 'missing').declared, false);
  });

  it('answers for the program from the files that have the name, string export names included', () => {
    const files = [
      parse('export function a() { return b(); }\n// c() is only in a comment here\n', 'a.ts', true),
      parse('import { a } from "./a";\nexport const b = () => a();\na();\n', 'b.ts', true),
      parse('function hidden() {}\nexport { hidden as "quoted name" };\n', 'c.ts', true),
    ];
    const names = new ProgramNames(files);
    assert.equal(names.use('a').declared, true);
    assert.deepEqual(names.use('a').calls.map((call) => [call.getSourceFile().fileName, call.getStart()]), [
      ['b.ts', files[1].text.indexOf('a()')],
      ['b.ts', files[1].text.lastIndexOf('a()')],
    ]);
    assert.equal(names.use('b').declared, true);
    assert.equal(names.use('b').calls.length, 1);
    assert.deepEqual(names.use('c'), { declared: false, calls: [] });
    assert.equal(names.use('quoted name').declared, true, 'named by an export specifier, though no identifier text has it');
    assert.equal(names.use('hidden').declared, true);
  });

  it("agrees with the walk on the plugin's own source, name by name", () => {
    const dir = path.join(__dirname, '../../src');
    const read = (file: string) => ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 40);
    // Two parses of each file: the walk and the lookup by places keep what they learn per source file.
    const sources = files.map(read);
    const walked = files.map(read).map(functionNames);
    const names = new ProgramNames(sources);
    const where = (call: ts.CallExpression) => `${call.getSourceFile().fileName}:${call.expression.getStart()}`;
    for (const name of new Set(sources.flatMap((source) => [...(source as unknown as { identifiers: Map<string, string> }).identifiers.keys()]))) {
      const use = names.use(name);
      assert.equal(use.declared, walked.some((w) => w.declared.includes(name)), name);
      assert.deepEqual(use.calls.map(where), walked.flatMap((w) => w.calls.filter((call) => (call.expression as ts.Identifier).text === name).map(where)), name);
    }
  });
});
