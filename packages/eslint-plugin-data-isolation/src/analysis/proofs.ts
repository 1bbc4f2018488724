import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { methodName, propertyCarrying } from '../adapters/shared';
import type { QuerySite } from '../adapters/types';
import type { Constraint } from './constraint';
import { containsNode } from './provenance';
import type { FieldInfo, ModelInfo } from '../schema/types';

/**
 * Ownership proven inside a function, for every data layer. Real code rarely repeats the owner filter on
 * each query: it reads a row tied to the signed-in user once, exits when nothing is found, and then uses
 * the row's id (or the id it looked the row up by) freely:
 *
 *   const label = await prisma.label.findFirst({ where: { id, orgId: org.id } });
 *   if (!label) throw notFound();
 *   await prisma.label.update({ where: { id }, data });                 // `id` is proven for Label
 *
 * A value is proven when, before the query and on its way to it, either
 *  - it is a field of a row (or of the rows) returned by a read tied to the signed-in user, or of a row
 *    created with its owner set from the signed-in user (`label.id`, `rows.map((r) => r.id)`); or
 *  - it is a filter value of such a read that exits when nothing is found (`…OrThrow`, `…OrFail`,
 *    `if (!row) throw/return`, an `asserts` helper, or an ownership guard).
 * A proof records what the value is: the field `path` of a row of `model`.
 *
 * The analysis is pure: it asks its owner (the rule) which calls are reads tied to the user, and returns
 * proofs; what a proof means for a query's filter is decided by `provesSelector` and the rule.
 */
export interface Proof {
  /** The model/entity/table the proving read touches (`QuerySite.modelName`). */
  model: string;
  /** The field of that model's row the value is: `['id']`, `['teamId']`. */
  path: readonly string[];
  /** The proving read. */
  read: TSESTree.Node;
}

/** What the rule tells the analysis about a call, asked only for calls that precede the query. */
export interface ReadFacts {
  site: QuerySite;
  /** The read's filter, tied to the signed-in user (scoped by its policy, or by a value of theirs). */
  tied: boolean;
  /** Top-level AND equalities of its filter (`where: { id, orgId }`), for proofs by filter value. */
  equalities: readonly { path: readonly string[]; value: TSESTree.Node }[];
  /** The row a create writes, its owner set from the signed-in user. */
  createdForUser?: boolean;
}

export interface ProofContext {
  checker: ts.TypeChecker;
  tsNode(node: TSESTree.Node): ts.Node;
  scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope;
  /** Whether the call runs a query (cheap: the match is remembered). */
  isQuery(call: TSESTree.CallExpression): boolean;
  /** The facts of a read (or create) this call performs; null when it is no query. */
  factsOf(call: TSESTree.CallExpression): ReadFacts | null;
  /** Whether the row kept in `name` by `call` is checked against the signed-in user right after (the guard matcher). */
  isGuardedRead(call: TSESTree.CallExpression, until?: TSESTree.Node): boolean;
  /**
   * The model of the rows that `relation` of a row of `model` loads (`team.folders`), when the user's
   * rows of `model` own them: their owner (and tenant) is that row, by the key that points back at it.
   */
  ownedThrough?(model: string, relation: string): string | null;
}

/** A value by what it denotes: an anchor (a variable, or the query call a row came from) and a path into it. */
interface Key {
  anchor: object;
  /** Property names; `[]` is "an element of the list". */
  path: readonly string[];
}

const ELEMENT = '[]';
const EXIT_SUFFIX = /(OrThrow|OrFail)$/;
const MAX_DEPTH = 6;
/** How many assignments of a `let` are read (see `provenByEachAssignment`). */
const MAX_ASSIGNMENTS = 4;

export class OwnershipProofs {
  constructor(private readonly ctx: ProofContext) {}

  private readonly keys = new Map<TSESTree.Node, Key | null>();

  /**
   * Whether something proves what `value`, used at `at`, is in a way `accept` takes (`provesSelector`,
   * `provesValue`). `path`: a property of the value that is meant (`input` + `['notificationId']`, for a
   * helper's `input.notificationId`).
   */
  proves(value: TSESTree.Node, at: TSESTree.Node, accept: (proof: Proof) => boolean, path: readonly string[] = [], dereferenced = false): boolean {
    const some = orNothing(value);
    if (some) return this.proves(some, at, accept, path, dereferenced);
    if (this.ownProofsOf(value, at, path, dereferenced).some(accept)) return true;
    // `job.serverId` of `const job = { serverId: app.serverId, … }`: the value written there.
    const written = path.length > 0 ? this.writtenProperty(value, path[0]) : undefined;
    return written ? this.proves(written, at, accept, path.slice(1), dereferenced) : this.provenByEachAssignment(value, at, accept, path);
  }

