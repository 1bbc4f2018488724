import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import type { FieldPath } from '../schema/types';
import type { Origin } from './provenance';
import { memberPath } from './provenance';
import { callbackTest, exits, flatten } from './proofs';
import { methodCallOn } from './resolve';
import { forEachChildNode, someChildNode } from './walk';

export interface GuardContext {
  checker: ts.TypeChecker;
  tsNode(node: TSESTree.Node): ts.Node;
  scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope;
  /** Whether a value compared with the row's owner is acceptable as the signed-in user. */
  acceptsOrigin(origin: Origin): boolean;
  originOf(node: TSESTree.Node): Origin;
  assertions: readonly string[];
  /**
   * Whether `statement` reads the parent row that the row kept in `name` points at
   * (`const project = await findProjectById(environment.projectId)`) and that read is tied to the signed-in
   * user (scoped, or guarded in its turn): a row whose owner path runs through a parent of theirs is theirs.
   */
  readsParentOf?(row: TSESTree.Expression, statement: TSESTree.Statement, name: string, accepted: readonly FieldPath[]): boolean;
}

/**
 * The owner paths of a row whose model declares none (an unclassified model): a guard that compares any
 * of its fields with a value of the signed-in user (`row.environment.project.organizationId !==
 * session.activeOrganizationId`) ties the row to them. Passed as `accepted`; only a value that is the
 * user's for certain counts (not one of unknown origin).
 */
export const ANY_OWNER_PATH: readonly FieldPath[] = Object.freeze([]) as readonly FieldPath[];

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** `const rec = await <call>` → the declarator, when the call's result is kept in a plain variable. */
export function resultVariable(call: TSESTree.Expression): TSESTree.VariableDeclarator | null {
  let node: TSESTree.Node = call;
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return null;
  return resultName(declarator.id) ? declarator : null;
}

/** The variable a read's row is kept in: `rec`, or the first element of `const [rec] = …` (Drizzle's select). */
function resultName(id: TSESTree.Node): string | null {
  if (id.type === AST_NODE_TYPES.Identifier) return id.name;
  if (id.type === AST_NODE_TYPES.ArrayPattern && id.elements.length === 1 && id.elements[0]?.type === AST_NODE_TYPES.Identifier) return id.elements[0].name;
  return null;
}

/**
 * Where a read's row is kept and the statement that keeps it: `const rec = await <call>`, or an
 * assignment to a variable declared earlier (`let rec; … rec = await <call>;`).
 */
function resultHolder(call: TSESTree.Expression): { name: string; statement: TSESTree.Node } | null {
  const declarator = resultVariable(call);
  if (declarator?.parent) return { name: resultName(declarator.id)!, statement: declarator.parent };
  let node: TSESTree.Node = call;
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.right !== node) return null;
  const name = resultName(assignment.left);
  const statement = assignment.parent;
  return name && statement?.type === AST_NODE_TYPES.ExpressionStatement ? { name, statement } : null;
}

/**
 * The statements that run after `statement`, in order: the rest of its block, then the rest of each
 * enclosing block up to the function (a `try`, an `if` branch or a loop body the row was read in).
 */
function* followingStatements(statement: TSESTree.Node): Generator<{ statement: TSESTree.Statement; siblings: readonly TSESTree.Statement[] }> {
  for (let node: TSESTree.Node = statement; node.parent && !isFunction(node); node = node.parent) {
    const parent = node.parent;
    if (!('body' in parent) || !Array.isArray(parent.body)) continue;
    const siblings = parent.body as TSESTree.Statement[];
    for (const next of siblings.slice(siblings.indexOf(node as TSESTree.Statement) + 1)) yield { statement: next, siblings };
  }
}

/**
 * Whether the row a read returns into a variable is checked against the signed-in user before the
 * variable is used (and before `until`, when given): `if (!rec || rec.patientId !== session.user.id) throw …`, an assertion helper, or an
 * access check given one of its fields and the user (`if (!(await canAccess(rec.teamId, user.id))) throw`).
 */
