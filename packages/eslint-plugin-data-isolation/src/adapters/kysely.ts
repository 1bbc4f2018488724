import type { TSESTree } from '@typescript-eslint/utils';
import {
  anyOf,
  assignmentsOf,
  callFromPackage,
  chainCalls,
  chainedCall,
  entityPolicy,
  hasPolicyTags,
  methodName,
  propertyName,
  receiverOf,
  returnedExpressions,
  typeArgumentsOf,
  type Equals,
} from './shared';
import { AST_NODE_TYPES } from '../node-types';
import type { Access, AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

const PACKAGES = ['kysely'];
const ROOTS: ReadonlyMap<string, Access> = new Map([
  ['selectFrom', 'read'],
  ['updateTable', 'write'],
  ['deleteFrom', 'write'],
  ['insertInto', 'create'],
]);

interface KyselyQuery {
  root: TSESTree.CallExpression;
  table: string;
  alias: string | null;
  chain: TSESTree.CallExpression[];
}

/**
 * Kysely: `db.selectFrom('t')…`, `db.updateTable('t').set(…)…`, `db.deleteFrom('t')…` and
 * `db.insertInto('t').values(…)`, as one query per chain (reported at its outermost call). Every
 * `.where(…)` adds to the filter (AND): `where('col', '=', v)`, `where('col', 'in', [...])` and the
 * callback form `where((eb) => eb.or([eb('col', '=', v), …]))`. The policy is the JSDoc on the table's
 * property in the Database interface, or on the table's row interface.
 */
export class KyselyAdapter implements DataLayerAdapter {
  readonly name = 'kysely';

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    // Without a root method in the chain it cannot be a query: spare every other call a type query.
    if (!chainCalls(call).some((c) => ROOTS.has(methodName(c) ?? ''))) return null;
    const next = chainedCall(call);
    if (next && callFromPackage(next, ctx, PACKAGES)) return null;
    const query = this.queryOf(call, ctx);
    if (!query) return null;
    const receiverType = ctx.checker.getTypeAtLocation(ctx.tsNode(receiverOf(query.root)!));
    // `db`, a `Transaction<DB>` (`db.transaction().execute(async (trx) => …)`) and a connection's `Kysely<DB>` alike.
    const database = typeArgumentsOf(ctx.checker, receiverType, 'Kysely')?.[0];
    const property = database && ctx.checker.getPropertyOfType(database, query.table);
    const rowType = property && ctx.checker.getTypeOfSymbol(property);
    const propertyDeclaration = property?.declarations?.[0];
    const rowDeclaration = rowType?.getSymbol()?.declarations?.[0];
    const declaration = propertyDeclaration && hasPolicyTags(propertyDeclaration) ? propertyDeclaration : (rowDeclaration ?? propertyDeclaration);
    const operation = methodName(query.root)!;
    return {
      call,
      match: query,
      operationNode: (query.root.callee as TSESTree.MemberExpression).property,
      modelName: query.table,
      model: undefined,
      operation,
      access: ROOTS.get(operation)!,
      typed: true,
      entity: { names: [query.table], declaration, kind: 'table', rowType },
    };
  }

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    return entityPolicy(site, ctx);
  }

  private queryOf(outer: TSESTree.CallExpression, ctx: AdapterContext): KyselyQuery | null {
    const chain = chainCalls(outer);
    const index = chain.findIndex((c) => ROOTS.has(methodName(c) ?? ''));
    if (index < 0) return null;
    const root = chain[index];
    const [table] = root.arguments;
    if (table?.type !== AST_NODE_TYPES.Literal || typeof table.value !== 'string') return null;
    if (!callFromPackage(root, ctx, PACKAGES)) return null;
    const [name, alias] = table.value.split(/\s+as\s+/i);
    return { root, table: name.trim(), alias: alias?.trim() ?? null, chain: chain.slice(index + 1) };
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const query = site.match as KyselyQuery | undefined;
    if (!query) return null;
    const wheres = query.chain.filter((c) => methodName(c) === 'where');
    if (wheres.length === 0) return null;
    const reader = new ExpressionReader(ctx, query);
    return { kind: 'all', of: wheres.map((w) => reader.where(w.arguments, w)), node: site.call };
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const query = site.match as KyselyQuery | undefined;
    if (!query) return [];
    return query.chain
      .filter((c) => ['set', 'values'].includes(methodName(c) ?? '') && c.arguments[0] && c.arguments[0].type !== AST_NODE_TYPES.SpreadElement)
      .flatMap((c) => assignmentsOf(c.arguments[0], ctx));
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}

/** The local names a `where` callback gives Kysely's expression builder and its `and`/`or`. */
interface Names {
  eb?: string;
  and?: string;
  or?: string;
}

/** `(eb) => …` or `({ eb, and, or: either }) => …`. */
function callbackNames(param: TSESTree.Parameter | undefined): Names {
  if (param?.type === AST_NODE_TYPES.Identifier) return { eb: param.name };
  if (param?.type !== AST_NODE_TYPES.ObjectPattern) return {};
  const names: Names = {};
  for (const p of param.properties) {
    if (p.type !== AST_NODE_TYPES.Property || p.value.type !== AST_NODE_TYPES.Identifier) continue;
    const key = propertyName(p);
    if (key === 'eb' || key === 'and' || key === 'or') names[key] = p.value.name;
  }
  return names;
}

