import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyze as analyzeScopes, type ScopeManager } from '@typescript-eslint/scope-manager';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import type { QuerySite } from '../adapters/types';
import { type NameUse, ProgramNames, tsFunctionInitialiser } from './names';
import { isDependedOnPackage } from './packages';
import { functionInitialiser, Resolver } from './resolve';
import { methodSymbol, unaliased } from './types';
import { forEachChildNode } from './walk';

/**
 * Summaries of the functions that run queries (repositories, services, helpers), so that a call of
 * one is checked where it is made, with the arguments it is given.
 *
 * A helper in another module is read as ESTree on the SAME TypeScript program, with typescript-estree's
 * `parseAndGenerateServices({ programs: [program] })`: the adapters, the filter readers, `evaluate` and
 * value provenance then run unchanged on it, and its nodes map to the program's own TypeScript nodes.
 * The ESTree of a file is built once per program and reused by the files linted on that program after it,
 * while it is among the most recently used (see ProgramFiles.keepConverted).
 */

/** How deep route → service → repository → client is followed. */
export const MAX_LEVELS = 4;

type Fn = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface ParsedFile {
  ast: TSESTree.Program;
  fileName: string;
  tsNode(node: TSESTree.Node): ts.Node | undefined;
  esNode(node: ts.Node): TSESTree.Node | undefined;
  scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope;
}

/** The files of one program, by name, as ESTree with their scopes. */
class ProgramFiles {
  private readonly files = new Map<string, ParsedFile | null>();
  constructor(readonly program: ts.Program) {}

  /** Whether a function of the program's own source has this name (see names.ts). */
  hasFunctionNamed(name: string): boolean {
    return this.uses(name).declared;
  }

  /** Whether the program's own source calls something by this plain name (`name(…)`). */
  isCalledByName(name: string): boolean {
    return this.uses(name).calls.length > 0;
  }

  /** The calls of the program's own source by this plain name (`name(…)`), whatever they resolve to. */
  callsNamed(name: string): readonly ts.CallExpression[] {
    return this.uses(name).calls;
  }

  private uses(name: string): NameUse {
    return (this.names ??= new ProgramNames(this.program.getSourceFiles().filter(isOwnSource))).use(name);
  }
  private names: ProgramNames | undefined;

  /**
   * Keeps a linted file as ESLint parsed it, for the lints of its callers that come later: converting
   * it again would cost as much as ESLint's own parse. Only files that run queries are kept (a file a
   * helper call can lead to), and never in place of a conversion already handed out.
   */
  adopt(file: ParsedFile): void {
    if (this.files.has(file.fileName)) return;
    this.files.set(file.fileName, file);
    // ESLint's parse carries tokens and a scope manager: only the most recent ones are kept (callers are
    // usually linted near their helpers), so that a whole-workspace lint holds a bounded number of them.
    this.adopted.push(file.fileName);
    while (this.adopted.length > MAX_ADOPTED) {
      const evicted = this.adopted.shift()!;
      this.files.delete(evicted);
    }
  }
  private readonly adopted: string[] = [];

  get(fileName: string): ParsedFile | null {
    let file = this.files.get(fileName);
    // The most recently used last, with the lint that used it.
    if (file && this.converted.delete(fileName)) this.converted.set(fileName, this.lint);
    if (file === undefined) {
      file = null;
      const source = this.program.getSourceFile(fileName);
      if (source && !source.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(fileName)) {
        try {
          const { ast, services } = parseAndGenerateServices(source.text, {
            filePath: fileName,
            programs: [this.program],
            range: true,
            loc: true,
            comment: false,
            tokens: false,
            preserveNodeMaps: true,
            jsx: /\.[jt]sx$/.test(fileName),
          });
          setParents(ast as TSESTree.Program);
          const manager = analyzeScopes(ast as TSESTree.Program, { sourceType: 'module', jsxPragma: null });
          file = {
            ast: ast as TSESTree.Program,
            fileName,
            tsNode: (node) => services.esTreeNodeToTSNodeMap.get(node as never),
            esNode: (node) => services.tsNodeToESTreeNodeMap.get(node as never) as TSESTree.Node | undefined,
            scopeOf: (node) => scopeIn(manager, node),
          };
        } catch {
          file = null;
        }
      }
      this.files.set(fileName, file);
      if (file) this.keepConverted(fileName);
    }
    return file;
  }