export function isGuardedRead(call: TSESTree.Expression, accepted: readonly FieldPath[], ctx: GuardContext, until?: TSESTree.Node): boolean {
  const holder = resultHolder(call);
  if (!holder) return false;
  const { name } = holder;
  for (const { statement: next, siblings } of followingStatements(holder.statement)) {
    // Asked for a query further on (`until`): a guard that comes only after it proves nothing there.
    if (until && next.range[0] <= until.range[0] && until.range[1] <= next.range[1]) return false;
    if (isGuard(next, siblings, name, accepted, ctx)) return true;
    if (ctx.readsParentOf?.(call, next, name, accepted)) return true;
    // `if (!rec) throw …`, `const isOwner = rec.ownerId === uid` and `await checkAccess(ctx, rec.id)` do
    // not use the row.
    if (isMissingExit(next, name, ctx) || isPureDeclaration(next) || isAccessDeclaration(next, name, ctx) || isCheckOf(next, name, ctx) || isBranchOnField(next, name, ctx)) continue;
    if (checksEachFound(next, name, accepted, ctx)) return true;
    if (filtersEachRow(next, name, accepted, ctx)) return true;
    if (checksEachRowThenFilters(next, name, ctx)) return true;
    if (mentions(next, name)) return false;
  }
  return false;
}

/**
 * `for (const e of events) { const ws = rows.find((w) => w.id === e.workspaceId); if (!ws || isForbidden(ws, user)) throw …; }`:
 * a loop that looks rows of the list up one by one and checks each it finds against the signed-in user
 * before anything else uses the list. Every use of the list in the loop must be such a `find`, and every
 * `find` guarded.
 */
function checksEachFound(statement: TSESTree.Statement, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  if (statement.type !== AST_NODE_TYPES.ForOfStatement || mentions(statement.right, name)) return false;
  const finds: TSESTree.CallExpression[] = [];
  const other = someReference(statement.body, name, (node) => {
    const find = methodCallOn(node, FIND);
    if (find) finds.push(find);
    return !find;
  });
  return !other && finds.length > 0 && finds.every((find) => isGuardedRead(find, accepted, ctx));
}

const FIND = new Set(['find']);
const FILTER = new Set(['filter']);

/**
 * `rows = rows.filter((r) => r.orgId === org.id && …)`, `return rows.filter(…)`: the list is only used
 * through filters that keep the rows that are the user's (each callback's test is true only for them),
 * and, unless the statement puts the filtered list in its place, not used after it.
 */
function filtersEachRow(statement: TSESTree.Statement, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const filters: TSESTree.CallExpression[] = [];
  const assignment = statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression && statement.expression.operator === '='
    ? statement.expression
    : null;
  const replaced = !!assignment && assignment.left.type === AST_NODE_TYPES.Identifier && assignment.left.name === name;
  const other = someReference(statement, name, (node) => {
    if (replaced && node === assignment!.left) return false;
    const filter = methodCallOn(node, FILTER);
    if (filter) filters.push(filter);
    return !filter;
  });
  if (other || filters.length === 0 || !filters.every((filter) => keepsOwnRows(filter, accepted, ctx))) return false;
  if (replaced) return true;
  for (const { statement: later } of followingStatements(statement)) if (mentions(later, name)) return false;
  return true;
}

/**
 * `const checks = await Promise.all(rows.map(async (t) => ({ t, forbidden: await isReadForbidden(t, user) })))`,
 * then only `checks.filter(({ forbidden }) => !forbidden)` (or `(c) => !c.forbidden`; `allowed` for a check
 * that grants): each row is put next to an access check of it against the signed-in user, and only the
 * rows that pass are kept. Neither the list nor the checked pairs are used any other way.
 */
