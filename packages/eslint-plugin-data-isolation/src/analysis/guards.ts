import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { FieldPath } from '../schema/types';
import type { Origin } from './provenance';
import { memberPath } from './provenance';

export interface GuardContext {
  checker: ts.TypeChecker;
  tsNode(node: TSESTree.Node): ts.Node;
  scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope;
  /** Whether a value compared with the row's owner is acceptable as the signed-in user. */
  acceptsOrigin(origin: Origin): boolean;
  originOf(node: TSESTree.Node): Origin;
  assertions: readonly string[];
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** `const rec = await <call>` → the declarator, when the call's result is kept in a plain variable. */
export function resultVariable(call: TSESTree.Expression): TSESTree.VariableDeclarator | null {
  let node: TSESTree.Node = call;
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return null;
  return declarator.id.type === AST_NODE_TYPES.Identifier ? declarator : null;
}

/**
 * Whether the row a read returns into a variable is checked against the signed-in user before the
 * variable is used: `if (!rec || rec.patientId !== session.user.id) throw …`, or an assertion helper.
 */
export function isGuardedRead(call: TSESTree.Expression, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const declarator = resultVariable(call);
  if (!declarator) return false;
  const statement = declarator.parent;
  const block = statement?.parent;
  if (!statement || !block || !('body' in block) || !Array.isArray(block.body)) return false;
  const name = (declarator.id as TSESTree.Identifier).name;
  const statements = block.body as TSESTree.Statement[];
  for (const next of statements.slice(statements.indexOf(statement as TSESTree.Statement) + 1)) {
    if (isGuard(next, statements, name, accepted, ctx)) return true;
    if (mentions(next, name)) return false;
  }
  return false;
}

/**
 * Whether a write by id follows, in the same function, a read of the same row that was guarded:
 * `const rec = await findUnique({ where: { id } }); if (rec?.ownerId !== uid) throw …; delete({ where: { id } })`.
 */
export function isGuardedWrite(
  call: TSESTree.CallExpression,
  accepted: readonly FieldPath[],
  ctx: GuardContext,
  sameModelRead: (candidate: TSESTree.CallExpression) => boolean,
  text: (node: TSESTree.Node) => string,
): boolean {
  const target = idText(call, text);
  if (target === null) return false;
  for (let node: TSESTree.Node = call; node.parent && !isFunction(node); node = node.parent) {
    const parent = node.parent;
    if (!('body' in parent) || !Array.isArray(parent.body)) continue;
    const statements = parent.body as TSESTree.Node[];
    for (const statement of statements.slice(0, statements.indexOf(node))) {
      if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
      for (const declarator of statement.declarations) {
        const init = declarator.init?.type === AST_NODE_TYPES.AwaitExpression ? declarator.init.argument : declarator.init;
        if (init?.type !== AST_NODE_TYPES.CallExpression || declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
        const sameRow = idText(init, text) === target || target === `${declarator.id.name}.id`;
        if (sameRow && sameModelRead(init) && isGuardedRead(init, accepted, ctx)) return true;
      }
    }
  }
  return false;
}

/** The source text of `where.id` in a query's literal arguments. */
function idText(call: TSESTree.CallExpression, text: (node: TSESTree.Node) => string): string | null {
  const [args] = call.arguments;
  if (args?.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const where = propertyValue(args, 'where');
  const id = where?.type === AST_NODE_TYPES.ObjectExpression ? propertyValue(where, 'id') : undefined;
  return id ? text(id) : null;
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.Property && !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier && prop.key.name === key) {
      return prop.value;
    }
  }
  return undefined;
}

function isFunction(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

function isGuard(
  statement: TSESTree.Statement,
  siblings: readonly TSESTree.Statement[],
  name: string,
  accepted: readonly FieldPath[],
  ctx: GuardContext,
): boolean {
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) return isAssertion(statement.expression, name, ctx);
  if (statement.type !== AST_NODE_TYPES.IfStatement) return false;
  if (denies(statement.test, name, accepted, ctx)) return exits(statement.consequent, ctx);
  if (confirms(statement.test, name, accepted, ctx)) {
    if (statement.alternate) return exits(statement.alternate, ctx);
    const after = siblings[siblings.indexOf(statement) + 1];
    return exits(statement.consequent, ctx) && !!after && exits(after, ctx);
  }
  return false;
}

/** `assertOwns(rec, user)`: an assertion helper named in settings, given the row. */
function isAssertion(expression: TSESTree.Expression, name: string, ctx: GuardContext): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = call.callee;
  const calleeName =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : null;
  return !!calleeName && ctx.assertions.includes(calleeName) && call.arguments.some((arg) => mentions(arg, name));
}

