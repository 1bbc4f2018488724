import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Minimatch } from 'minimatch';
import path from 'node:path';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import type { ContextSettings } from '../schema/provenance-settings';
import { SETTINGS_ROOT } from '../schema/settings';
import { FRAMEWORKS, type Framework } from './frameworks';
import type { Constraint } from './constraint';
import { fileOf, fromPackage } from './packages';
import { equalitiesOf, isNullish } from './proofs';
import { isExported } from './summaries';
import { ownCalls, ownReturns } from './walk';

/**
 * Who is asking when a query runs: a signed-in `user` (the rule's subject), `system` code that no signed-in
 * user reaches (a job, a verified webhook, a script), or `public` code that serves anyone by design (a
 * capability link). Queries outside `user` are not findings; the access report lists them with `reason`.
 */
export type QueryContext = { kind: 'user' } | { kind: 'system' | 'public'; reason: string };

const USER: QueryContext = { kind: 'user' };

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Decides the context of queries in one file; one instance per lint of a file. */
export class Contexts {
  private readonly fileContext: QueryContext;
  private readonly functions = new Map<FunctionNode, { verifiedAt: { end: number; reason: string }[]; own: QueryContext | null }>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly tsNode: (node: TSESTree.Node) => ts.Node,
    private readonly scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
    private readonly settings: ContextSettings,
    filename: string,
    cwd: string,
    private readonly frameworks: readonly Framework[] = FRAMEWORKS,
  ) {
    this.fileContext = fileContextOf(settings, filename, cwd);
    this.verifierNames = new Set(frameworks.flatMap((f) => f.system?.verifiers?.map((v) => v.name) ?? []));
  }
  private readonly verifierNames: ReadonlySet<string>;

  /** The context of the code at `node` (a query call). */
  of(node: TSESTree.Node): QueryContext {
    if (this.fileContext.kind !== 'user') return this.fileContext;
    for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
      if (!isFunction(current)) continue;
      const info = this.infoOf(current);
      if (info.own) return info.own;
      const verified = info.verifiedAt.find((v) => v.end <= node.range[0]);
      if (verified) return { kind: 'system', reason: verified.reason };
      const callers = this.callersContext(current);
      if (callers) return callers;
    }
    return USER;
  }

  private readonly callers = new Map<FunctionNode, QueryContext | null>();

  /**
   * A function of this module that nothing outside it can call (not exported), called here only from
   * code that no signed-in user reaches (a verified webhook's handler, a job): its context is theirs.
   */
  private callersContext(fn: FunctionNode): QueryContext | null {
    if (this.callers.has(fn)) return this.callers.get(fn)!;
    this.callers.set(fn, null); // a recursive call proves nothing
    const result = this.contextOfCallers(fn);
    this.callers.set(fn, result);
    return result;
  }

  private contextOfCallers(fn: FunctionNode): QueryContext | null {
    const id = declaredId(fn);
    if (!id || isExported(fn)) return null;
    const uses = findVariable(this.scopeOf(id), id)?.references.filter((r) => r.identifier !== id) ?? [];
    if (uses.length === 0) return null;
    const contexts: Exclude<QueryContext, { kind: 'user' }>[] = [];
    for (const use of uses) {
      // Only direct calls: a function handed elsewhere (or re-exported: `export { f }`) may be called from anywhere.
      const call = use.identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== use.identifier) return null;
      const context = this.of(call);
      if (context.kind === 'user') return null;
      contexts.push(context);
    }
    const kind = contexts.every((c) => c.kind === 'system') ? 'system' : 'public';
    return { kind, reason: `\`${id.name}()\` is only called from ${contexts[0].reason}` };
  }

  private infoOf(fn: FunctionNode) {
    let info = this.functions.get(fn);
    if (!info) this.functions.set(fn, (info = { own: this.ownContext(fn), verifiedAt: this.verifiers(fn) }));
    return info;
  }

  /** A function named in the settings, or run by a library as a job or for signed requests only. */
  private ownContext(fn: FunctionNode): QueryContext | null {
    const name = functionName(fn);
    if (name && this.settings.systemFunctions.includes(name)) {
      return { kind: 'system', reason: `\`${name}()\` is listed in ${SETTINGS_ROOT}.contexts.systemFunctions` };
    }
    if (name && this.settings.publicFunctions.includes(name)) {
      return { kind: 'public', reason: `\`${name}()\` is listed in ${SETTINGS_ROOT}.contexts.publicFunctions` };
    }
    for (const { call, property } of this.callsTaking(fn)) {
      const callee = call.callee;
      const calleeName =
        callee.type === AST_NODE_TYPES.Identifier
          ? callee.name
          : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
            ? callee.property.name
            : null;
      if (!calleeName) continue;
      for (const framework of this.frameworks) {
        const marker = framework.system?.handlers?.find((h) => h.callee === calleeName && h.property === property);
        if (marker && this.declaredBy(callee, framework)) return { kind: 'system', reason: marker.what };
      }
    }
    return null;
  }

  /**
   * The calls `fn` is handed to: as an argument (`new Worker('q', fn)`), as a property of an object
   * argument (`task({ run: fn })`), directly or through the name it is declared with.
   */
  private callsTaking(fn: FunctionNode): { call: TSESTree.CallExpression | TSESTree.NewExpression; property?: string }[] {
    const out: { call: TSESTree.CallExpression | TSESTree.NewExpression; property?: string }[] = [];
    const consider = (value: TSESTree.Node) => {
      const parent = value.parent;
      if (isCall(parent) && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) out.push({ call: parent });
      if (parent?.type === AST_NODE_TYPES.Property && parent.value === value && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
        const object = parent.parent;
        if (object?.type === AST_NODE_TYPES.ObjectExpression && isCall(object.parent) && object.parent.arguments.includes(object)) {
          out.push({ call: object.parent, property: parent.key.name });
        }
      }
    };
    consider(fn);
    const id = declaredId(fn);
    const variable = id && findVariable(this.scopeOf(id), id);
    for (const reference of variable?.references ?? []) if (reference.identifier !== id) consider(reference.identifier);
    return out;
  }

  /** Signature checks in `fn`'s own body (not in functions nested in it), with where each ends. */
  private verifiers(fn: FunctionNode): { end: number; reason: string }[] {
    const out: { end: number; reason: string }[] = [];
    const names = this.verifierNames;
    if (names.size === 0 || !this.mayCallVerifier(fn)) return out;
    for (const node of ownCalls(fn.body)) {
      const callee = node.callee;
      const property = callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property : null;
      if (!property || !names.has(property.name)) continue;
      for (const framework of this.frameworks) {
        const marker = framework.system?.verifiers?.find((v) => v.name === property.name);
        if (marker && this.declaredBy(property, framework)) out.push({ end: node.range[1], reason: marker.what });
      }
    }
    return out;
  }

  /**
   * Whether the file `fn` is in names a verifier anywhere in its text: a call of one needs its name
   * written (an escaped identifier aside, which is let through), so most files need no walk at all.
   */
  private mayCallVerifier(fn: FunctionNode): boolean {
    let source: ts.SourceFile;
    try {
      source = this.tsNode(fn).getSourceFile();
    } catch {
      return true; // no TypeScript node to read the file from: walk the function
    }
    let found = this.verifierInFile.get(source);
    if (found === undefined) {
      found = source.text.includes('\\u') || [...this.verifierNames].some((name) => source.text.includes(name));
      this.verifierInFile.set(source, found);
    }
    return found;
  }
  private readonly verifierInFile = new WeakMap<ts.SourceFile, boolean>();

  private declaredBy(node: TSESTree.Node, framework: Framework): boolean {
    if (framework.packages.length === 0) return false;
    const target = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node;
    const symbol = this.checker.getSymbolAtLocation(this.tsNode(target));
    return fromPackage(fileOf(symbol, this.checker), framework.packages);
  }
}