function checksEachRowThenFilters(statement: TSESTree.Statement, name: string, ctx: GuardContext): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1) return false;
  const [declaration] = statement.declarations;
  if (declaration.id.type !== AST_NODE_TYPES.Identifier || !declaration.init) return false;
  const pairs = declaration.id.name;
  let all: TSESTree.Node = declaration.init;
  if (all.type === AST_NODE_TYPES.AwaitExpression) all = all.argument;
  if (all.type !== AST_NODE_TYPES.CallExpression || memberPath(all.callee)?.join('.') !== 'Promise.all' || all.arguments.length !== 1) return false;
  const mapped = all.arguments[0];
  if (mapped.type !== AST_NODE_TYPES.CallExpression || mapped.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (memberPath(mapped.callee)?.join('.') !== `${name}.map`) return false;
  const pair = callbackTest(mapped.arguments[0]);
  if (!pair || pair.body.type !== AST_NODE_TYPES.ObjectExpression) return false;
  // The row under one key, its check under another, nothing else of the row.
  let rowKey: string | undefined;
  let check: { key: string; answer: 'grants' | 'denies' } | undefined;
  for (const property of pair.body.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) return false;
    const value = property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === pair.param) rowKey = property.key.name;
    else if (mentions(value, pair.param)) {
      const answer = accessCheck(value, pair.param, ctx);
      if (!answer || check) return false;
      check = { key: property.key.name, answer };
    }
  }
  if (!rowKey || !check) return false;
  const passes = check;
  for (const { statement: later } of followingStatements(statement)) {
    if (mentions(later, name)) return false;
    const other = someReference(later, pairs, (node) => {
      const filter = methodCallOn(node, FILTER);
      return !filter || !keepsPassing(filter.arguments[0], passes);
    });
    if (other) return false;
  }
  return true;
}

/** `({ forbidden }) => !forbidden`, `(c) => !c.forbidden` for a denying check; `({ allowed }) => allowed` for one that grants. */
function keepsPassing(callback: TSESTree.Node | undefined, check: { key: string; answer: 'grants' | 'denies' }): boolean {
  if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression || callback.body.type === AST_NODE_TYPES.BlockStatement || callback.params.length !== 1) return false;
  const [param] = callback.params;
  let tested: string | undefined;
  if (param.type === AST_NODE_TYPES.Identifier) tested = `${param.name}.${check.key}`;
  else if (param.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of param.properties) {
      if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === check.key && property.value.type === AST_NODE_TYPES.Identifier) tested = property.value.name;
    }
  }
  if (!tested) return false;
  const body = callback.body;
  const negated = body.type === AST_NODE_TYPES.UnaryExpression && body.operator === '!';
  const operand = negated ? (body as TSESTree.UnaryExpression).argument : body;
  return memberPath(operand)?.join('.') === tested && negated === (check.answer === 'denies');
}

/** `.filter((r) => r.ownerId === uid)`, `.filter((r) => { return … })`: true only for the user's rows. */
function keepsOwnRows(filter: TSESTree.CallExpression, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const test = callbackTest(filter.arguments[0]);
  return !!test && confirms(test.body, test.param, accepted, ctx);
}

/**
 * `await checkServiceAccess(ctx, project.projectId, "create")`: a check that says what it does, given
 * fields of the row and returning nothing. It may or may not tie the row to the user (that is the guard
 * matcher's question); it does not hand the row to anyone, so a guard after it still comes first.
 */
function isCheckOf(statement: TSESTree.Statement, name: string, ctx: GuardContext): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const call = statement.expression.type === AST_NODE_TYPES.AwaitExpression ? statement.expression.argument : statement.expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const calleeName = nameOfCallee(call);
  if (!calleeName || !ASSERTION_NAME.test(calleeName)) return false;
  // Fields of the row only (`rec.id`), never the row itself, which the callee could keep or return.
  const fieldsOnly = call.arguments.every((arg) => !mentions(arg, name) || isFieldOf(arg, name));
  return fieldsOnly && returnsNothing(call, ctx);
}

