import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { unaliased } from '../analysis/types';
import {
  anyOf,
  assignmentsOf,
  chainCalls,
  chainedCall,
  entityPolicy,
  fileFromPackage,
  methodName,
  objectEntries,
  objectLiteral,
  propertyName,
  receiverOf,
  returnedExpressions,
  callFromPackage,
  typeFromPackage,
  type Equals,
} from './shared';
import type { Access, AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

const PACKAGES = ['drizzle-orm'];

/** The calls that start a query on a database (or transaction) and the access they need. */
const ROOTS: ReadonlyMap<string, Access> = new Map([
  ['select', 'read'],
  ['selectDistinct', 'read'],
  ['selectDistinctOn', 'read'],
  ['update', 'write'],
  ['delete', 'write'],
  ['insert', 'create'],
]);
const RELATIONAL: ReadonlyMap<string, Access> = new Map([
  ['findMany', 'read'],
  ['findFirst', 'read'],
]);
const JOINS = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin']);

interface DrizzleQuery {
  root: TSESTree.CallExpression;
  table: TSESTree.Node;
  chain: TSESTree.CallExpression[];
  relational: boolean;
}

/**
 * Drizzle ORM (pg, mysql and sqlite): `db.select().from(t).where(…)`, `db.update(t).set(…).where(…)`,
 * `db.delete(t).where(…)`, `db.insert(t).values(…)` and the relational `db.query.t.findMany({ where })`,
 * recognised by the types of the database and builders (declared in `drizzle-orm`). A query is the whole
 * chain, reported once, at its outermost call; its filter is the chain's last `.where(…)`.
 */
export class DrizzleAdapter implements DataLayerAdapter {
  readonly name = 'drizzle';

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    // Without a root method in the chain it cannot be a query: spare every other call a type query.
    if (!chainCalls(call).some((c) => ROOTS.has(methodName(c) ?? '') || RELATIONAL.has(methodName(c) ?? ''))) return null;
    const next = chainedCall(call);
    if (next && this.isBuilderCall(next, ctx)) return null;
    const query = this.queryOf(call, ctx);
    if (!query) return null;
    const tableSymbol = symbolOf(query.table, ctx);
    const declaration = tableSymbol?.valueDeclaration ?? tableSymbol?.declarations?.[0];
    const tableType = declaration
      ? ctx.checker.getTypeOfSymbol(tableSymbol!)
      : ctx.checker.getTypeAtLocation(ctx.tsNode(query.table));
    const sqlName = literalAt(ctx.checker, tableType, ['_', 'name']);
    const constName = tableSymbol?.getName();
    const modelName = constName ?? sqlName;
    if (!modelName) return null;
    const rowProp = ctx.checker.getPropertyOfType(tableType, '$inferSelect');
    const operation = methodName(query.root)!;
    return {
      call,
      match: query,
      operationNode: (query.root.callee as TSESTree.MemberExpression).property,
      modelName,
      model: undefined,
      operation,
      access: (query.relational ? RELATIONAL : ROOTS).get(operation)!,
      typed: true,
      entity: {
        names: [...new Set([constName, sqlName].filter((n): n is string => !!n))],
        declaration,
        kind: 'table',
        rowType: rowProp ? ctx.checker.getTypeOfSymbol(rowProp) : undefined,
      },
    };
  }

  /**
   * The table's JSDoc policy; a relation path (`@owner order.customerId`) must start with a `one()`
   * relation of the table declared with `fields` and `references`.
   */
  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    const query = site.match as DrizzleQuery | undefined;
    const table = query && symbolOf(query.table, ctx);
    const names = table ? [...new Set(relationsOf(table, dbOf(query), ctx).map((r) => r.name))] : [];
    return entityPolicy(site, ctx, {
      names,
      howToDeclare: `a relation path must start with a one() relation declared with fields and references in relations(${site.modelName}, …), in the table's module or in the schema passed to drizzle()`,
    });
  }

  /** A method call on one of Drizzle's builders (or its database): the method is declared by drizzle-orm. */
  private isBuilderCall(call: TSESTree.CallExpression, ctx: AdapterContext): boolean {
    return call.callee.type === AST_NODE_TYPES.MemberExpression && callFromPackage(call, ctx, PACKAGES);
  }

  queryOf(outer: TSESTree.CallExpression, ctx: AdapterContext): DrizzleQuery | null {
    const chain = chainCalls(outer);
    for (let index = 0; index < chain.length; index++) {
      const call = chain[index];
      const name = methodName(call);
      if (!name || (!ROOTS.has(name) && !RELATIONAL.has(name))) continue;
      if (!this.isBuilderCall(call, ctx)) continue;
      const rest = chain.slice(index + 1);
      if (RELATIONAL.has(name)) {
        const table = this.relationalTable(call, ctx);
        return table ? { root: call, table, chain: [call, ...rest], relational: true } : null;
      }
      if (name.startsWith('select')) {
        const from = rest.find((c) => methodName(c) === 'from');
        return from?.arguments[0] ? { root: call, table: from.arguments[0], chain: rest, relational: false } : null;
      }
      return call.arguments[0] ? { root: call, table: call.arguments[0], chain: rest, relational: false } : null;
    }
    return null;
  }

  /**
   * `db.query.consultations.findMany()`: the receiver is a `RelationalQueryBuilder`; the table is the
   * property of the schema the database was made with (`db._.fullSchema.consultations`).
   */
  private relationalTable(call: TSESTree.CallExpression, ctx: AdapterContext): TSESTree.Node | null {
    const receiver = receiverOf(call);
    if (receiver?.type !== AST_NODE_TYPES.MemberExpression) return null;
    const receiverType = ctx.checker.getTypeAtLocation(ctx.tsNode(receiver));
    if (receiverType.getSymbol()?.getName() !== 'RelationalQueryBuilder') return null;
    return receiver;
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const query = (site.match as DrizzleQuery | undefined) ?? (site.call.type === AST_NODE_TYPES.CallExpression ? this.queryOf(site.call, ctx) : undefined);
    return query ? this.filterOf(query, ctx, 0) : null;
  }

  /**
   * A query's filter, its `.where(…)`. Tables it joins (`innerJoin(t, eq(…))`, or an update's
   * `.from(t)` linked in the where) through a declared relation add that relation to the paths their
   * columns constrain; an inner join's own condition also filters the rows.
   */
  filterOf(query: DrizzleQuery, ctx: AdapterContext, depth: number): Constraint | null {
    const root = symbolOf(query.table, ctx);
    const scope = new Map<ts.Symbol, readonly string[]>(root ? [[root, []]] : []);
    const reader = new PredicateReader(ctx, this, scope, root, dbOf(query), depth);
    if (query.relational) {
      const [args] = query.root.arguments;
      if (!args) return null;
      const object = objectLiteral(args, ctx);
      if (!object) return { kind: 'unknown', node: args };
      const entries = objectEntries(object, ctx);
      if (!entries) return { kind: 'unknown', node: args };
      const where = entries.filter((e) => e.key === 'where').pop();
      return where ? reader.condition(where.value) : null;
    }
    const where = query.chain.filter((c) => methodName(c) === 'where').pop();
    const condition = where?.arguments[0];
    const joined: Constraint[] = [];
    for (const call of query.chain) {
      const name = methodName(call) ?? '';
      const [table, on] = call.arguments;
      const target = table && symbolOf(table, ctx);
      if (!target || scope.has(target)) continue;
      if (JOINS.has(name) && on) {
        const path = reader.link(on, target);
        if (path) scope.set(target, path);
        if (name === 'innerJoin') joined.push(reader.condition(on));
      } else if (name === 'from' && condition) {
        const path = reader.link(condition, target);
        if (path) scope.set(target, path);
      }
    }
    const filter: Constraint | null = where ? (condition ? reader.condition(condition) : { kind: 'none', node: where }) : null;
    if (joined.length === 0) return filter;
    return { kind: 'all', of: filter ? [filter, ...joined] : joined, node: query.root };
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const query = (site.match as DrizzleQuery | undefined) ?? (site.call.type === AST_NODE_TYPES.CallExpression ? this.queryOf(site.call, ctx) : undefined);
    if (!query || query.relational) return [];
    return query.chain
      .filter((c) => ['set', 'values'].includes(methodName(c) ?? '') && c.arguments[0])
      .flatMap((c) => assignmentsOf(c.arguments[0], ctx));
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}

