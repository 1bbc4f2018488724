import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze as analyzeScopes, type ScopeManager } from '@typescript-eslint/scope-manager';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { Resolver } from '../../src/analysis/resolve';
import { declaredTypeOfExpression, declaredTypeOfReference, nonNullable, type TypeContext } from '../../src/analysis/types';

// The declared types read without checking each reference must be the types TypeScript gives the
// declarations: a shortcut that answered otherwise would change what the rule concludes.
const TYPES = `
export interface Session { user: { id: string } }
export type Req = { params: Record<string, string | undefined> };
`;
const SOURCE = `
import type { Session, Req } from './types';
type Local = { id: number };
interface Thing<T> { value: T; delete(): void }
declare const Thing: { new (): Thing<any>; new <T>(value: T): Thing<T> };
class Box<T> { constructor(); constructor(value: T); constructor(readonly value?: T) {} }

export function handler(session: Session, req: Req, local: Local, maybe?: Session, withDefault: Session = { user: { id: '' } }, ...rest: Session[]) {
  return [session, req, local, maybe, withDefault, rest, session.user.id, maybe!.user];
}
export function again(session: Session, other: Session | undefined) {
  return [session, other];
}
export function shadowed<Session extends { id: number }>(session: Session) {
  return [session];
}
export function generic<T extends { id: string }>(value: T, values: T[]) {
  return [value, values];
}
const map = new Map<string, number>();
const set = new Set();
const date = new Date();
const thing = new Thing(1);
const box = new Box(1);
export const all = [map, set, date, thing, box];
`;

interface Parsed {
  checker: ts.TypeChecker;
  ctx: TypeContext;
  /** The identifiers referenced in the \`return [...]\` or \`[...]\` arrays, by their text. */
  references: Map<string, TSESTree.Node[]>;
}

function scopeIn(manager: ScopeManager, node: TSESTree.Node): TSESLint.Scope.Scope {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = manager.acquire(current, current.type !== AST_NODE_TYPES.Program);
    if (scope) return scope as TSESLint.Scope.Scope;
  }
  return manager.scopes[0] as TSESLint.Scope.Scope;
}

describe('types: declared types read without checking each reference', () => {
  let dir: string;
  let parsed: Parsed;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'di-types-'));
    writeFileSync(path.join(dir, 'types.ts'), TYPES);
    const file = path.join(dir, 'source.ts');
    writeFileSync(file, SOURCE);
    const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true });
    const { ast, services } = parseAndGenerateServices(SOURCE, { filePath: file, programs: [program], range: true, loc: true, preserveNodeMaps: true });
    const manager = analyzeScopes(ast, { sourceType: 'module' });
    const checker = program.getTypeChecker();
    const tsNode = (node: TSESTree.Node) => services.esTreeNodeToTSNodeMap.get(node as never) as ts.Node;
    const ctx: TypeContext = { checker, tsNode, resolver: new Resolver((node) => scopeIn(manager, node)) };
    const references = new Map<string, TSESTree.Node[]>();
    const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined) => {
      (node as { parent?: TSESTree.Node }).parent ??= parent;
      if (node.type === AST_NODE_TYPES.ArrayExpression) {
        for (const element of node.elements) {
          if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
          const key = SOURCE.slice(element.range[0], element.range[1]);
          references.set(key, [...(references.get(key) ?? []), element]);
        }
      }
      for (const [key, value] of Object.entries(node)) {
        if (key === 'parent') continue;
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node, node);
        }
      }
    };
    visit(ast, undefined);
    parsed = { checker, ctx, references };
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const only = (text: string, index = 0) => {
    const found = parsed.references.get(text)?.[index];
    assert.ok(found, `no reference ${text}`);
    return found;
  };
  /** What TypeScript gives the declaration the reference reads. */
  const typeOfDeclaration = (node: TSESTree.Node) => {
    const { checker, ctx } = parsed;
    const symbol = checker.getSymbolAtLocation(ctx.tsNode(node))!;
    return checker.getTypeOfSymbol(symbol);
  };
  const text = (type: ts.Type | undefined) => (type ? parsed.checker.typeToString(type) : 'undefined');

  it('gives an annotated parameter the type of its declaration, left out or not', () => {
    for (const name of ['session', 'req', 'local', 'maybe', 'withDefault']) {
      const reference = only(name);
      const declared = declaredTypeOfReference(parsed.ctx, reference);
      assert.equal(text(declared), text(typeOfDeclaration(reference)), name);
    }
    // `maybe?` may be undefined, `withDefault` may not: the parameter's type, not the annotation's.
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('maybe'))), 'Session | undefined');
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('withDefault'))), 'Session');
    // A rest parameter's annotation is on the rest element: not read from the declaration (the checker is asked).
    assert.equal(declaredTypeOfReference(parsed.ctx, only('rest')), undefined);
  });

  it('gives parameters annotated with the same name the same type, in another function too', () => {
    const first = declaredTypeOfReference(parsed.ctx, only('session', 0));
    const second = declaredTypeOfReference(parsed.ctx, only('session', 1));
    assert.ok(first);
    assert.equal(first, second);
    assert.equal(first, typeOfDeclaration(only('session', 1)));
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('other'))), 'Session | undefined');
    // The same name bound to a type parameter is another binding, and another type.
    const shadowed = declaredTypeOfReference(parsed.ctx, only('session', 2));
    assert.equal(shadowed, typeOfDeclaration(only('session', 2)));
    assert.notEqual(shadowed, first);
    assert.ok(shadowed!.flags & ts.TypeFlags.TypeParameter);
  });

  it('gives a type parameter its own type', () => {
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('value'))), 'T');
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('values'))), 'T[]');
  });

  it('reads member chains and `!` from the declared types', () => {
    assert.equal(text(declaredTypeOfExpression(parsed.ctx, only('session.user.id'))), 'string');
    assert.equal(text(declaredTypeOfExpression(parsed.ctx, only('maybe!.user'))), '{ id: string; }');
  });

  it("types the default library's overloaded constructors by their generic type, and others' as TypeScript does", () => {
    const { checker } = parsed;
    // `new Map<string, number>()`: the overloads build Map<any, any> and Map<K, V>, both the Map generic.
    const map = declaredTypeOfReference(parsed.ctx, only('map'))!;
    assert.equal(text(map), 'Map<K, V>');
    const remove = checker.getPropertyOfType(map, 'delete')!.valueDeclaration!;
    assert.match(remove.getSourceFile().fileName, /\/lib\.es2015\.collection\.d\.ts$/);
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('set'))), 'Set<T>');
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('date'))), 'Date');
    // The program's own overloaded constructor is not the default library's: inferred as TypeScript does.
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('thing'))), 'Thing<number>');
    // A class's overloads all build its instance type: that type, its parameters uninferred.
    assert.equal(text(declaredTypeOfReference(parsed.ctx, only('box'))), 'Box<T>');
  });

  it('removes null and undefined as the checker does, once per type', () => {
    const { checker } = parsed;
    const other = declaredTypeOfReference(parsed.ctx, only('other'))!;
    const session = declaredTypeOfReference(parsed.ctx, only('session'))!;
    assert.equal(nonNullable(checker, other), checker.getNonNullableType(other));
    assert.equal(text(nonNullable(checker, other)), 'Session');
    assert.equal(nonNullable(checker, session), session);
  });
});