/** `const role = getUserRoleIn(ws?.members, user.id)`: the user's access to the row, for a test that follows. */
function isAccessDeclaration(statement: TSESTree.Statement, name: string, ctx: GuardContext): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== 'const') return false;
  return statement.declarations.every((d) => d.id.type === AST_NODE_TYPES.Identifier && !!d.init && accessCheck(d.init, name, ctx) !== null);
}

/** `rec.id`, `rec.project.id`: a field of the row, not the row. */
function isFieldOf(node: TSESTree.Node, name: string): boolean {
  const path = memberPath(node);
  return !!path && path.length >= 2 && path[0] === name;
}

/**
 * `if (rec.isDefault && input.name) throw new BadRequest('…')`, `if (!rec?.lastSeenAt) await touch(id)`:
 * branches on fields of the row and hands nothing of it to anyone (the branch does not mention the row,
 * the test gives it to no call), so a guard after it still comes first.
 */
function isBranchOnField(statement: TSESTree.Statement, name: string, ctx: GuardContext): boolean {
  return (
    statement.type === AST_NODE_TYPES.IfStatement &&
    !statement.alternate &&
    mentions(statement.test, name) &&
    !mentions(statement.consequent, name) &&
    !handsOut(statement.test, name, ctx)
  );
}

/**
 * Whether a call in `node` is given the row (or a field of it): `log(rec)`, `notify(rec.email)`. With
 * `ctx`, a test of fields that answers yes or no (`isSameDay(rec.lastSeenAt, now)`, typed boolean) keeps them.
 */
function handsOut(node: TSESTree.Node, name: string, ctx?: GuardContext): boolean {
  if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && node.arguments.some((arg) => mentions(arg, name))) {
    const isTestOfFields =
      !!ctx && node.type === AST_NODE_TYPES.CallExpression && node.arguments.every((arg) => !mentions(arg, name) || isFieldOf(arg, name)) && returnsBoolean(node, ctx);
    if (!isTestOfFields) return true;
  }
  return someChildNode(node, (child) => handsOut(child, name, ctx));
}

function returnsBoolean(call: TSESTree.CallExpression, ctx: GuardContext): boolean {
  const type = ctx.checker.getTypeAtLocation(ctx.tsNode(call));
  return (type.flags & ts.TypeFlags.BooleanLike) !== 0 || (type.isUnion() && type.types.every((t) => (t.flags & ts.TypeFlags.BooleanLike) !== 0));
}

/** `if (!rec) throw …`: leaves when there is no row, and reads nothing of it. */
function isMissingExit(statement: TSESTree.Statement, name: string, ctx: GuardContext): boolean {
  return (
    statement.type === AST_NODE_TYPES.IfStatement &&
    !statement.alternate &&
    flatten(statement.test, '||').every((d) => isNullCheck(d, name)) &&
    exits(statement.consequent, ctx)
  );
}

/** `const isOwner = rec.ownerId === uid;`: a declaration that computes without calling anything. */
function isPureDeclaration(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== 'const') return false;
  return statement.declarations.every((d) => d.id.type === AST_NODE_TYPES.Identifier && !!d.init && isPure(d.init));
}

function isPure(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return isPure(node.object) && (!node.computed || isPure(node.property));
    case AST_NODE_TYPES.ChainExpression:
      return isPure(node.expression);
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return isPure(node.left) && isPure(node.right);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && isPure(node.argument);
    case AST_NODE_TYPES.CallExpression:
      // `rows.some((r) => r.ownerId === uid)`
      return isRowsPredicate(node) !== null;
    default:
      return false;
  }
}