/** Drizzle's filter operators (`eq`, `and`, …), also as the callback's `{ eq, and }`, as constraints. */
class PredicateReader {
  constructor(
    private readonly ctx: AdapterContext,
    private readonly adapter: DrizzleAdapter,
    /**
     * The tables whose columns constrain the queried one, with the relation path to each: the queried
     * table itself ([]), and tables joined through a declared relation (`['order']`). Columns of other
     * tables do not scope it.
     */
    private readonly scope: ReadonlyMap<ts.Symbol, readonly string[]>,
    private readonly root: ts.Symbol | undefined,
    private readonly db: TSESTree.Node | null,
    /** How deep in subqueries this reader is. */
    private readonly nesting: number,
  ) {}

  condition(node: TSESTree.Node, fields?: TSESTree.Parameter, depth = 0): Constraint {
    if (depth > 12) return { kind: 'unknown', node };
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) {
      const returned = returnedExpressions(node);
      if (returned.length === 0) return { kind: 'unknown', node };
      return anyOf(returned.map((r) => this.condition(r, node.params[0], depth + 1)), node);
    }
    const alts = this.ctx.resolver.alternatives(node);
    return anyOf(alts.map((alt) => this.single(alt, fields, depth)), node);
  }

  private single(node: TSESTree.Node, fields: TSESTree.Parameter | undefined, depth: number): Constraint {
    if (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') return { kind: 'none', node };
    if (node.type !== AST_NODE_TYPES.CallExpression) return { kind: 'unknown', node };
    const operator = this.operatorName(node);
    if (!operator) return { kind: 'unknown', node };
    const args = node.arguments.filter((a): a is TSESTree.Expression => a.type !== AST_NODE_TYPES.SpreadElement);
    switch (operator) {
      case 'and': {
        // `and(...conditions)`: the conditions a list the code only adds to is declared with always hold.
        const spread = node.arguments.flatMap((a) =>
          a.type === AST_NODE_TYPES.SpreadElement ? (this.ctx.resolver.declaredElements(a.argument) ?? []).filter((e) => e.type !== AST_NODE_TYPES.SpreadElement) : [],
        );
        return {
          kind: 'all',
          of: [...args, ...spread].filter((a) => !isUndefined(a)).map((a) => this.condition(a, fields, depth + 1)),
          node,
        };
      }
      case 'or':
        // `or(a, ...others)`: alternatives that cannot be read may match anyone's rows.
        return {
          kind: 'any',
          of: node.arguments.map((a) => (a.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown' as const, node: a } : this.condition(a, fields, depth + 1))),
          node,
          explicit: true,
        };
      case 'eq':
      case 'inArray': {
        const [left, right] = args;
        const related = left && right ? this.throughSubquery(left, right, fields) : null;
        if (related) return related;
        const column = left && this.column(left, fields);
        if (column && right) return this.equals(column, right, node);
        const reversed = right && operator === 'eq' ? this.column(right, fields) : null;
        if (reversed && left) return this.equals(reversed, left, node);
        return { kind: 'none', node };
      }
      case 'exists': {
        const [subquery] = args;
        return (subquery && this.correlated(subquery)) ?? { kind: 'none', node };
      }
      default:
        return { kind: 'none', node };
    }
  }

  /** The name of a Drizzle operator this call invokes, by where its signature is declared. */
  private operatorName(call: TSESTree.CallExpression): string | null {
    const name =
      call.callee.type === AST_NODE_TYPES.Identifier
        ? call.callee.name
        : call.callee.type === AST_NODE_TYPES.MemberExpression
          ? propertyName(call.callee)
          : null;
    if (!name) return null;
    return callFromPackage(call, this.ctx, PACKAGES) ? name : null;
  }

  /** A column compared with another column (a join condition) constrains it to no one. */
  private equals(path: readonly string[], value: TSESTree.Node, node: TSESTree.Node): Constraint {
    const type = this.ctx.checker.getTypeAtLocation(this.ctx.tsNode(value));
    const isColumn = typeFromPackage(this.ctx.checker, type, PACKAGES) && !!this.ctx.checker.getPropertyOfType(type, 'columnType');
    return isColumn ? { kind: 'none', node } : { kind: 'equals', path, value, node };
  }

  /**
   * The field path a column names: `consultations.patientId` or `t.patientId` (the callback's fields)
   * → `['patientId']`; a column of a table joined through relation `order` → `['order', 'customerId']`.
   */
  private column(node: TSESTree.Node, fields: TSESTree.Parameter | undefined): readonly string[] | null {
    if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = propertyName(node);
    if (!name) return null;
    if (fields?.type === AST_NODE_TYPES.Identifier && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === fields.name) {
      return [name];
    }
    const ref = this.columnRef(node, fields);
    const prefix = ref && this.scope.get(ref.table);
    return prefix ? [...prefix, ref.column] : null;
  }

  /** The table and column a `table.column` (or the callback's `t.column`) names, whatever the table. */
  private columnRef(node: TSESTree.Node, fields?: TSESTree.Parameter): { table: ts.Symbol; column: string } | null {
    if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
    const column = propertyName(node);
    if (!column) return null;
    if (fields?.type === AST_NODE_TYPES.Identifier && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === fields.name) {
      return this.root ? { table: this.root, column } : null;
    }
    const table = symbolOf(node.object, this.ctx);
    return table ? { table, column } : null;
  }

  /**
   * The relation path to `target` when `condition` ties it to a table in scope through a declared
   * relation: a top-level conjunct `eq(items.orderId, orders.id)` where `items` declares
   * `order: one(orders, { fields: [items.orderId], references: [orders.id] })` → `['order']`.
   */
  link(condition: TSESTree.Node, target: ts.Symbol): readonly string[] | null {
    for (const conjunct of this.conjuncts(condition, 0)) {
      if (conjunct.type !== AST_NODE_TYPES.CallExpression || this.operatorName(conjunct) !== 'eq') continue;
      const [a, b] = conjunct.arguments;
      const refs = [a && this.columnRef(a), b && this.columnRef(b)];
      for (const [from, to] of [refs, [refs[1], refs[0]]]) {
        if (!from || !to || to.table !== target) continue;
        const prefix = this.scope.get(from.table);
        const relation = prefix && this.relation(from.table, from.column, target, to.column);
        if (relation) return [...prefix!, relation.name];
      }
    }
    return null;
  }

  private conjuncts(node: TSESTree.Node, depth: number): TSESTree.Node[] {
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1 || depth > 8) return [];
    const alt = alts[0];
    if (alt.type === AST_NODE_TYPES.CallExpression && this.operatorName(alt) === 'and') {
      return alt.arguments.flatMap((a) => this.conjuncts(a, depth + 1));
    }
    return [alt];
  }

  private relation(table: ts.Symbol, field: string, target: ts.Symbol, reference: string): Relation | undefined {
    return relationsOf(table, this.db, this.ctx).find((r) => r.field === field && r.target === target && r.reference === reference);
  }

  /**
   * `inArray(items.orderId, db.select({ id: orders.id }).from(orders).where(…))` (or `eq`): when the
   * column and the selected one are the two ends of a declared relation, the subquery's filter
   * constrains the row through that relation (`order.customerId`).
   */
  private throughSubquery(left: TSESTree.Node, right: TSESTree.Node, fields: TSESTree.Parameter | undefined): Constraint | null {
    const ref = this.columnRef(left, fields);
    const prefix = ref && this.scope.get(ref.table);
    const subquery = prefix ? this.subquery(right) : null;
    if (!ref || !prefix || !subquery?.column) return null;
    const relation = this.relation(ref.table, ref.column, subquery.table, subquery.column);
    if (!relation) return null;
    return this.inner(subquery.query, [...prefix, relation.name], right);
  }

  /**
   * `exists(db.select().from(orders).where(and(eq(orders.id, items.orderId), eq(orders.customerId, uid))))`:
   * tied to the row by a declared relation in a top-level conjunct of its where.
   */
  private correlated(node: TSESTree.Node): Constraint | null {
    const subquery = this.subquery(node);
    const condition = subquery?.query.chain.filter((c) => methodName(c) === 'where').pop()?.arguments[0];
    if (!subquery || !condition) return null;
    const path = this.link(condition, subquery.table);
    return path ? this.inner(subquery.query, path, node) : null;
  }

  /** A subquery's filter, its paths seen from the outer table through `path`. */
  private inner(query: DrizzleQuery, path: readonly string[], node: TSESTree.Node): Constraint {
    if (this.nesting > 4) return { kind: 'unknown', node };
    return under(path, this.adapter.filterOf(query, this.ctx, this.nesting + 1) ?? { kind: 'none', node });
  }

  /** A Drizzle select used as a value: its query, table, and the one column it selects (if so). */
  private subquery(node: TSESTree.Node): { query: DrizzleQuery; table: ts.Symbol; column: string | null } | null {
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1 || alts[0].type !== AST_NODE_TYPES.CallExpression) return null;
    const query = this.adapter.queryOf(alts[0], this.ctx);
    if (!query || query.relational || !methodName(query.root)?.startsWith('select')) return null;
    const table = symbolOf(query.table, this.ctx);
    if (!table) return null;
    const [selection] = query.root.arguments;
    const object = selection && objectLiteral(selection, this.ctx);
    const entries = object ? objectEntries(object, this.ctx) : null;
    const ref = entries?.length === 1 ? this.columnRef(entries[0].value) : null;
    return { query, table, column: ref && ref.table === table ? ref.column : null };
  }
}