  /**
   * Conversions are kept while they are among the most recently used: a helper's callers are usually
   * linted near it, and a whole-workspace lint that kept every helper it ever read would hold the ESTree,
   * node maps and scopes of most of its files (and pay for them in every garbage collection).
   */
  private keepConverted(fileName: string): void {
    this.converted.set(fileName, this.lint);
    for (const [evicted, usedBy] of this.converted) {
      // Never one the lint in progress has used: its nodes may be held by what it has worked out.
      if (this.converted.size <= MAX_CONVERTED || usedBy === this.lint) break;
      this.converted.delete(evicted);
      this.files.delete(evicted);
    }
  }
  /** The converted files kept, least recently used first, each with the last lint that used it. */
  private readonly converted = new Map<string, number>();
  private lint = 0;

  /** A new lint of a file on this program begins (see keepConverted). */
  beginLint(): void {
    this.lint++;
  }
}

/** A file of the program's own source: not a declaration file, a dependency's, or one a generator wrote. */
function isOwnSource(source: ts.SourceFile): boolean {
  return !source.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(source.fileName) && !isGenerated(source);
}

/**
 * A file a generator wrote (a Prisma Client generated into the source tree, GraphQL or OpenAPI codegen),
 * by the header such files open with: it holds no helper of the app's own, and a generated client is
 * as large as a big part of the app.
 */
function isGenerated(source: ts.SourceFile): boolean {
  return /@generated\b|\bcode generated by\b|\bauto-?generated\b/i.test(source.text.slice(0, 500));
}

const programs = new WeakMap<ts.Program, ProgramFiles>();

function filesOf(program: ts.Program): ProgramFiles {
  let files = programs.get(program);
  if (!files) programs.set(program, (files = new ProgramFiles(program)));
  return files;
}

/** What `SourceCode#getScope` does, on a scope manager of our own. */
function scopeIn(manager: ScopeManager, node: TSESTree.Node): TSESLint.Scope.Scope {
  const inner = node.type !== AST_NODE_TYPES.Program;
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = manager.acquire(current, inner);
    if (scope) return (scope.type === 'function-expression-name' ? scope.childScopes[0] : scope) as TSESLint.Scope.Scope;
  }
  return manager.scopes[0] as TSESLint.Scope.Scope;
}

function setParents(root: TSESTree.Node): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    forEachChildNode(node, (child) => {
      child.parent = node;
      stack.push(child);
    });
  }
}

const callees = new WeakMap<TSESTree.CallExpression, { fn: Fn; file: ParsedFile } | null>();

/** How many linted files ESLint parsed are kept for the lints of their callers (see ProgramFiles.adopt). */
const MAX_ADOPTED = 48;
/** How many files converted to ESTree for their helpers are kept (see ProgramFiles.keepConverted). */
const MAX_CONVERTED = 64;

/** The lint of one file: the files of its program, with the linted file as ESLint gave it. */
export class Workspace {
  private readonly files: ProgramFiles;
  private readonly roots = new WeakMap<TSESTree.Program, ParsedFile>();

  constructor(
    readonly checker: ts.TypeChecker,
    program: ts.Program,
    readonly current: ParsedFile,
  ) {
    this.files = filesOf(program);
    this.files.beginLint();
    this.roots.set(current.ast, current);
    this.resolver = new Resolver(this.scopeOf);
  }
  /** With the checker and tsNode, what reading declared types needs (a TypeContext). */
  readonly resolver: Resolver;

  /**
   * Whether the program's own source calls a function (declared, or a `const`) by its name: one that
   * nothing calls by name (a route handler given to a router, an exported entry point) is called by a
   * framework.
   */
  isCalledByName(fn: TSESTree.Node): boolean {
    const name = functionNameOf(fn);
    if (!name) return false;
    if (this.files.isCalledByName(name)) return true;
    // Exported from a package another package of the repository depends on: called from their programs.
    const file = this.fileOf(fn)?.fileName;
    return isExported(fn) && !!file && isDependedOnPackage(file);
  }