/** `rows.some((r) => …)` / `rows.every(…)` → the list, the callback's parameter and its body. */
function isRowsPredicate(node: TSESTree.Node): { list: TSESTree.Node; method: 'some' | 'every'; param: string; body: TSESTree.Expression } | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '';
  if (method !== 'some' && method !== 'every') return null;
  const [callback] = node.arguments;
  if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression || callback.body.type === AST_NODE_TYPES.BlockStatement) return null;
  const [param] = callback.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  return { list: node.callee.object, method, param: param.name, body: callback.body };
}

/**
 * The owner paths as seen from the elements of a list read from the row: `members` of the row itself,
 * `typebot.collaborators` (to-many relation `collaborators`, whose owner path `collaborators.userId`
 * becomes `userId` for each collaborator). Undefined when the list is not the row's.
 */
function listPaths(list: TSESTree.Node, name: string, accepted: readonly FieldPath[]): readonly FieldPath[] | undefined {
  const p = memberPath(list);
  if (!p || p[0] !== name) return undefined;
  const relation = p.slice(1);
  if (relation.length === 0 || accepted === ANY_OWNER_PATH) return accepted;
  return accepted.filter((a) => a.length > relation.length && relation.every((s, i) => a[i] === s)).map((a) => a.slice(relation.length));
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
        if (sameRow && sameModelRead(init) && isGuardedRead(init, accepted, ctx, call)) return true;
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

/**
 * `assertOwns(rec, user)`: an assertion helper named in settings, given the row; or one that says what it
 * does (`assert…`, `ensure…`, `authorize…`, `require…Access`), given the row (or a field of it) and the
 * signed-in user, and returning nothing.
 */
function isAssertion(expression: TSESTree.Expression, name: string, ctx: GuardContext): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const calleeName = nameOfCallee(call);
  if (!calleeName || !call.arguments.some((arg) => mentions(arg, name))) return false;
  if (ctx.assertions.includes(calleeName)) return true;
  return ASSERTION_NAME.test(calleeName) && returnsNothing(call, ctx) && call.arguments.some((arg) => !mentions(arg, name) && isUserValue(arg, ctx));
}

const ASSERTION_NAME = /^(assert|ensure|authori[sz]e|verify|check|require|guard|enforce)[A-Z_]?/;

/**
 * An access check given the row (or a field of it) and the signed-in user: `canAccess(rec.teamId, user.id)`
 * grants when true, `isWriteForbidden(rec, user)` (a name that says it denies) when false.
 */
function accessCheck(node: TSESTree.Node, name: string, ctx: GuardContext): 'grants' | 'denies' | null {
  const call = node.type === AST_NODE_TYPES.AwaitExpression ? node.argument : node;
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const calleeName = nameOfCallee(call);
  if (!calleeName || !call.arguments.some((arg) => mentions(arg, name))) return null;
  if (!call.arguments.some((arg) => !mentions(arg, name) && isUserValue(arg, ctx))) return null;
  if (DENYING_NAME.test(calleeName)) return 'denies';
  return deniesByItsBody(call, ctx) ? 'denies' : 'grants';
}

/**
 * An access check whose name does not say which way it answers, read from its body: one that ends in
 * `return true` after an earlier `return false` (`if (isMember || isAdmin) return false; return true;`)
 * answers "forbidden" when true. A check that ends in `return false`, or returns an expression, grants.
 */
const deniesByBody = new WeakMap<TSESTree.CallExpression, boolean>();

function deniesByItsBody(call: TSESTree.CallExpression, ctx: GuardContext): boolean {
  // Asked for the same check by each read it may guard, and by proofs: one symbol lookup per call.
  let denies = deniesByBody.get(call);
  if (denies === undefined) deniesByBody.set(call, (denies = readsAsDenial(call, ctx)));
  return denies;
}