/** `constraint` as seen from a table that reaches its table through `path`. */
function under(path: readonly string[], constraint: Constraint): Constraint {
  if (path.length === 0) return constraint;
  switch (constraint.kind) {
    case 'equals':
      return { ...constraint, path: [...path, ...constraint.path] };
    case 'all':
    case 'any':
      return { ...constraint, of: constraint.of.map((c) => under(path, c)) };
    case 'unknown': {
      const requires = constraint.requires;
      if (!requires) return constraint;
      const within = (p: readonly string[]) => p.length > path.length && path.every((s, i) => p[i] === s);
      return { ...constraint, requires: (p) => within(p) && requires(p.slice(path.length)) };
    }
    case 'none':
    case 'skippedWhen':
      return constraint;
  }
}

/** The database a query runs on (`db` in `db.select()`, `db.query.t.findMany()`), where its schema is. */
function dbOf(query: DrizzleQuery): TSESTree.Node | null {
  const receiver = receiverOf(query.root);
  if (!query.relational) return receiver;
  return receiver?.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.MemberExpression
    ? receiver.object.object
    : null;
}

// -- relations ------------------------------------------------------------------------------------------

/** `name: one(target, { fields: [table.field], references: [target.reference] })` in `relations(table, …)`. */
interface Relation {
  name: string;
  target: ts.Symbol;
  field: string;
  reference: string;
}