  /**
   * Every call of a function (declared, or a `const`) by its name in the program's own source, as
   * TypeScript nodes; empty when it has no name or nothing calls it so. Calls by other means (as a
   * method, or a value handed on) are not among them.
   */
  callsOf(fn: TSESTree.Node): ts.CallExpression[] {
    const name = functionNameOf(fn);
    if (!name) return [];
    const declaration = this.tsNode(fn);
    return this.files.callsNamed(name).filter((call) => {
      const symbol = unaliased(this.checker, this.checker.getSymbolAtLocation(call.expression));
      return !!symbol?.declarations?.some((d) => d === declaration || d === declaration.parent);
    });
  }

  /** Keeps the linted file for the lints of its callers (see ProgramFiles.adopt). */
  keepCurrent(): void {
    this.files.adopt(this.current);
  }

  /** The file a node belongs to. */
  fileOf(node: TSESTree.Node): ParsedFile | undefined {
    let root: TSESTree.Node = node;
    while (root.parent) root = root.parent;
    return this.roots.get(root as TSESTree.Program);
  }

  tsNode = (node: TSESTree.Node): ts.Node => {
    const file = this.fileOf(node);
    const found = file?.tsNode(node);
    if (!found) throw new Error(`data-isolation: no TypeScript node for a ${node.type}`);
    return found;
  };

  scopeOf = (node: TSESTree.Node): TSESLint.Scope.Scope => {
    const file = this.fileOf(node);
    if (!file) throw new Error(`data-isolation: no scope for a ${node.type}`);
    return file.scopeOf(node);
  };

  private parsed(fileName: string): ParsedFile | null {
    if (fileName === this.current.fileName) return this.current;
    const file = this.files.get(fileName);
    if (file) this.roots.set(file.ast, file);
    return file;
  }

  /**
   * The function a call runs, as ESTree, when it is declared with a body in the program's own source
   * (any module; `.js` with `allowJs`): a function declaration, a `const` arrow or function, a class
   * method (`this.service.get(id)`, a NestJS provider injected by type), or an object's method or
   * function-valued property (`const Threads = { get(clause) {…} }`).
   */
  calleeOf(call: TSESTree.CallExpression): Fn | undefined {
    // Asked again for the same call by every caller whose helpers reach it: resolved once per call node
    // (the nodes of other files live as long as their program; the linted file's, as long as its lint).
    const known = callees.get(call);
    if (known === null) return undefined;
    // Still valid while its file is the one the program's files hand out (an adopted file may have been
    // let go since, and converted again).
    if (known !== undefined && this.parsed(known.file.fileName) === known.file) return known.fn;
    const fn = this.resolveCallee(call);
    callees.set(call, fn ? { fn, file: this.fileOf(fn)! } : null);
    return fn;
  }