function readsAsDenial(call: TSESTree.CallExpression, ctx: GuardContext): boolean {
  const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.property : call.callee;
  let symbol = ctx.checker.getSymbolAtLocation(ctx.tsNode(callee));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  let fn: ts.Node | undefined = declaration;
  if (declaration && ts.isVariableDeclaration(declaration)) fn = declaration.initializer;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !fn.body || !ts.isBlock(fn.body)) return false;
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  const returns = (node: ts.Node | undefined, value: boolean): boolean =>
    !!node && ts.isReturnStatement(node) && !!node.expression && node.expression.kind === (value ? ts.SyntaxKind.TrueKeyword : ts.SyntaxKind.FalseKeyword);
  if (!returns(last, true)) return false;
  let earlierFalse = false;
  const visit = (node: ts.Node): void => {
    if (earlierFalse || ts.isFunctionLike(node)) return;
    if (returns(node, false)) earlierFalse = true;
    ts.forEachChild(node, visit);
  };
  statements.slice(0, -1).forEach(visit);
  return earlierFalse;
}

const DENYING_NAME = /forbidden|denied|unauthori[sz]ed|notallowed|cannot|isnot(owner|member)/i;

/** The signed-in user, or a value of theirs (`user`, `session.user.id`, `ctx.user`). */
export function isUserValue(arg: TSESTree.Node, ctx: GuardContext): boolean {
  // `{ id: authenticatedUserId }`: the user, rebuilt from one of their values.
  if (arg.type === AST_NODE_TYPES.ObjectExpression) {
    return arg.properties.some((p) => p.type === AST_NODE_TYPES.Property && p.value.type !== AST_NODE_TYPES.ObjectExpression && isUserValue(p.value, ctx));
  }
  const origin = ctx.originOf(arg);
  return origin.kind === 'principal' || (origin.kind === 'unknown' && ctx.acceptsOrigin(origin) && /user|session|viewer|principal|account|member|actor|me\b/i.test(memberPath(arg)?.join('.') ?? ''));
}

function nameOfCallee(call: TSESTree.CallExpression): string | null {
  const callee = call.callee;
  return callee.type === AST_NODE_TYPES.Identifier
    ? callee.name
    : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
      ? callee.property.name
      : null;
}

function returnsNothing(call: TSESTree.CallExpression, ctx: GuardContext): boolean {
  let type = ctx.checker.getTypeAtLocation(ctx.tsNode(call));
  type = ctx.checker.getAwaitedType(type) ?? type;
  return (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0;
}

/**
 * True when the test holds for rows that are NOT the user's: `!rec || rec.ownerId !== uid`. One
 * mismatch among the disjuncts is enough: past the exit every disjunct is false, the mismatch too
 * (`!rec || rec.ownerId !== uid || rec.archived`).
 */
function denies(test: TSESTree.Expression, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  return flatten(test, '||').some((d) => isMismatch(d, name, accepted, ctx));
}

/** `rec.ownerId !== uid`, `!(rec.ownerId === uid)`, or, for any-of owners, `a !== uid && b !== uid`. */
function isMismatch(node: TSESTree.Node, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const held = heldComparison(node, ctx);
  if (held) return isMismatch(held, name, accepted, ctx);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return isMatch(node.argument, name, accepted, ctx);
  if (accessCheck(node, name, ctx) === 'denies') return true;
  if (comparesAccessLevel(node, name, ctx)) return true;
  // `rows.some((r) => r.orgId !== org)` in an exit: past it, every row is the user's.
  const predicate = isRowsPredicate(node);
  const paths = predicate?.method === 'some' ? listPaths(predicate.list, name, accepted) : undefined;
  if (predicate && paths) return paths.length > 0 && isMismatch(predicate.body, predicate.param, paths, ctx);
  // `(rec.ownerId !== uid || …) && …`: as at the top of the test, one mismatch among disjuncts is enough.
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '||') {
    return flatten(node, '||').some((part) => isMismatch(part, name, accepted, ctx));
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
    // `rec.ownerId !== uid && !user.hasPermission(MANAGE)`: not the owner and not privileged (an admin
    // may act on anyone's rows: an authorization the app decides, not a missing check).
    const parts = flatten(node, '&&');
    return parts.some((part) => isMismatch(part, name, accepted, ctx)) && parts.every((part) => isMismatch(part, name, accepted, ctx) || privilege(part, ctx) === 'lacks');
  }
  return node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '!==' || node.operator === '!=') && comparesOwner(node, name, accepted, ctx);
}