/**
 * A read in a function that returns only a boolean (`validUniqueName(name): Promise<boolean>`): whether a
 * row exists leaves the function, never the rows. Such a read (an instance-wide uniqueness check, a
 * "does it exist" probe) serves anyone by design and is listed as public. An access check that forgets
 * its owner filter is still caught where it matters: it proves nothing, so what the caller does with the
 * id next is checked as if there were no check.
 */
export function existenceCheck(fn: TSESTree.Node, checker: ts.TypeChecker, tsNode: (node: TSESTree.Node) => ts.Node): { kind: 'public'; reason: string } | null {
  if (!isFunction(fn)) return null;
  // Read from the declared return type, or from what the function returns as written: inferring the
  // return type of every function that runs a query would type-check each body once more.
  if (fn.returnType) {
    const declared = checker.getTypeAtLocation(tsNode(fn.returnType.typeAnnotation));
    const type = checker.getAwaitedType(declared) ?? declared;
    if (!(type.flags & ts.TypeFlags.BooleanLike)) return null;
  } else if (!returnsBooleans(fn, (call) => declaresBoolean(call, checker, tsNode))) {
    return null;
  }
  const name = functionName(fn);
  return { kind: 'public', reason: `an existence check: ${name ? `\`${name}()\`` : 'the function'} returns only a boolean, so whether a row exists leaves it, never the rows` };
}

/**
 * A read whose row is only tested for presence, where finding a row stops the code (an inline uniqueness
 * check: `const taken = await …findFirst({ where: { name } }); if (taken) throw conflict()`,
 * `if (await …findFirst(…)) return`), or is turned into a boolean value (`return { available: !row }`):
 * whether a row exists is all that leaves it, as for an existence check. A read the code requires
 * (`if (!row) throw notFound()`, `row ? update(…) : create(…)`) is an ordinary read: it is how the code
 * looks up what it goes on to use, and where a missing owner filter belongs.
 */
export function presenceTest(
  query: TSESTree.Node,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  exits: (statement: TSESTree.Statement) => boolean,
): { kind: 'public'; reason: string } | null {
  let node: TSESTree.Node = query;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === node && declarator.id.type === AST_NODE_TYPES.Identifier) {
    if (declarator.parent?.type !== AST_NODE_TYPES.VariableDeclaration || declarator.parent.kind !== 'const') return null;
    const variable = findVariable(scopeOf(declarator.id), declarator.id);
    const uses = variable?.references.filter((r) => !r.init) ?? [];
    if (uses.length === 0 || !uses.every((r) => truthOnly(r.identifier as TSESTree.Node, true, false, exits))) return null;
    return { kind: 'public', reason: `a presence test: the row in \`${declarator.id.name}\` is only tested for presence, so whether a row exists leaves it, never the rows` };
  }
  return truthOnly(node, true, false, exits) ? { kind: 'public', reason: 'a presence test: the row is only tested for presence, so whether a row exists leaves it, never the rows' } : null;
}