  /**
   * What the file alone tells of a function called by a plain name, without the checker: a function
   * declared in the same file (a `function`, or a `const` arrow or function expression never
   * reassigned) is itself; a named import is known by the name it is exported as, which the names of the
   * program's functions (names.ts) can rule out. Undefined for the rest (a global such as `String(…)`, a
   * default or namespace import, a parameter), which the checker resolves: a global's name is looked up
   * among the file's scopes and the globals, without types, where the names of the program's functions
   * would look through the text of every file that writes `String`.
   */
  private plainCallee(callee: TSESTree.Identifier): { fn: Fn } | { name: string } | undefined {
    const variable = findVariable(this.scopeOf(callee), callee);
    if (!variable || variable.defs.length !== 1 || variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
    const def = variable.defs[0];
    if (def.type === 'ImportBinding') {
      if (def.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
      const imported = def.node.imported;
      return { name: imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value) };
    }
    if (def.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return { fn: def.node };
    const fn = def.type === 'Variable' && def.node.id === def.name ? functionInitialiser(def.node.init) : undefined;
    return fn && { fn };
  }

  private resolveCallee(call: TSESTree.CallExpression): Fn | undefined {
    let callee: TSESTree.Node = call.callee;
    if (callee.type === AST_NODE_TYPES.ChainExpression) callee = callee.expression;
    const nameNode =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee
        : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed
          ? callee.property
          : undefined;
    if (!nameNode) return undefined;
    const methodName = nameNode.type === AST_NODE_TYPES.PrivateIdentifier ? `#${nameNode.name}` : (nameNode as TSESTree.Identifier).name;
    const plain = nameNode === callee ? this.plainCallee(callee) : { name: methodName };
    if (plain && 'fn' in plain) return plain.fn;
    if (plain && !this.files.hasFunctionNamed(plain.name)) return undefined;
    const tsName = this.fileOf(nameNode)?.tsNode(nameNode);
    if (!tsName) return undefined;
    // `service.get(…)`: the method of the declared type of `service` (see methodSymbol).
    const symbol = unaliased(
      this.checker,
      callee.type === AST_NODE_TYPES.MemberExpression ? methodSymbol(this, callee, tsName) : this.checker.getSymbolAtLocation(tsName),
    );
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration) return undefined;
    let fn: ts.Node | undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) fn = declaration;
    else if (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) fn = tsFunctionInitialiser(declaration.initializer);
    if (!fn || !(fn as ts.FunctionLikeDeclaration).body) return undefined;
    const file = this.parsed(fn.getSourceFile().fileName);
    if (!file) return undefined;
    const es = file.esNode(fn);
    if (!es) return undefined;
    // A method's ESTree node is the MethodDefinition/Property; its function is the value.
    const value = es.type === AST_NODE_TYPES.MethodDefinition || es.type === AST_NODE_TYPES.Property ? es.value : es;
    return value.type === AST_NODE_TYPES.FunctionDeclaration ||
      value.type === AST_NODE_TYPES.FunctionExpression ||
      value.type === AST_NODE_TYPES.ArrowFunctionExpression
      ? value
      : undefined;
  }
}

/** What a function does with a query, summarised once per function. */
export interface Summary {
  fn: Fn;
  /** Queries it runs itself (calls and tagged templates). */
  queries: TSESTree.Node[];
  /** Calls of other functions it makes, which may run queries. */
  calls: TSESTree.CallExpression[];
  /** What it returns of its (last) query: the row, whether a row exists, or nothing. */
  returns: 'row' | 'exists' | 'nothing';
  /** It throws when the row it reads is missing (`if (!row) throw …`). */
  throwsWhenMissing: boolean;
}

const summaries = new WeakMap<Fn, Summary>();

export function summarise(fn: Fn, isQuery: (node: TSESTree.Node) => boolean): Summary {
  let summary = summaries.get(fn);
  if (summary) return summary;
  const queries: TSESTree.Node[] = [];
  const calls: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [fn.body];
  let throwsWhenMissing = false;
  let exists = false;
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      if (isQuery(node)) queries.push(node);
      else if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
    }
    if (node.type === AST_NODE_TYPES.IfStatement && isMissingTest(node.test) && exits(node.consequent)) throwsWhenMissing = true;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument && isExistence(node.argument)) exists = true;
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression && node === fn && node.body.type !== AST_NODE_TYPES.BlockStatement && isExistence(node.body)) exists = true;
    forEachChildNode(node, (child) => stack.push(child));
  }
  // Methods like `findUniqueOrThrow`/`findOneOrFail` throw by themselves.
  if (queries.some((q) => /OrThrow$|OrFail$/.test(operationName(q) ?? ''))) throwsWhenMissing = true;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement && isExistence(fn.body)) exists = true;
  summary = {
    fn,
    queries,
    calls,
    returns: exists ? 'exists' : queries.length ? 'row' : 'nothing',
    throwsWhenMissing,
  };
  summaries.set(fn, summary);
  return summary;
}

function operationName(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = node.callee;
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
}

