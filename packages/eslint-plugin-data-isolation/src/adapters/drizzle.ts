import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  anyOf,
  assignmentsOf,
  chainCalls,
  chainedCall,
  entityPolicy,
  methodName,
  objectEntries,
  objectLiteral,
  propertyName,
  receiverOf,
  returnedExpressions,
  callFromPackage,
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

interface DrizzleQuery {
  root: TSESTree.CallExpression;
  table: TSESTree.Node;
  chain: TSESTree.CallExpression[];
  relational: boolean;
}

const queries = new WeakMap<TSESTree.Node, DrizzleQuery>();

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
    queries.set(call, query);
    return {
      call,
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

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    return entityPolicy(site, ctx);
  }

  /** A method call on one of Drizzle's builders (or its database): the method is declared by drizzle-orm. */
  private isBuilderCall(call: TSESTree.CallExpression, ctx: AdapterContext): boolean {
    return call.callee.type === AST_NODE_TYPES.MemberExpression && callFromPackage(call, ctx, PACKAGES);
  }

  private queryOf(outer: TSESTree.CallExpression, ctx: AdapterContext): DrizzleQuery | null {
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
    const query = queries.get(site.call) ?? (site.call.type === AST_NODE_TYPES.CallExpression ? this.queryOf(site.call, ctx) : undefined);
    if (!query) return null;
    const reader = new PredicateReader(ctx, symbolOf(query.table, ctx));
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
    if (!where) return null;
    return where.arguments[0] ? reader.condition(where.arguments[0]) : { kind: 'none', node: where };
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const query = queries.get(site.call) ?? (site.call.type === AST_NODE_TYPES.CallExpression ? this.queryOf(site.call, ctx) : undefined);
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
    /** The queried table: columns of other tables (joins) do not scope it. */
    private readonly table: ts.Symbol | undefined,
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
      case 'and':
        return {
          kind: 'all',
          of: args.filter((a) => !isUndefined(a)).map((a) => this.condition(a, fields, depth + 1)),
          node,
        };
      case 'or':
        return { kind: 'any', of: args.map((a) => this.condition(a, fields, depth + 1)), node, explicit: true };
      case 'eq':
      case 'inArray': {
        const [left, right] = args;
        const column = left && this.column(left, fields);
        if (column && right) return { kind: 'equals', path: [column], value: right, node };
        const reversed = right && operator === 'eq' ? this.column(right, fields) : null;
        if (reversed && left) return { kind: 'equals', path: [reversed], value: left, node };
        return { kind: 'none', node };
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

  /** `consultations.patientId` (the queried table's column) or `t.patientId` (the callback's fields). */
  private column(node: TSESTree.Node, fields: TSESTree.Parameter | undefined): string | null {
    if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = propertyName(node);
    if (!name) return null;
    if (fields?.type === AST_NODE_TYPES.Identifier && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === fields.name) {
      return name;
    }
    const owner = symbolOf(node.object, this.ctx);
    return owner && owner === this.table ? name : null;
  }
}

function isUndefined(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
}

/** The symbol an identifier or `a.b` names, after import aliases. */
function symbolOf(node: TSESTree.Node, ctx: AdapterContext): ts.Symbol | undefined {
  const target =
    node.type === AST_NODE_TYPES.Identifier ? node : node.type === AST_NODE_TYPES.MemberExpression ? node.property : null;
  if (!target) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(ctx.tsNode(target));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  if (node.type === AST_NODE_TYPES.MemberExpression && symbol && !symbol.valueDeclaration) {
    // `db.query.consultations`: a mapped property; find the table through `db._.fullSchema`.
    return relationalTableSymbol(node, ctx) ?? symbol;
  }
  return symbol;
}

function relationalTableSymbol(node: TSESTree.MemberExpression, ctx: AdapterContext): ts.Symbol | undefined {
  const name = propertyName(node);
  const query = node.object;
  if (!name || query.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const dbType = ctx.checker.getTypeAtLocation(ctx.tsNode(query.object));
  const checker = ctx.checker;
  const at = (type: ts.Type, key: string) => {
    const prop = checker.getPropertyOfType(checker.getNonNullableType(type), key);
    return prop ? checker.getTypeOfSymbol(prop) : undefined;
  };
  const internals = at(dbType, '_');
  const fullSchema = internals && at(internals, 'fullSchema');
  let symbol = fullSchema && checker.getPropertyOfType(fullSchema, name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
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