  /**
   * A property of a row held in a `let` that each assignment before `at` proves (`let c; if (mine) c =
   * await …findFirst({ where: { id, userId } }); else { …; c = team.folders.at(0); }`, then `c.id`). Read
   * as a property (`c.id`, not `c?.id`), a `let` left unassigned fails before any query, so it proves
   * nothing either way; so does an optional chain in an assignment.
   */
  private provenByEachAssignment(value: TSESTree.Node, at: TSESTree.Node, accept: (proof: Proof) => boolean, path: readonly string[]): boolean {
    let root = value;
    const names: string[] = [];
    while (root.type === AST_NODE_TYPES.MemberExpression && !root.optional && !root.computed && root.property.type === AST_NODE_TYPES.Identifier) {
      names.unshift(root.property.name);
      root = root.object;
    }
    const rest = [...names, ...path];
    if (root.type !== AST_NODE_TYPES.Identifier || rest.length === 0) return false;
    const variable = findVariable(this.ctx.scopeOf(root), root);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || def?.type !== 'Variable' || def.parent.kind !== 'let' || def.node.id !== def.name || (def.node.init && !isNullish(def.node.init))) return false;
    const writes = variable.references.filter((ref) => ref.isWrite() && !ref.init);
    if (writes.length === 0 || writes.length > MAX_ASSIGNMENTS) return false;
    const fn = enclosingFunction(at);
    return writes.every(({ identifier }) => {
      const assignment = identifier.parent;
      return (
        assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.operator === '=' && assignment.left === identifier &&
        assignment.parent?.type === AST_NODE_TYPES.ExpressionStatement && assignment.range[1] <= at.range[0] && enclosingFunction(assignment) === fn &&
        this.proves(assignment.right, at, accept, rest, true)
      );
    });
  }

  /**
   * `if (!session.user.orgIds.includes(orgId)) throw …`, `if (!user.teams.some((t) => t.id === teamId))
   * return …`: the code leaves before `at` unless `value` is in a list the signed-in user holds
   * (`isUsers` says which lists are), so past it the value is one of theirs.
   */
  isInUsersList(value: TSESTree.Node, at: TSESTree.Node, isUsers: (list: TSESTree.Node) => boolean): boolean {
    const key = this.keyOf(value, 0);
    if (!key) return false;
    for (const { statements, before } of enclosingStatements(at)) {
      for (let i = 0; i < before; i++) {
        const statement = statements[i];
        if (this.leavesUnlessListed(statement, key, isUsers)) return true;
        // `if (v) { const ids = …; if (!ids.has(v)) throw …; }`: past the `if`, `v` is absent or listed.
        const block = this.presenceBlock(statement);
        if (block && sameKey(block.key, key) && block.body.some((inner) => this.leavesUnlessListed(inner, key, isUsers))) return true;
      }
    }
    return false;
  }

  /** `if (!list.includes(v) || …) throw …` with a list `isUsers` accepts. */
  private leavesUnlessListed(statement: TSESTree.Statement, key: Key, isUsers: (list: TSESTree.Node) => boolean): boolean {
    if (statement.type !== AST_NODE_TYPES.IfStatement) return false;
    const inList = flatten(statement.test, '||').some((disjunct) => {
      const member = disjunct.type === AST_NODE_TYPES.UnaryExpression && disjunct.operator === '!' ? listMembership(disjunct.argument) : null;
      const tested = member && this.keyOf(member.value, 0);
      return !!tested && sameKey(tested, key) && isUsers(member.list);
    });
    // The exit last: it may ask the checker whether a call returns `never`.
    return inList && exits(statement.consequent, this.ctx);
  }

  /** `dereferenced`: a property of `value` is read (`path`, not optionally), so `undefined` fails first. */
  private ownProofsOf(value: TSESTree.Node, at: TSESTree.Node, path: readonly string[], dereferenced = false): Proof[] {
    if (!(dereferenced && path.length > 0) && containsOptionalChain(value)) return [];
    const own = this.keyOf(value, 0, dereferenced && path.length > 0);
    if (!own) return [];
    const key = path.length ? { anchor: own.anchor, path: [...own.path, ...path] } : own;
    const out: Proof[] = [];
    // A field of a row that a read tied to the user returned.
    if (isQueryCall(key.anchor)) {
      const facts = this.ctx.factsOf(key.anchor);
      if (facts && (facts.tied || facts.createdForUser || this.ctx.isGuardedRead(key.anchor, at))) {
        const isList = facts.site.access === 'read' && !isSingleRead(facts.site);
        let path = isList ? (key.path[0] === ELEMENT ? key.path.slice(1) : null) : key.path;
        // A row a relation loaded with it (`team.folders[0].id`, `include`/`with`/`select`), owned through it.
        let model = facts.site.modelName;
        while (path && path.length > 1) {
          const child = this.ctx.ownedThrough?.(model, path[0]);
          if (!child) break;
          path = path[1] === ELEMENT ? path.slice(2) : path.slice(1);
          model = child;
        }
        if (path && path.length > 0 && !path.includes(ELEMENT)) out.push({ model, path, read: key.anchor });
      }
      return out;
    }
    // A filter value of a tied read that exits when nothing is found.
    for (const { read, onlyFor } of this.exitingReadsBefore(at)) {
      // Made inside `if (v) { … }`: past the `if`, it proves `v` alone.
      if (onlyFor && !sameKey(onlyFor, key)) continue;
      const facts = this.ctx.factsOf(read);
      // Tied by its filter, or by a guard on the row it returned (`if (!ws || isWriteForbidden(ws, user)) throw`).
      if (!facts || (!facts.tied && !this.ctx.isGuardedRead(read, at))) continue;
      for (const eq of facts.equalities) {
        const other = this.keyOf(eq.value, 0);
        if (other && sameKey(other, key)) out.push({ model: facts.site.modelName, path: eq.path, read });
      }
    }
    return out;
  }

  /** `{ …, key: v }` (or a `const` holding it, never reassigned) → `v`; undefined when a spread may carry `key`. */
  private writtenProperty(value: TSESTree.Node, key: string): TSESTree.Node | undefined {
    let object: TSESTree.Node | null | undefined = value;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariable(this.ctx.scopeOf(object), object);
      const def = variable?.defs[0];
      if (!variable || variable.references.some((ref) => ref.isWrite() && !ref.init) || def?.type !== 'Variable' || def.node.id !== def.name) return undefined;
      object = def.node.init;
    }
    if (object?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const carried = propertyCarrying(object, key);
    return carried?.whole ? carried.node : undefined;
  }

  /**
   * The reads that come before `at` on its way (earlier statements of each enclosing block, up to the
   * file) and leave the function when they find nothing.
   */
  private exitingReadsBefore(at: TSESTree.Node): readonly { read: TSESTree.CallExpression; onlyFor?: Key }[] {
    // Asked for each value of a query's filter and selector, and again by each caller's check.
    let reads = this.exitingReads.get(at);
    if (!reads) {
      reads = [];
      for (const { node, statements, before } of enclosingStatements(at)) {
        const present = this.presentRead(node);
        if (present) reads.push({ read: present });
        for (let i = 0; i < before; i++) {
          for (const read of this.exitingReadsOf(statements, i, at, before)) reads.push({ read });
          for (const proven of this.presenceChecked(statements[i], at)) reads.push(proven);
        }
      }
      this.exitingReads.set(at, reads);
    }
    return reads;
  }
  private readonly exitingReads = new Map<TSESTree.Node, { read: TSESTree.CallExpression; onlyFor?: Key }[]>();

  /**
   * `existing ? update({ where: { id } }) : create(…)`, `if (existing) { … }`, `existing && …`: `node`
   * runs only when the row a read kept in the `const` it tests is there, as past an exit when it is not.
   */
  private presentRead(node: TSESTree.Node): TSESTree.CallExpression | null {
    const parent = node.parent;
    const test =
      (parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === node
        ? parent.test
        : parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === node
          ? parent.left
          : null;
    const tested = test && presenceTested(test);
    if (tested?.type !== AST_NODE_TYPES.Identifier) return null;
    const def = findVariable(this.ctx.scopeOf(tested), tested)?.defs;
    if (def?.length !== 1 || def[0].type !== 'Variable' || def[0].parent.kind !== 'const' || def[0].node.id !== def[0].name) return null;
    const call = queryCallOf(def[0].node.init);
    if (!call || call.range[1] > tested.range[0] || !this.ctx.isQuery(call) || enclosingFunction(call) !== enclosingFunction(tested)) return null;
    return call;
  }

  /**
   * `if (input.serverId) { const server = await findServerById(input.serverId); if (server.orgId !== org) throw …; }`:
   * a value checked only when present is, after the `if`, either absent (and selects nothing by itself) or
   * proven. The reads inside the block that exit when nothing is found prove that value, and only it.
   */
  private presenceChecked(statement: TSESTree.Statement, at: TSESTree.Node): readonly { read: TSESTree.CallExpression; onlyFor: Key }[] {
    const block = this.presenceBlock(statement);
    if (!block || exits(block.statement.consequent, this.ctx)) return NONE;
    const { key, body } = block;
    let out: { read: TSESTree.CallExpression; onlyFor: Key }[] | undefined;
    for (let i = 0; i < body.length; i++) {
      for (const read of this.exitingReadsOf(body, i, at, body.length)) (out ??= []).push({ read, onlyFor: key });
    }
    return out ?? NONE;
  }

  /** `if (v) { … }` with no `else`: the value it tests for presence, and the block's statements. */
  private presenceBlock(statement: TSESTree.Statement): { statement: TSESTree.IfStatement & { consequent: TSESTree.BlockStatement }; key: Key; body: TSESTree.Statement[] } | null {
    if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate || statement.consequent.type !== AST_NODE_TYPES.BlockStatement) return null;
    const tested = presenceTested(statement.test);
    const key = tested && this.keyOf(tested, 0);
    return key ? { statement: statement as TSESTree.IfStatement & { consequent: TSESTree.BlockStatement }, key, body: statement.consequent.body } : null;
  }

  /**
   * The reads in `statements[index]` that exit when nothing is found, given the statements that follow
   * it before the query at `at` (up to `end`; a guard only after that query proves nothing for it).
   */
  private exitingReadsOf(statements: readonly TSESTree.Statement[], index: number, at: TSESTree.Node, end: number): readonly TSESTree.CallExpression[] {
    const statement = statements[index];
    // Asked of every statement before every query, most of which hold none: an array only when one is found.
    let out: TSESTree.CallExpression[] | undefined;
    switch (statement.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of statement.declarations) {
          const call = queryCallOf(declarator.init);
          if (!call) continue;
          if (throwsWhenMissing(call)) (out ??= []).push(call);
          else {
            const name = boundName(declarator.id);
            if (name && statements.some((s, j) => j > index && j < end && this.exitsWhenMissing(s, name))) (out ??= []).push(call);
            else if (name && this.ctx.isGuardedRead(call, at)) (out ??= []).push(call);
          }
        }
        break;
      case AST_NODE_TYPES.ExpressionStatement: {
        const call = queryCallOf(statement.expression);
        if (call && throwsWhenMissing(call)) (out ??= []).push(call);
        break;
      }
      case AST_NODE_TYPES.IfStatement: {
        // `if (!(await prisma.member.findFirst(…))) throw …`
        if (!exits(statement.consequent, this.ctx)) break;
        for (const disjunct of flatten(statement.test, '||')) {
          const call = queryCallOf(negated(disjunct));
          if (call) (out ??= []).push(call);
        }
        break;
      }
      default:
        break;
    }
    return out ?? NONE;
  }

  /** `if (!row) throw …`, `if (!row || …) return …`, `assert(row)`: the function ends when `name` holds no row. */
  private exitsWhenMissing(statement: TSESTree.Statement, name: string): boolean {
    if (statement.type === AST_NODE_TYPES.IfStatement) {
      return flatten(statement.test, '||').some((d) => isMissingCheck(d, name)) && exits(statement.consequent, this.ctx);
    }
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      const expression = statement.expression.type === AST_NODE_TYPES.AwaitExpression ? statement.expression.argument : statement.expression;
      return expression.type === AST_NODE_TYPES.CallExpression && assertsArgument(expression, name, this.ctx);
    }
    return false;
  }

  /**
   * The key of a value: variables followed through `const` aliases and destructuring, list elements
   * through `for … of`, `rows[0]`, `const [row] = …` and `.map((r) => r.id)`.
   */
  private keyOf(node: TSESTree.Node, depth: number, optional = false): Key | null {
    if (depth > MAX_DEPTH) return null;
    if (optional) return this.computeKey(node, depth, true);
    if (this.keys.has(node) && depth === 0) return this.keys.get(node)!;
    const key = this.computeKey(node, depth, false);
    if (depth === 0) this.keys.set(node, key);
    return key;
  }

  /** `optional`: the value is dereferenced after, so an optional chain in it (`ws.rows?.at(0)`) is read through. */
  private computeKey(node: TSESTree.Node, depth: number, optional: boolean): Key | null {
    switch (node.type) {
      case AST_NODE_TYPES.ChainExpression:
        return optional ? this.keyOf(node.expression, depth + 1, true) : null;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.keyOf(node.expression, depth + 1, optional);
      case AST_NODE_TYPES.AwaitExpression:
        return node.argument.type === AST_NODE_TYPES.CallExpression && this.ctx.isQuery(node.argument) ? { anchor: node.argument, path: [] } : null;
      case AST_NODE_TYPES.CallExpression: {
        if (this.ctx.isQuery(node)) return { anchor: node, path: [] };
        // `rows.map((r) => r.id)`, `rows.filter(…).map(…)`
        const method = methodName(node);
        if (node.callee.type !== AST_NODE_TYPES.MemberExpression || !method || ((node.optional || node.callee.optional) && !optional)) return null;
        const list = this.keyOf(node.callee.object, depth + 1, optional);
        if (!list) return null;
        if (method === 'filter' || method === 'slice' || method === 'toSorted' || method === 'sort') return list;
        // `rows.at(0)`, `rows.find((r) => …)`: an element of the list.
        if (method === 'at' || method === 'find' || method === 'findLast') return { anchor: list.anchor, path: [...list.path, ELEMENT] };
        if (method !== 'map' && method !== 'flatMap') return null;
        const [callback] = node.arguments;
        const field = callback && mappedField(callback);
        return field ? { anchor: list.anchor, path: [...list.path, ELEMENT, ...field] } : null;
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (node.optional && !optional) return null;
        const object = this.keyOf(node.object, depth + 1, optional);
        if (!object) return null;
        if (node.computed) {
          return node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'number'
            ? { anchor: object.anchor, path: [...object.path, ELEMENT] }
            : null;
        }
        return node.property.type === AST_NODE_TYPES.Identifier ? { anchor: object.anchor, path: [...object.path, node.property.name] } : null;
      }
      case AST_NODE_TYPES.Identifier:
        return this.identifierKey(node, depth, optional);
      default:
        return null;
    }
  }

  private identifierKey(node: TSESTree.Identifier, depth: number, optional: boolean): Key | null {
    const variable = findVariable(this.ctx.scopeOf(node), node);
    if (!variable) return null;
    // A value that may change between the proof and the query proves nothing.
    if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return null;
    const def = variable.defs[0];
    if (!def) return null;
    if (def.type === 'Variable') {
      const declarator = def.node;
      const parent = declarator.parent;
      // `for (const r of rows)`
      if (parent?.parent?.type === AST_NODE_TYPES.ForOfStatement && parent.parent.left === parent) {
        const list = this.keyOf(parent.parent.right, depth + 1);
        return list && withBinding(list, declarator.id, def.name, true);
      }
      if (!declarator.init) return { anchor: variable, path: [] };
      const init = declarator.init;
      const base = this.keyOf(init, depth + 1, optional);
      if (!base) return declarator.id === def.name ? { anchor: variable, path: [] } : null;
      return withBinding(base, declarator.id, def.name, false);
    }
    if (def.type === 'Parameter') {
      // `rows.map((r) => …)`: the callback's parameter is an element of the list.
      const fn = def.node;
      const call = fn.parent;
      if (
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.arguments[0] === fn &&
        fn.params[0] && containsNode(fn.params[0], def.name) &&
        call.callee.type === AST_NODE_TYPES.MemberExpression &&
        ['map', 'forEach', 'flatMap', 'filter', 'some', 'every', 'find'].includes(methodName(call) ?? '')
      ) {
        const list = this.keyOf(call.callee.object, depth + 1);
        if (list) return withBinding(list, fn.params[0], def.name, true);
      }
      return { anchor: variable, path: [] };
    }
    return { anchor: variable, path: [] };
  }
}