const declared = new WeakMap<ts.VariableDeclaration, { table: ts.Symbol; relations: Relation[] } | null>();
/**
 * Per checker, then table: the binder's symbols outlive a program on the source files the next program
 * reuses (an editor re-linting after an edit), while the schema type belongs to one checker.
 */
const relationCache = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, Map<ts.Type | undefined, Relation[]>>>();

/**
 * The single-column `one()` relations declared for `table` with `relations()`, in the table's module
 * or among the schema the database was made with (`drizzle(…, { schema })`). Drizzle's types carry a
 * relation's target table but not its columns, so they are read from the declaration.
 */
function relationsOf(table: ts.Symbol, db: TSESTree.Node | null, ctx: AdapterContext): Relation[] {
  const schema = db ? fullSchema(db, ctx) : undefined;
  let byTable = relationCache.get(ctx.checker);
  if (!byTable) relationCache.set(ctx.checker, (byTable = new WeakMap()));
  let byDb = byTable.get(table);
  if (!byDb) byTable.set(table, (byDb = new Map()));
  const cached = byDb.get(schema);
  if (cached) return cached;
  const declarations = new Set<ts.VariableDeclaration>();
  for (const declaration of table.declarations ?? []) {
    for (const statement of declaration.getSourceFile().statements) {
      if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => declarations.add(d));
    }
  }
  for (const property of schema ? ctx.checker.getPropertiesOfType(schema) : []) {
    for (const declaration of unaliased(ctx.checker, property).declarations ?? []) if (ts.isVariableDeclaration(declaration)) declarations.add(declaration);
  }
  const relations = [...declarations].flatMap((d) => {
    const read = readRelations(d, ctx);
    return read && read.table === table ? read.relations : [];
  });
  byDb.set(schema, relations);
  return relations;
}