/**
 * Whether only privileged callers reach the path where `test` is `holds`: `if (!user.hasPermission(…))`
 * narrows for everyone else, so its skipped branch serves those who have the permission.
 */
export function privilegedWhen(test: TSESTree.Node, holds: boolean, ctx: GuardContext): boolean {
  return privilege(test, ctx) === (holds ? 'has' : 'lacks');
}

/**
 * A check of the signed-in user's own privilege — a call on or given the user whose name says so
 * (`req.user.hasPermission(…)`, `isAdmin(user)`, `can(session.user, 'manage')`) — and whether the
 * test holds when the user has it (`has`) or lacks it (`lacks`, negated).
 */
function privilege(node: TSESTree.Node, ctx: GuardContext): 'has' | 'lacks' | null {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    const inner = privilege(node.argument, ctx);
    return inner === 'has' ? 'lacks' : inner === 'lacks' ? 'has' : null;
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator !== '??') {
    // `user.email && isAdminEmail(user.email)`: when all of it holds, the privileged part does; `a || b`
    // holds for the privileged only when each part does.
    const parts = flatten(node, node.operator).map((part) => privilege(part, ctx));
    if (node.operator === '&&') return parts.includes('has') ? 'has' : null;
    return parts.every((p) => p === 'has') ? 'has' : null;
  }
  let call = node.type === AST_NODE_TYPES.AwaitExpression ? node.argument : node;
  if (call.type === AST_NODE_TYPES.ChainExpression) call = call.expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  if (isPrivilegedListMember(call, ctx)) return 'has';
  const calleeName = nameOfCallee(call);
  if (!calleeName || !(/permission|role|admin|privilege/i.test(calleeName) || /^(can|isStaff|isSuper)(?:[A-Z_]|$)/.test(calleeName))) return null;
  const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
  const onUser = callee.type === AST_NODE_TYPES.MemberExpression && isUserValue(callee.object, ctx);
  return onUser || call.arguments.some((arg) => isUserValue(arg, ctx)) ? 'has' : null;
}

/**
 * `env.ADMIN_EMAILS.includes(user.email)`, `admins.some((a) => a === session.user.id)`: the user is on a
 * list whose name says it holds the privileged.
 */
function isPrivilegedListMember(call: TSESTree.CallExpression, ctx: GuardContext): boolean {
  const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
  const list = memberPath(callee.object);
  if (!list || !PRIVILEGED_LIST.test(list[list.length - 1])) return false;
  const [arg] = call.arguments;
  if (!arg) return false;
  if (callee.property.name === 'includes' || callee.property.name === 'has') return isUserValue(arg, ctx);
  if (callee.property.name !== 'some' || arg.type !== AST_NODE_TYPES.ArrowFunctionExpression || arg.body.type === AST_NODE_TYPES.BlockStatement) return false;
  const body = arg.body;
  return body.type === AST_NODE_TYPES.BinaryExpression && (body.operator === '===' || body.operator === '==') && (isUserValue(body.left, ctx) || isUserValue(body.right, ctx));
}

const PRIVILEGED_LIST = /admin|staff|superuser|moderator|operator/i;