/** The key of a binding inside a pattern: `const { id } = input` → input.id; `const [row] = rows` → an element. */
function withBinding(base: Key, pattern: TSESTree.Node, binding: TSESTree.Node, element: boolean): Key | null {
  const prefix = element ? [...base.path, ELEMENT] : [...base.path];
  const path = bindingPath(pattern, binding);
  return path ? { anchor: base.anchor, path: [...prefix, ...path] } : null;
}

function bindingPath(pattern: TSESTree.Node, binding: TSESTree.Node): string[] | null {
  if (pattern === binding) return [];
  switch (pattern.type) {
    case AST_NODE_TYPES.ObjectPattern:
      for (const prop of pattern.properties) {
        if (prop.type !== AST_NODE_TYPES.Property || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier) continue;
        if (!containsNode(prop.value, binding)) continue;
        const rest = bindingPath(prop.value, binding);
        return rest && [prop.key.name, ...rest];
      }
      return null;
    case AST_NODE_TYPES.ArrayPattern: {
      const first = pattern.elements[0];
      if (!first || !containsNode(first, binding)) return null;
      const rest = bindingPath(first, binding);
      return rest && [ELEMENT, ...rest];
    }
    case AST_NODE_TYPES.AssignmentPattern:
      return bindingPath(pattern.left, binding);
    default:
      return null;
  }
}

