import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../node-types';
import { ownReturns } from './walk';

/** How far we follow consts and helper returns; bounds recursion on circular helpers. */
const MAX_DEPTH = 8;

type Scope = TSESLint.Scope.Scope;

/**
 * Follows an expression to the expressions that may produce its value, within this file:
 * `const` (and never-reassigned `let`) initialisers, TypeScript wrappers (`as`, `satisfies`, `!`),
 * `a ? b : c` and `a ?? b` (either side), and calls to local helpers (each `return`).
 * Anything else is returned as is; the caller treats it as opaque.
 */
export class Resolver {
  /**
   * `bound`, when the function is analysed for one call of it (a helper's summary checked at a call
   * site), gives the argument that call passes for a parameter binding.
   */
  constructor(
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly bound?: (binding: TSESTree.Identifier) => TSESTree.Node | undefined,
  ) {}

  alternatives(node: TSESTree.Node): TSESTree.Node[] {
    const out: TSESTree.Node[] = [];
    this.collect(node, 0, new Set(), out);
    return out;
  }

  private collect(node: TSESTree.Node, depth: number, seen: Set<TSESTree.Node>, out: TSESTree.Node[]): void {
    if (depth > MAX_DEPTH || seen.has(node)) {
      out.push(node);
      return;
    }
    seen.add(node);
    const next = this.step(node);
    if (next === undefined) {
      out.push(node);
      return;
    }
    for (const n of next) this.collect(n, depth + 1, seen, out);
  }

  private step(node: TSESTree.Node): TSESTree.Node[] | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return [node.expression];
      case AST_NODE_TYPES.AwaitExpression:
        return [node.argument];
      case AST_NODE_TYPES.ConditionalExpression:
        return [node.consequent, node.alternate];
      case AST_NODE_TYPES.LogicalExpression:
        return node.operator === '&&' ? [node.right] : [node.left, node.right];
      case AST_NODE_TYPES.Identifier:
        return this.initialiserOf(node);
      case AST_NODE_TYPES.CallExpression:
        return this.returnsOf(node);
      default:
        return undefined;
    }
  }

  variableOf(id: TSESTree.Identifier) {
    return findVariable(this.scopeOf(id), id);
  }

  /**
   * `const conditions = [eq(t.orgId, org)]; if (q) conditions.push(…)`: the elements a list certainly
   * holds wherever it is used (those it is declared with), when the code only ever adds to it (`push`,
   * `unshift`) or reads it. For a conjunction (`and(...conditions)`, `AND: conditions`) that is enough:
   * whatever is added only narrows it. Undefined for anything else (a list that is reassigned, spliced,
   * emptied, or not a `const` array).
   */
  declaredElements(node: TSESTree.Node): TSESTree.Node[] | undefined {
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    let init: TSESTree.Node | null = def.node.init;
    while (init && (init.type === AST_NODE_TYPES.TSAsExpression || init.type === AST_NODE_TYPES.TSSatisfiesExpression)) init = init.expression;
    if (init?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
    for (const ref of variable.references) {
      if (ref.init || ref.identifier.type !== AST_NODE_TYPES.Identifier) continue;
      if (ref.isWrite()) return undefined;
      if (methodCallOn(ref.identifier, GROWING)) continue;
      if (isMutated(ref.identifier)) return undefined;
    }
    return init.elements.filter((e): e is TSESTree.Expression | TSESTree.SpreadElement => e !== null);
  }

  private initialiserOf(id: TSESTree.Identifier): TSESTree.Node[] | undefined {
    const variable = this.variableOf(id);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    if (def.type === 'Parameter' && this.bound) {
      const argument = this.bound(def.name as TSESTree.Identifier);
      return argument && [argument];
    }
    if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
    const writes = variable.references.filter((ref) => ref.isWrite() && !ref.init);
    if (writes.length > 0 || variable.references.some((ref) => ref.identifier.type === AST_NODE_TYPES.Identifier && isMutated(ref.identifier))) return undefined;
    return [def.node.init];
  }

  private returnsOf(call: TSESTree.CallExpression): TSESTree.Node[] | undefined {
    if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
    const fn = this.functionOf(call.callee);
    if (!fn) return undefined;
    return returnedValues(fn);
  }

  private functionOf(id: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
    const variable = this.variableOf(id);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    if (def.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    if (def.type === 'Variable' && def.parent.kind === 'const' && def.node.init) {
      const init = def.node.init;
      if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) {
        return init;
      }
    }
    return undefined;
  }
}

/**
 * `const f = (…) => …`, `const f = function (…) {…} satisfies Handler`: the function a variable's
 * initialiser is, through `as` and `satisfies`; undefined for any other initialiser (or none).
 */
export function functionInitialiser(init: TSESTree.Expression | null | undefined): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  while (init && (init.type === AST_NODE_TYPES.TSAsExpression || init.type === AST_NODE_TYPES.TSSatisfiesExpression)) init = init.expression;
  return init && (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) ? init : undefined;
}

const GROWING = new Set(['push', 'unshift']);
const ARRAY_MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'fill', 'copyWithin', 'reverse', 'sort']);

/** `rows.find(…)`, `list.push(…)`: the call, when the reference is the object of a call of one of `methods`. */
export function methodCallOn(id: TSESTree.Identifier, methods: ReadonlySet<string>): TSESTree.CallExpression | null {
  const member = id.parent;
  const call = member?.parent;
  return member?.type === AST_NODE_TYPES.MemberExpression && member.object === id && !member.computed &&
    member.property.type === AST_NODE_TYPES.Identifier && methods.has(member.property.name) &&
    call?.type === AST_NODE_TYPES.CallExpression && call.callee === member
    ? call
    : null;
}

/**
 * `x.a = …`, `x.a ??= …`, `delete x.a`, `Object.assign(x, …)`, or an array method that adds or removes
 * elements (`conditions.push(…)`: the array's initialiser is then not all it holds; see declaredElements
 * for conjunctions): this reference changes what the variable holds.
 */
function isMutated(id: TSESTree.Identifier): boolean {
  if (methodCallOn(id, ARRAY_MUTATORS)) return true;
  const parent = id.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
    const grand = parent.parent;
    if (grand?.type === AST_NODE_TYPES.AssignmentExpression && grand.left === parent) return true;
    if (grand?.type === AST_NODE_TYPES.UnaryExpression && grand.operator === 'delete') return true;
  }
  return (
    parent?.type === AST_NODE_TYPES.CallExpression &&
    parent.arguments[0] === id &&
    parent.callee.type === AST_NODE_TYPES.MemberExpression &&
    parent.callee.object.type === AST_NODE_TYPES.Identifier &&
    parent.callee.object.name === 'Object' &&
    parent.callee.property.type === AST_NODE_TYPES.Identifier &&
    parent.callee.property.name === 'assign'
  );
}

/** What a function returns: its expression body, or each of its own `return`s; undefined when one returns nothing. */
export function returnedValues(fn: TSESTree.FunctionLike): TSESTree.Node[] | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const returns = ownReturns(fn.body);
  return returns.length > 0 && returns.every((r) => r.argument) ? returns.map((r) => r.argument!) : undefined;
}