class ExpressionReader {
  constructor(
    private readonly ctx: AdapterContext,
    private readonly query: KyselyQuery,
  ) {}

  /** `where(lhs, op, rhs)` or `where(expression | (eb) => expression | ({ eb, and, or }) => expression)`. */
  where(args: readonly TSESTree.CallExpressionArgument[], node: TSESTree.Node, names: Names = {}): Constraint {
    if (args.length >= 3) return this.comparison(args[0], args[1], args[2], node);
    const [expression] = args;
    if (!expression || expression.type === AST_NODE_TYPES.SpreadElement) return { kind: 'unknown', node };
    if (expression.type === AST_NODE_TYPES.ArrowFunctionExpression || expression.type === AST_NODE_TYPES.FunctionExpression) {
      const inner = callbackNames(expression.params[0]);
      const body = returnedExpressions(expression);
      return body.length ? anyOf(body.map((b) => this.expression(b, inner)), node) : { kind: 'unknown', node };
    }
    return this.expression(expression, names);
  }

  /**
   * `eb('col', '=', v)`, `eb.and([...])`, `eb.or([...])`, `eb.and({ col: v })` (with `eb` the callback's
   * parameter), or the destructured `and([...])`/`or([...])`/`eb(…)` of `({ eb, and, or }) => …`.
   */
  private expression(node: TSESTree.Node, names: Names): Constraint {
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1) return anyOf(alts.map((a) => this.expression(a, names)), node);
    const value = alts[0];
    if (value.type !== AST_NODE_TYPES.CallExpression || !callFromPackage(value, this.ctx, PACKAGES)) return { kind: 'unknown', node: value };
    const callee = value.callee;
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === names.eb && value.arguments.length >= 3) {
      return this.comparison(value.arguments[0], value.arguments[1], value.arguments[2], value);
    }
    const name =
      callee.type === AST_NODE_TYPES.MemberExpression
        ? propertyName(callee)
        : callee.type === AST_NODE_TYPES.Identifier
          ? (callee.name === names.and ? 'and' : callee.name === names.or ? 'or' : callee.name)
          : null;
    let [operand] = value.arguments;
    // `eb.and(conditions)`, a list the code only adds to: what it is declared with always holds.
    const declared = name === 'and' && operand ? this.ctx.resolver.declaredElements(operand) : undefined;
    if (declared) return { kind: 'all', of: declared.map((el) => (el.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown', node: value } : this.expression(el, names))), node: value };
    if (operand?.type === AST_NODE_TYPES.Identifier && (name === 'and' || name === 'or')) {
      const alts = this.ctx.resolver.alternatives(operand);
      if (alts.length === 1 && alts[0].type === AST_NODE_TYPES.ArrayExpression) operand = alts[0];
    }
    if ((name === 'and' || name === 'or') && operand?.type === AST_NODE_TYPES.ArrayExpression) {
      const of = operand.elements.map((el): Constraint =>
        !el || el.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown', node: value } : this.expression(el, names),
      );
      return name === 'or' ? { kind: 'any', of, node: value, explicit: true } : { kind: 'all', of, node: value };
    }
    if ((name === 'and' || name === 'or') && operand?.type === AST_NODE_TYPES.ObjectExpression) {
      // `eb.and({ col: v, … })`: each key compared with its value (`=`, or `in` for an array).
      const of = operand.properties.map((p): Constraint => {
        if (p.type !== AST_NODE_TYPES.Property) return { kind: 'unknown', node: p };
        const key = propertyName(p);
        const column = key === null ? null : this.column(key);
        return column ? { kind: 'equals', path: [column], value: p.value, node: p } : { kind: 'none', node: p };
      });
      return name === 'or' ? { kind: 'any', of, node: value, explicit: true } : { kind: 'all', of, node: value };
    }
    return { kind: 'none', node: value };
  }

  private comparison(lhs: TSESTree.CallExpressionArgument, op: TSESTree.CallExpressionArgument, rhs: TSESTree.CallExpressionArgument, node: TSESTree.Node): Constraint {
    const column = lhs.type === AST_NODE_TYPES.Literal && typeof lhs.value === 'string' ? this.column(lhs.value) : null;
    const operator = op.type === AST_NODE_TYPES.Literal && typeof op.value === 'string' ? op.value.toLowerCase() : null;
    if (!column || (operator !== '=' && operator !== 'in') || rhs.type === AST_NODE_TYPES.SpreadElement) return { kind: 'none', node };
    return { kind: 'equals', path: [column], value: rhs, node };
  }

  /** `'patientId'`, `'c.patientId'` or `'consultation.patientId'`: a column of the queried table. */
  private column(reference: string): string | null {
    const parts = reference.split('.');
    if (parts.length === 1) return parts[0];
    const [table, column] = parts;
    return table === this.query.table || table === this.query.alias ? column : null;
  }
}