/** `(r) => r.id`, `({ id }) => id`, `(r) => { return r.team.id; }` → the element's field path. */
function mappedField(callback: TSESTree.Node): string[] | null {
  if (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression) return null;
  const [param] = callback.params;
  if (!param) return null;
  let body: TSESTree.Node | null | undefined = callback.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) {
    const last = body.body.length === 1 ? body.body[0] : null;
    body = last?.type === AST_NODE_TYPES.ReturnStatement ? last.argument : null;
  }
  if (!body) return null;
  const path: string[] = [];
  let node: TSESTree.Node = body;
  while (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && !node.optional && node.property.type === AST_NODE_TYPES.Identifier) {
    path.unshift(node.property.name);
    node = node.object;
  }
  if (node.type !== AST_NODE_TYPES.Identifier) return null;
  if (param.type === AST_NODE_TYPES.Identifier) return param.name === node.name && path.length > 0 ? path : null;
  if (param.type === AST_NODE_TYPES.ObjectPattern) {
    for (const prop of param.properties) {
      if (prop.type === AST_NODE_TYPES.Property && prop.value.type === AST_NODE_TYPES.Identifier && prop.value.name === node.name && prop.key.type === AST_NODE_TYPES.Identifier) {
        return [prop.key.name, ...path];
      }
    }
  }
  return null;
}