function fullSchema(db: TSESTree.Node, ctx: AdapterContext): ts.Type | undefined {
  const checker = ctx.checker;
  const at = (type: ts.Type, key: string) => {
    const prop = checker.getPropertyOfType(checker.getNonNullableType(type), key);
    return prop ? checker.getTypeOfSymbol(prop) : undefined;
  };
  const internals = at(checker.getTypeAtLocation(ctx.tsNode(db)), '_');
  return internals && at(internals, 'fullSchema');
}

function readRelations(declaration: ts.VariableDeclaration, ctx: AdapterContext): { table: ts.Symbol; relations: Relation[] } | null {
  if (declared.has(declaration)) return declared.get(declaration)!;
  let result: { table: ts.Symbol; relations: Relation[] } | null = null;
  const init = declaration.initializer;
  if (init && ts.isCallExpression(init) && isDrizzleCall(init, 'relations', ctx)) {
    const [tableArg, config] = init.arguments;
    const table = tableArg && tsSymbol(tableArg, ctx);
    if (table) result = { table, relations: relationEntries(config, table, ctx) };
  }
  declared.set(declaration, result);
  return result;
}

function relationEntries(config: ts.Expression | undefined, table: ts.Symbol, ctx: AdapterContext): Relation[] {
  if (!config || !(ts.isArrowFunction(config) || ts.isFunctionExpression(config))) return [];
  let body: ts.Node | undefined = config.body;
  if (ts.isBlock(body)) body = body.statements.find(ts.isReturnStatement)?.expression;
  while (body && ts.isParenthesizedExpression(body)) body = body.expression;
  if (!body || !ts.isObjectLiteralExpression(body)) return [];
  const out: Relation[] = [];
  for (const property of body.properties) {
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
    const call = property.initializer;
    if (!ts.isCallExpression(call) || !isDrizzleCall(call, 'one', ctx)) continue;
    const [targetArg, options] = call.arguments;
    const target = targetArg && tsSymbol(targetArg, ctx);
    if (!target || !options || !ts.isObjectLiteralExpression(options)) continue;
    const single = (key: string, owner: ts.Symbol) => {
      const entry = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === key);
      const list = entry?.initializer;
      if (!list || !ts.isArrayLiteralExpression(list) || list.elements.length !== 1) return null;
      const column = list.elements[0];
      return ts.isPropertyAccessExpression(column) && tsSymbol(column.expression, ctx) === owner ? column.name.text : null;
    };
    const field = single('fields', table);
    const reference = single('references', target);
    if (field && reference) out.push({ name: property.name.text, target, field, reference });
  }
  return out;
}