/**
 * Whether only the truth of `node` is used, and a found row stops the code there: `found` is the
 * polarity of `node` (true when a row was found), `derived` whether it is already a boolean made from
 * the row. `if (<found>) <exit>` and a boolean value (`!row`, `Boolean(row)`, `row == null`) are; the
 * row itself, a test that goes on when a row is found, or a `?:` switch on it are not.
 */
function truthOnly(node: TSESTree.Node, found: boolean, derived: boolean, exits: (statement: TSESTree.Statement) => boolean): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
      if (parent.test !== node) return false;
      return found ? exits(parent.consequent) : !!parent.alternate && exits(parent.alternate);
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' && truthOnly(parent, !found, true, exits);
    case AST_NODE_TYPES.CallExpression:
      return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Boolean' && parent.arguments.length === 1 && truthOnly(parent, found, true, exits);
    case AST_NODE_TYPES.BinaryExpression: {
      if (!['==', '===', '!=', '!=='].includes(parent.operator) || ![parent.left, parent.right].some((side) => side !== node && isNullish(side))) return false;
      return truthOnly(parent, parent.operator.startsWith('!') ? found : !found, true, exits);
    }
    case AST_NODE_TYPES.LogicalExpression:
      // `if (taken || reserved) throw …`: a found row still makes the test true.
      return parent.operator === '||' && found && truthOnly(parent, found, derived, exits);
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
      return false;
    default:
      // A boolean made from the row, used as a value: only whether a row exists leaves.
      return derived;
  }
}

/**
 * A capability lookup: a query that selects by a secret the caller presents (`where: { token: hashed }`,
 * an API key, an invitation or reset token). Whoever holds the secret may use the row, by design: that is
 * what the secret is for (authentication by an API token, a share link), and an id nobody can guess is no
 * object reference to tamper with. Listed as public. Null unless the filter's own AND pins a column whose
 * name says it holds a secret to a value that is not written in the code.
 */
export function capabilityLookup(filter: Constraint | null): { kind: 'public'; reason: string } | null {
  for (const e of equalitiesOf(filter)) {
    const field = e.path[e.path.length - 1];
    if (!field || !SECRET_FIELD.test(field) || isConstant(e.value)) continue;
    return { kind: 'public', reason: `a capability lookup: it selects by \`${e.path.join('.')}\`, a secret the caller presents, so whoever holds it may use the row by design` };
  }
  return null;
}