function sameKey(a: Key, b: Key): boolean {
  return a.anchor === b.anchor && a.path.length === b.path.length && a.path.every((s, i) => s === b.path[i]);
}

function isQueryCall(anchor: object): anchor is TSESTree.CallExpression {
  return (anchor as TSESTree.Node).type === AST_NODE_TYPES.CallExpression;
}

/** A read that returns at most one row. */
export function isSingleRead(site: QuerySite): boolean {
  return /^(find(First|Unique|One|OneBy|ById|OneAndUpdate|OneAndDelete|ByPk)|findFirstOrThrow|findUniqueOrThrow|findOneOrFail|findOneByOrFail|executeTakeFirst|executeTakeFirstOrThrow|get|first)/.test(site.operation) ||
    isTakeFirst(site.call);
}

/** Kysely's `executeTakeFirst()` and Drizzle's `.get()`/`.limit(1)` end a chain whose root names another operation. */
function isTakeFirst(call: TSESTree.Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = methodName(call);
  return name === 'executeTakeFirst' || name === 'executeTakeFirstOrThrow' || name === 'get';
}

function throwsWhenMissing(call: TSESTree.CallExpression): boolean {
  const name = methodName(call);
  return !!name && (EXIT_SUFFIX.test(name) || name === 'executeTakeFirstOrThrow');
}