function isMatch(node: TSESTree.Node, name: string, accepted: readonly FieldPath[], ctx: GuardContext): boolean {
  const held = heldComparison(node, ctx);
  if (held) return isMatch(held, name, accepted, ctx);
  // `rows.every((r) => r.ownerId === uid)`, `members.some((m) => m.userId === uid)`
  const predicate = isRowsPredicate(node);
  const paths = predicate && listPaths(predicate.list, name, accepted);
  if (predicate && paths) return paths.length > 0 && isMatch(predicate.body, predicate.param, paths, ctx);
  if (accessCheck(node, name, ctx) === 'grants') return true;
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '||') {
    // `rec.ownerId === uid || user.hasPermission(MANAGE)`: the owner, or privileged.
    const parts = flatten(node, '||');
    return parts.some((part) => isMatch(part, name, accepted, ctx)) && parts.every((part) => isMatch(part, name, accepted, ctx) || privilege(part, ctx) === 'has');
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
    if (!p || p[0] !== name) continue;
    if (accepted === ANY_OWNER_PATH) {
      if (p.length >= 2 && ctx.originOf(other).kind === 'principal') return true;
      continue;
    }
    if (!accepted.some((a) => samePath(a, p.slice(1)))) continue;
    if (ctx.acceptsOrigin(ctx.originOf(other))) return true;
  }
  return false;
}

/** `isOwner` in `const isOwner = rec.ownerId === uid; if (!isOwner) …` → the comparison it holds. */
/**
 * `getUserRoleIn(ws.members, user.id) === 'guest'`, `role !== Role.ADMIN` with `const role = await
 * roleOf(user, ws)`: what a call given the user and the row decides about this user's access to it,
 * compared with one of its values in the test of an exit. Whichever value it is compared with, the
 * exit depends on the user's relation to this row.
 */
function comparesAccessLevel(node: TSESTree.Node, name: string, ctx: GuardContext): boolean {
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !['===', '!==', '==', '!='].includes(node.operator)) return false;
  // `=== 'guest'`, `!== Role.ADMIN`, `=== undefined` (no role at all)
  const isConstant = (side: TSESTree.Node) =>
    (side.type === AST_NODE_TYPES.Literal && side.value !== null) ||
    (side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined') ||
    (side.type === AST_NODE_TYPES.MemberExpression && !side.computed && side.object.type === AST_NODE_TYPES.Identifier);
  const decision = (side: TSESTree.Node) => {
    const value = heldComparison(side, ctx) ?? side;
    return accessCheck(value, name, ctx) !== null;
  };
  return (isConstant(node.right) && decision(node.left)) || (isConstant(node.left) && decision(node.right));
}

function heldComparison(node: TSESTree.Node, ctx: GuardContext): TSESTree.Node | null {
  if (node.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = findVariable(ctx.scopeOf(node), node);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || def.parent?.kind !== 'const' || !def.node.init || def.node.id !== def.name) return null;
  const init = def.node.init;
  return init.type === AST_NODE_TYPES.BinaryExpression ||
    init.type === AST_NODE_TYPES.LogicalExpression ||
    init.type === AST_NODE_TYPES.CallExpression ||
    init.type === AST_NODE_TYPES.UnaryExpression ||
    (init.type === AST_NODE_TYPES.AwaitExpression && init.argument.type === AST_NODE_TYPES.CallExpression)
    ? init
    : null;
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


/** Whether `node` refers to the variable `name` anywhere inside it. */
export function mentions(node: TSESTree.Node, name: string): boolean {
  return someReference(node, name, () => true);
}

/**
 * Whether `test` holds for one of the references to the variable `name` inside `node` (not property
 * names: `x.name`, `{ name: … }`); it is asked of each in source order until one holds.
 */
function someReference(node: TSESTree.Node, name: string, test: (reference: TSESTree.Identifier) => boolean): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found) return;
    if (n.type === AST_NODE_TYPES.Identifier && n.name === name) {
      const parent = n.parent;
      const isKey = parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === n && !parent.computed;
      const isPropKey = parent?.type === AST_NODE_TYPES.Property && parent.key === n && !parent.shorthand;
      if (!isKey && !isPropKey && test(n)) found = true;
      return;
    }
    forEachChildNode(n, visit);
  };
  visit(node);
  return found;
}