/** `token`, `apiToken`, `hashedToken`, `tokenHash`, `resetToken`, `apiKey`, `clientSecret`: not `key`, `tokenId`. */
const SECRET_FIELD = /^(?:hashed_?)?(?:[a-z]+_?)?(?:token|secret|api_?key)(?:_?(?:hash|digest))?$/i;

/** A value written in the code (`'open'`, `` `x` ``): it says nothing about who is asking. */
export function isConstant(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal || (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0);
}

/**
 * Whether every `return` gives a boolean, as written (a test, `Boolean(…)`, a call `booleanCall` says is
 * typed boolean: `isDefined(row)`, a type predicate), or nothing (`return;`: no row either); at least one
 * gives a boolean, and with a `return;` one that is not a constant.
 */
function returnsBooleans(fn: FunctionNode, booleanCall: (call: TSESTree.CallExpression) => boolean): boolean {
  // A call of a function by its plain name (`isDefined(row)`), asked about last: the type question is the costly one.
  const named = (node: TSESTree.Node): node is TSESTree.CallExpression => node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier;
  // What each `return` gives (`null` for `return;`).
  const values = fn.body.type !== AST_NODE_TYPES.BlockStatement ? [fn.body] : ownReturns(fn.body).map((r) => r.argument ?? null);
  if (!values.some(Boolean) || !values.every((v) => !v || isTest(v) || named(v))) return false;
  // With `return;` somewhere, a boolean made from something (a constant `true` is how a function that does
  // other work says it is done: `if (IS_CLOUD) return; …; return true`).
  if (values.includes(null) && !values.some((v) => v && v.type !== AST_NODE_TYPES.Literal)) return false;
  return values.every((v) => !v || isTest(v) || booleanCall(v as TSESTree.CallExpression));
}

/** A call of a function declared to return a boolean or a type predicate (`isDefined(v): v is T`), as written. */
function declaresBoolean(call: TSESTree.CallExpression, checker: ts.TypeChecker, tsNode: (node: TSESTree.Node) => ts.Node): boolean {
  const declared = checker.getResolvedSignature(tsNode(call) as ts.CallExpression)?.declaration?.type;
  return !!declared && (ts.isTypePredicateNode(declared) || declared.kind === ts.SyntaxKind.BooleanKeyword);
}

const TEST_METHODS = new Set(['some', 'every', 'includes', 'has', 'startsWith', 'endsWith', 'test']);

function isTest(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'boolean';
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === '!';
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '!==', '==', '!=', '<', '<=', '>', '>=', 'in', 'instanceof'].includes(node.operator);
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator !== '??' && isTest(node.left) && isTest(node.right);
    case AST_NODE_TYPES.CallExpression:
      // `Boolean(row && isAllowed(row))`
      if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Boolean') return true;
      return node.callee.type === AST_NODE_TYPES.MemberExpression && !node.callee.computed && node.callee.property.type === AST_NODE_TYPES.Identifier && TEST_METHODS.has(node.callee.property.name);
    default:
      return false;
  }
}

/** Each glob of the settings compiled once (every linted file is matched against them). */
function compiledGlob(glob: string): Minimatch {
  let compiled = globs.get(glob);
  if (!compiled) globs.set(glob, (compiled = new Minimatch(glob, { dot: true })));
  return compiled;
}
const globs = new Map<string, Minimatch>();

function fileContextOf(settings: ContextSettings, filename: string, cwd: string): QueryContext {
  if (settings.system.length === 0 && settings.public.length === 0) return USER;
  const relative = path.relative(cwd, path.resolve(cwd, filename)).split(path.sep).join("/");
  for (const kind of ['system', 'public'] as const) {
    const glob = settings[kind].find((g) => compiledGlob(g).match(relative));
    if (glob) return { kind, reason: `the file matches \`${glob}\` in ${SETTINGS_ROOT}.contexts.${kind}` };
  }
  return USER;
}

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/** The name a function is declared with: `function f`, `const f = () => …`. */
function declaredId(fn: FunctionNode): TSESTree.Identifier | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id;
  return fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier ? fn.parent.id : null;
}


function isCall(node: TSESTree.Node | undefined): node is TSESTree.CallExpression | TSESTree.NewExpression {
  return node?.type === AST_NODE_TYPES.CallExpression || node?.type === AST_NODE_TYPES.NewExpression;
}

/** The name a function is declared or defined with: `function f`, `const f = …`, `f() {}` in a class or object. */
function functionName(fn: FunctionNode): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
    return parent.key.name;
  }
  return null;
}