/** A call of Drizzle's `name` (`relations`, the helpers' `one`), by where its signature is declared. */
function isDrizzleCall(call: ts.CallExpression, name: string, ctx: AdapterContext): boolean {
  const callee = call.expression;
  const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
  if (calleeName !== name) return false;
  const declaration = ctx.checker.getResolvedSignature(call)?.getDeclaration();
  return !!declaration && fileFromPackage(declaration.getSourceFile().fileName, PACKAGES);
}

function tsSymbol(node: ts.Node, ctx: AdapterContext): ts.Symbol | undefined {
  const symbol = unaliased(ctx.checker, ctx.checker.getSymbolAtLocation(node));
  return symbol && ctx.checker.getExportSymbolOfSymbol(symbol);
}

function isUndefined(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
}

/** The symbol an identifier or `a.b` names, after import aliases. */
function symbolOf(node: TSESTree.Node, ctx: AdapterContext): ts.Symbol | undefined {
  const target =
    node.type === AST_NODE_TYPES.Identifier ? node : node.type === AST_NODE_TYPES.MemberExpression ? node.property : null;
  if (!target) return undefined;
  let symbol = unaliased(ctx.checker, ctx.checker.getSymbolAtLocation(ctx.tsNode(target)));
  if (node.type === AST_NODE_TYPES.MemberExpression && symbol && !symbol.valueDeclaration) {
    // `db.query.consultations`: a mapped property; find the table through `db._.fullSchema`.
    symbol = relationalTableSymbol(node, ctx) ?? symbol;
  }
  // A table declared and queried in one module: its local symbol stands for its export.
  return symbol && ctx.checker.getExportSymbolOfSymbol(symbol);
}

function relationalTableSymbol(node: TSESTree.MemberExpression, ctx: AdapterContext): ts.Symbol | undefined {
  const name = propertyName(node);
  const query = node.object;
  if (!name || query.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const schema = fullSchema(query.object, ctx);
  return unaliased(ctx.checker, schema ? ctx.checker.getPropertyOfType(schema, name) : undefined);
}

function literalAt(checker: ts.TypeChecker, type: ts.Type, path: string[]): string | undefined {
  let current: ts.Type = type;
  for (const segment of path) {
    const prop = checker.getPropertyOfType(checker.getNonNullableType(current), segment);
    if (!prop) return undefined;
    current = checker.getTypeOfSymbol(prop);
  }
  return current.isStringLiteral() ? current.value : undefined;
}