/** The query call an expression awaits or is: `await prisma.x.findFirst(…)`. */
function queryCallOf(node: TSESTree.Node | null | undefined): TSESTree.CallExpression | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.AwaitExpression) return queryCallOf(node.argument);
  if (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSNonNullExpression) return queryCallOf(node.expression);
  return node.type === AST_NODE_TYPES.CallExpression ? node : null;
}

/** `if (v)`, `if (v !== undefined)`, `if (v != null)` → v: the value whose presence the test is. */
function presenceTested(test: TSESTree.Node): TSESTree.Node | null {
  if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '!==' || test.operator === '!=')) {
    if (isNullish(test.right)) return test.left;
    if (isNullish(test.left)) return test.right;
    return null;
  }
  return test.type === AST_NODE_TYPES.MemberExpression || test.type === AST_NODE_TYPES.Identifier ? test : null;
}

/**
 * A test of whether a value is there (`user`, `!user`, `user != null`, `user === undefined`): the value,
 * and the outcome of the test when it is absent. Null for any other test.
 */
export function presenceOf(test: TSESTree.Node): { value: TSESTree.Node; absentWhen: boolean } | null {
  const missing = negated(test);
  if (missing) return { value: missing, absentWhen: true };
  const present = presenceTested(test);
  return present ? { value: present, absentWhen: false } : null;
}

/** `!x` → x; `x === null`/`x == null`/`x === undefined` → x; else null. */
function negated(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return node.argument;
  if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '===' || node.operator === '==')) {
    if (isNullish(node.right)) return node.left;
    if (isNullish(node.left)) return node.right;
  }
  return null;
}

/**
 * `input.serverId || null`, `id ?? undefined`, `id || ''`: the value, or nothing that selects a row (no
 * row has an empty id); the value itself. Null for anything else.
 */
export function orNothing(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type !== AST_NODE_TYPES.LogicalExpression || (node.operator !== '||' && node.operator !== '??')) return null;
  const nothing = isNullish(node.right) || (node.right.type === AST_NODE_TYPES.Literal && node.right.value === '');
  return nothing ? node.left : null;
}

export function isNullish(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/** `!row`, `row === null`, `row == null`, `row === undefined`, `!row?.id` (true when no row). */
export function isMissingCheck(node: TSESTree.Node, name: string): boolean {
  let target = negated(node);
  if (!target) return false;
  if (target.type === AST_NODE_TYPES.ChainExpression) target = target.expression;
  let root: TSESTree.Node = target;
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    if (root.object.type === AST_NODE_TYPES.Identifier && root.object.name === name) return root.optional || root === target;
    root = root.object;
  }
  return root.type === AST_NODE_TYPES.Identifier && root.name === name && root === target;
}

/** `assert(row)`, `invariant(row, …)`: a call whose signature asserts its argument. */
export function assertsArgument(call: TSESTree.CallExpression, name: string, ctx: { checker: ts.TypeChecker; tsNode(node: TSESTree.Node): ts.Node }): boolean {
  const index = call.arguments.findIndex((a) => a.type === AST_NODE_TYPES.Identifier && a.name === name);
  if (index === -1) return false;
  const signature = ctx.checker.getResolvedSignature(ctx.tsNode(call) as ts.CallExpression);
  const predicate = signature && ctx.checker.getTypePredicateOfSignature(signature);
  return !!predicate && (predicate.kind === ts.TypePredicateKind.AssertsIdentifier) && predicate.parameterIndex === index;
}

/** A statement that leaves the function or cannot complete: `throw`, `return`, or a call typed `never` (`notFound()`). */
export function exits(statement: TSESTree.Statement, ctx: { checker: ts.TypeChecker; tsNode(node: TSESTree.Node): ts.Node }): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ReturnStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.length > 0 && exits(statement.body[statement.body.length - 1], ctx);
    case AST_NODE_TYPES.ExpressionStatement: {
      const expression = statement.expression.type === AST_NODE_TYPES.AwaitExpression ? statement.expression.argument : statement.expression;
      if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
      const type = ctx.checker.getTypeAtLocation(ctx.tsNode(expression));
      return (type.flags & ts.TypeFlags.Never) !== 0;
    }
    default:
      return false;
  }
}

export function flatten(node: TSESTree.Node, operator: '||' | '&&'): TSESTree.Node[] {
  return node.type === AST_NODE_TYPES.LogicalExpression && node.operator === operator
    ? [...flatten(node.left, operator), ...flatten(node.right, operator)]
    : [node];
}

/** The statements of a block-like node (function body, block, file, switch case). */
export function statementsOf(node: TSESTree.Node): readonly TSESTree.Statement[] | null {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return node.body as TSESTree.Statement[];
    case AST_NODE_TYPES.SwitchCase:
      return node.consequent;
    default:
      return null;
  }
}

function boundName(id: TSESTree.Node): string | null {
  if (id.type === AST_NODE_TYPES.Identifier) return id.name;
  if (id.type === AST_NODE_TYPES.ArrayPattern && id.elements[0]?.type === AST_NODE_TYPES.Identifier) return id.elements[0].name;
  return null;
}