/** True when the test holds for rows that are NOT the user's: `!rec || rec.ownerId !== uid`. */
function denies(test: TSESTree.Expression, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const disjuncts = flatten(test, '||');
  let mismatch = false;
  for (const d of disjuncts) {
    if (isNullCheck(d, name)) continue;
    if (!isMismatch(d, name, accepted, ctx)) return false;
    mismatch = true;
  }
  return mismatch;
}

/** `rec.ownerId !== uid`, `!(rec.ownerId === uid)`, or, for any-of owners, `a !== uid && b !== uid`. */
function isMismatch(node: TSESTree.Node, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return isMatch(node.argument, name, accepted, ctx);
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
    return flatten(node, '&&').every((part) => isMismatch(part, name, accepted, ctx));
  }
  return node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '!==' || node.operator === '!=') && comparesOwner(node, name, accepted, ctx);
}

function isMatch(node: TSESTree.Node, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '||') {
    return flatten(node, '||').every((part) => isMatch(part, name, accepted, ctx));
  }
  return node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '===' || node.operator === '==') && comparesOwner(node, name, accepted, ctx);
}

/** True only for rows that ARE the user's: `rec && rec.ownerId === uid`. */
function confirms(test: TSESTree.Expression, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const conjuncts = flatten(test, '&&');
  return conjuncts.some((c) => isMatch(c, name, accepted, ctx)) && conjuncts.every((c) => isMatch(c, name, accepted, ctx) || mentions(c, name));
}

/** One side reads an owner path of the row, in either order; the other is the signed-in user. */
function comparesOwner(node: TSESTree.BinaryExpression, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  for (const [row, other] of [[node.left, node.right], [node.right, node.left]] as const) {
    const p = memberPath(row);
    if (!p || p[0] !== name || !accepted.some((a) => samePath(a, p.slice(1)))) continue;
    if (ctx.acceptsOrigin(ctx.originOf(other))) return true;
  }
  return false;
}

function isNullCheck(node: TSESTree.Node, name: string): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    const p = memberPath(node.argument);
    return !!p && p[0] === name;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(node.operator)) {
    const sides = [node.left, node.right];
    const isName = sides.some((s) => s.type === AST_NODE_TYPES.Identifier && s.name === name);
    const isNullish = sides.some((s) => (s.type === AST_NODE_TYPES.Literal && s.value === null) || (s.type === AST_NODE_TYPES.Identifier && s.name === 'undefined'));
    return isName && isNullish && (node.operator === '==' || node.operator === '===');
  }
  return false;
}

/** A statement that leaves the function or cannot complete: `throw`, `return`, or a call typed `never` (`notFound()`). */
function exits(statement: TSESTree.Statement, ctx: GuardContext): boolean {
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

function flatten(node: TSESTree.Node, operator: '||' | '&&'): TSESTree.Node[] {
  return node.type === AST_NODE_TYPES.LogicalExpression && node.operator === operator
    ? [...flatten(node.left, operator), ...flatten(node.right, operator)]
    : [node];
}

/** Whether `node` refers to the variable `name` anywhere inside it. */
export function mentions(node: TSESTree.Node, name: string): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found) return;
    if (n.type === AST_NODE_TYPES.Identifier && n.name === name) {
      const parent = n.parent;
      const isKey = parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === n && !parent.computed;
      const isPropKey = parent?.type === AST_NODE_TYPES.Property && parent.key === n && !parent.shorthand;
      if (!isKey && !isPropKey) found = true;
      return;
    }
    for (const key of Object.keys(n) as (keyof typeof n)[]) {
      if (key === 'parent') continue;
      const value = n[key] as unknown;
      if (Array.isArray(value)) value.forEach((v) => isNode(v) && visit(v));
      else if (isNode(value)) visit(value);
    }
  };
  visit(node);
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