/** `!row`, `row == null`, `row === null`, `!row?.x` */
function isMissingTest(test: TSESTree.Expression): boolean {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return true;
  if (test.type === AST_NODE_TYPES.BinaryExpression && ['==', '==='].includes(test.operator)) {
    const isNothing = (n: TSESTree.Node) => (n.type === AST_NODE_TYPES.Literal && n.value === null) || (n.type === AST_NODE_TYPES.Identifier && n.name === 'undefined');
    return isNothing(test.left) || isNothing(test.right);
  }
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator === '||') return isMissingTest(test.left) || isMissingTest(test.right);
  return false;
}

/** A statement that leaves the function: `throw`, or a block that ends in one. */
export function exits(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (node.type === AST_NODE_TYPES.BlockStatement) return node.body.some((s) => s.type === AST_NODE_TYPES.ThrowStatement);
  return false;
}

/** `!!row`, `row !== null`, `Boolean(row)`, `count > 0`, `!!(await q)`. */
function isExistence(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!' && node.argument.type === AST_NODE_TYPES.UnaryExpression && node.argument.operator === '!') return true;
  if (node.type === AST_NODE_TYPES.BinaryExpression && ['!==', '!=', '>', '>='].includes(node.operator)) return true;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Boolean') return true;
  return false;
}

/**
 * One call of a helper, with the frames that led to it: a helper's parameter stands for the argument
 * its caller passed (and that argument may itself be a parameter of the caller's caller).
 */
export interface Frame {
  fn: Fn;
  call: TSESTree.CallExpression;
  parent: Frame | null;
}

/** The argument a call passes for a parameter binding of the called function, following the frames. */
export function boundArgument(frame: Frame | null, binding: TSESTree.Identifier, fnOf: (binding: TSESTree.Identifier) => TSESTree.Node | undefined): TSESTree.Node | undefined {
  const owner = fnOf(binding);
  for (let f = frame; f; f = f.parent) {
    if (f.fn !== owner) continue;
    const index = f.fn.params.findIndex((p) => p.range[0] <= binding.range[0] && binding.range[1] <= p.range[1]);
    if (index < 0) return undefined;
    const param = f.fn.params[index];
    const arg = f.call.arguments[index];
    if (!arg || arg.type === AST_NODE_TYPES.SpreadElement) return undefined;
    if (param.type === AST_NODE_TYPES.Identifier || param.type === AST_NODE_TYPES.AssignmentPattern) return arg;
    if (param.type === AST_NODE_TYPES.ObjectPattern) {
      const prop = param.properties.find(
        (p) => p.type === AST_NODE_TYPES.Property && p.range[0] <= binding.range[0] && binding.range[1] <= p.range[1],
      ) as TSESTree.Property | undefined;
      const key = prop && !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : undefined;
      if (key && arg.type === AST_NODE_TYPES.ObjectExpression) {
        const value = arg.properties.find(
          (p) => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key,
        ) as TSESTree.Property | undefined;
        return value?.value;
      }
      return arg;
    }
    return undefined;
  }
  return undefined;
}

/** Where a query sits, for messages: `data/reports.ts:2`. */
export function locationOf(site: QuerySite, file: ParsedFile | undefined, cwd: string): string {
  const name = file?.fileName ?? '';
  const rel = name.startsWith(cwd + '/') ? name.slice(cwd.length + 1) : name.split('/').slice(-2).join('/');
  return `${rel}:${site.operationNode.loc.start.line}`;
}

/**
 * `export function f` or `export const f = …`, exported where it is declared. (`export { f }` and
 * `export default f` are references of `f` that are not calls, so the caller check already gives up.)
 */
export function isExported(fn: TSESTree.Node): boolean {
  // `export function f` → its parent; `export const f = …` → declarator → declaration → export
  const node = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.parent : fn.parent?.parent?.parent;
  return node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/**
 * `function f() {}`, `const f = () => …` → `f`. Not methods: a method's name (`update`, `get`) is called
 * on every client and repository, which says nothing of who calls this one.
 */
function functionNameOf(fn: TSESTree.Node): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  return undefined;
}