function containsOptionalChain(node: TSESTree.Node): boolean {
  for (let n: TSESTree.Node = node; ; ) {
    if (n.type === AST_NODE_TYPES.ChainExpression) return true;
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      if (n.optional) return true;
      n = n.object;
      continue;
    }
    if (n.type === AST_NODE_TYPES.TSNonNullExpression || n.type === AST_NODE_TYPES.TSAsExpression) {
      n = n.expression;
      continue;
    }
    return false;
  }
}

/** The AND-ed equalities of a filter: what every row it returns satisfies. */
export function equalitiesOf(c: Constraint | null): readonly { path: readonly string[]; value: TSESTree.Node }[] {
  if (!c) return [];
  // Asked of the same filter by each proof, guard and caller check that reads it.
  let found = equalities.get(c);
  if (!found) {
    const out: { path: readonly string[]; value: TSESTree.Node }[] = [];
    collectEqualities(c, out);
    equalities.set(c, (found = out));
  }
  return found;
}
/** Kept for the filter as a whole only: its parts are seldom asked about on their own. */
function collectEqualities(c: Constraint, out: { path: readonly string[]; value: TSESTree.Node }[]): void {
  if (c.kind === 'equals') out.push({ path: c.path, value: c.value });
  else if (c.kind === 'all') for (const part of c.of) collectEqualities(part, out);
}
const equalities = new WeakMap<Constraint, readonly { path: readonly string[]; value: TSESTree.Node }[]>();

/**
 * Whether a proof of `value` ties the rows a query selects by `path` to the signed-in user:
 *  - the same row: the query selects `model` by its id (`where: { id }` after a proving read of the row);
 *  - a parent row: the query's owner path runs through the relation whose foreign key is `path`
 *    (`where: { connectionId: connection.id }` when Recording's owner is `connection.userId`).
 */
export function provesSelector(
  proof: Proof,
  site: QuerySite,
  path: readonly string[],
  accepted: readonly (readonly string[])[],
  models: ReadonlyMap<string, ModelInfo>,
): boolean {
  if (path.length !== 1) return false;
  const [field] = path;
  if (proof.model === site.modelName && proof.path.length === 1 && proof.path[0] === field && (isIdField(field, site.model) || isOwnIdName(field, site.modelName))) return true;
  // The id of another of the user's rows, where ids are generated unique across tables (cuid, uuid): no
  // row of anyone else has it (typebot refreshes credentials by the id of a user's or a workspace's row).
  if (proof.path.length === 1 && site.model?.fields.get(field)?.uniqueId && models.get(proof.model)?.fields.get(proof.path[0])?.uniqueId) return true;
  if (pointsAt(proof, site, field, models)) return true;
  // A foreign key through which an owner path runs.
  const model = site.model;
  if (model) {
    if (proof.path.length !== 1 || !models.get(proof.model)) return false;
    return foreignKeysTo(model, field, proof.model, proof.path[0]).some((relation) => accepted.some((p) => p.length > 1 && p[0] === relation.name));
  }
  // Data layers without a schema: `orderId` is the foreign key of an owner path through `order`.
  return (
    proof.path.length === 1 && (isIdField(proof.path[0], undefined) || isOwnIdName(proof.path[0], proof.model)) &&
    accepted.some((p) => p.length > 1 && foreignKeyOf(p[0]).includes(normalise(field)) && sameEntity(p[0], proof.model))
  );
}

/**
 * A foreign key of a proven row selects the row it points at by that row's id: a verified application's
 * `serverId` is the server it runs on (`findServerById(application.serverId)`). The app wrote that key
 * when it created the application; trusting it is trusting the app's own writes, which this rule checks
 * where they are made.
 */
function pointsAt(proof: Proof, site: QuerySite, field: string, models: ReadonlyMap<string, ModelInfo>): boolean {
  if (proof.path.length !== 1 || proof.model === site.modelName) return false;
  const [key] = proof.path;
  const holder = models.get(proof.model);
  if (holder) return foreignKeysTo(holder, key, site.modelName, field).length > 0;
  // Without a schema: `serverId` of another table selects `server` by its id (`id` or its own `serverId`).
  return !site.model && (isIdField(field, undefined) || isOwnIdName(field, site.modelName)) && isOwnIdName(key, site.modelName);
}

/** The relations of `holder` whose one foreign key `key` references `target`'s field `targetField`. */
function foreignKeysTo(holder: ModelInfo, key: string, target: string, targetField: string): FieldInfo[] {
  return [...holder.fields.values()].filter(
    (relation) =>
      relation.kind === 'object' &&
      relation.relationFromFields?.length === 1 &&
      relation.relationFromFields[0] === key &&
      relation.type === target &&
      relation.relationToFields?.[0] === targetField,
  );
}

/** A filter path that selects the query's model by its own id (`id`, `serverId` on `server`). */
export function selectsById(site: QuerySite, path: readonly string[]): boolean {
  return path.length === 1 && (isIdField(path[0], site.model) || isOwnIdName(path[0], site.modelName));
}

function isIdField(field: string, model: ModelInfo | undefined): boolean {
  if (field === 'id' || field === '_id') return true;
  return !!model && model.fields.get(field)?.kind === 'scalar' && field.toLowerCase() === 'id';
}

/** `serverId` on the `server` table, `userId` on `users`: a primary key named after its entity. */
function isOwnIdName(field: string, entity: string): boolean {
  const singular = (x: string) => x.replace(/(ies)$/, 'y').replace(/s$/, '');
  return normalise(field) === `${singular(normalise(entity))}id`;
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const foreignKeyOf = (relation: string) => [`${normalise(relation)}id`];
function sameEntity(relation: string, entity: string): boolean {
  const a = normalise(relation);
  const b = normalise(entity);
  const singular = (s: string) => s.replace(/(ies)$/, 'y').replace(/s$/, '');
  return a === b || singular(a) === singular(b) || b.endsWith(singular(a)) || singular(b).endsWith(singular(a));
}

/**
 * Whether a proven value may stand for the signed-in user's own value of an owner or tenant `path`:
 * the same field of a row tied to them (`teamId` proven by a membership lookup, `orgId` of a row of their
 * organisation), or the id of the parent row the path's foreign key points at (`orgId: org.id`).
 */
export function provesValue(proof: Proof, site: QuerySite, path: readonly string[], models: ReadonlyMap<string, ModelInfo>): boolean {
  const field = path[path.length - 1];
  const proven = proof.path[proof.path.length - 1];
  if (field === proven && !isIdField(field, undefined)) return true;
  // The model that holds `field`: the queried one, or the one a relation path leads to
  // (`result: { typebotId }` on Log holds `typebotId` in Result).
  let holder = site.model;
  let holderName = site.modelName;
  for (const step of path.slice(0, -1)) {
    const relation = holder?.fields.get(step);
    if (relation?.kind !== 'object') return false;
    holderName = relation.type;
    holder = models.get(relation.type);
  }
  if (field === proven) return proof.model === holderName;
  if (proof.path.length !== 1 || !isIdField(proven, undefined)) return false;
  if (holder) return !!models.get(proof.model) && foreignKeysTo(holder, field, proof.model, proven).length > 0;
  if (path.length !== 1) return false;
  const singular = (s: string) => s.replace(/(ies)$/, 'y').replace(/s$/, '');
  return normalise(field) === `${singular(normalise(proof.model))}id`;
}

/**
 * `list.includes(v)`, `set.has(v)`, `list.some((x) => x === v)`, `list.some((x) => x.id === v)`: the list
 * and the value looked for in it.
 */
function listMembership(node: TSESTree.Node): { list: TSESTree.Node; value: TSESTree.Node } | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.computed) return null;
  const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '';
  const [arg] = node.arguments;
  if (!arg || arg.type === AST_NODE_TYPES.SpreadElement) return null;
  if (method === 'includes' || method === 'has') return { list: node.callee.object, value: arg };
  const test = method === 'some' ? callbackTest(arg) : null;
  const body = test?.body;
  if (!test || body?.type !== AST_NODE_TYPES.BinaryExpression || (body.operator !== '===' && body.operator !== '==')) return null;
  // One side is the element (or a field of it), the other the value, which does not mention the element.
  const ofElement = (side: TSESTree.Node) => {
    let root: TSESTree.Node = side;
    while (root.type === AST_NODE_TYPES.MemberExpression && !root.computed) root = root.object;
    return root.type === AST_NODE_TYPES.Identifier && root.name === test.param;
  };
  if (ofElement(body.left) && !ofElement(body.right)) return { list: node.callee.object, value: body.right };
  if (ofElement(body.right) && !ofElement(body.left)) return { list: node.callee.object, value: body.left };
  return null;
}

/**
 * `(r) => test`, `function (r) { return test; }`: a one-parameter callback that returns one expression
 * (a `filter`/`some` predicate), as its parameter's name and that expression.
 */
export function callbackTest(node: TSESTree.Node | undefined): { param: string; body: TSESTree.Expression } | null {
  if (node?.type !== AST_NODE_TYPES.ArrowFunctionExpression && node?.type !== AST_NODE_TYPES.FunctionExpression) return null;
  const [param] = node.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  if (node.body.type !== AST_NODE_TYPES.BlockStatement) return { param: param.name, body: node.body };
  const [only] = node.body.body;
  return node.body.body.length === 1 && only.type === AST_NODE_TYPES.ReturnStatement && only.argument ? { param: param.name, body: only.argument } : null;
}

/** What the proofs' per-statement lookups give for the many statements that hold nothing, without an array each. */
const NONE: readonly never[] = [];

/**
 * From `at` up to the top of its file: each node on the way, with the statements of its block and how
 * many of them come before it (none when its parent holds no statements).
 */
function* enclosingStatements(at: TSESTree.Node): Generator<{ node: TSESTree.Node; statements: readonly TSESTree.Statement[]; before: number }> {
  for (let node: TSESTree.Node = at; node.parent; node = node.parent) {
    const siblings = statementsOf(node.parent);
    const index = siblings ? siblings.indexOf(node as TSESTree.Statement) : -1;
    yield { node, statements: siblings ?? [], before: Math.max(index, 0) };
  }
}

/** The function a node is written in (its innermost). */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === AST_NODE_TYPES.FunctionDeclaration || n.type === AST_NODE_TYPES.FunctionExpression || n.type === AST_NODE_TYPES.ArrowFunctionExpression) return n;
  }
  return undefined;
}
