import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { unaliased } from '../analysis/types';
import { callFromPackage, entityPolicy, typeFromPackage, methodName, objectEntries, objectLiteral, receiverOf, type Equals, entitySite } from './shared';
import { parseStatement, placeholderOf, sameName, sqlConstraint, type Placeholder, type SqlStatement } from './sql';
import type { AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QueryExpression, QuerySite } from './types';

/** A statement, and the TypeScript expressions bound to its placeholders. */
interface RawQuery {
  statement: SqlStatement;
  /** `$1` → values[0]; a template's `${expr}` becomes `$n` in order. */
  values: readonly TSESTree.Node[];
  /** The string or template holding the SQL: where findings inside it are located. */
  text: TSESTree.Node;
  /** The Drizzle table interpolated into the template (`${consultations}`), whose JSDoc may hold the policy. */
  table?: { declaration: ts.Node; name: string };
}

const PRISMA_RAW = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
const UNSAFE = new Set(['$queryRawUnsafe', '$executeRawUnsafe']);

/**
 * Raw SQL: Prisma `$queryRaw`/`$executeRaw` (tagged templates, or called with `Prisma.sql`) and their `Unsafe` forms, Drizzle's
 * `db.execute(sql…)`, Kysely's `` sql`…`.execute(db) ``, `pg`'s `client.query(text, values)` (also
 * `{ text, values }`), mysql2's `query`/`execute` and TypeORM's `query`. The SQL is parsed
 * (node-sql-parser); a statement over an owner-scoped table must constrain the owner column, in its
 * WHERE, to a trusted value bound to a placeholder.
 */
export class RawSqlAdapter implements DataLayerAdapter {
  readonly name = 'raw-sql';

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    const operation = methodName(call);
    if (!operation) return null;
    const query = this.read(call, operation, ctx);
    return query && this.site(call, operation, query, ctx);
  }

  private site(call: QueryExpression, operation: string, query: RawQuery, ctx: AdapterContext): QuerySite {
    const table = query.statement.tables[0];
    const modelName = query.table?.name ?? policyName(table.name, ctx) ?? table.name;
    return entitySite(call, {
      match: query,
      modelName,
      model: ctx.config.models.get(modelName),
      operation,
      access: query.statement.access,
      entity: { names: [modelName], declaration: query.table?.declaration, kind: 'table' },
    });
  }

  matchTaggedQuery(template: TSESTree.TaggedTemplateExpression, ctx: AdapterContext): QuerySite | null {
    const tag = template.tag;
    if (tag.type !== AST_NODE_TYPES.MemberExpression || tag.computed || tag.property.type !== AST_NODE_TYPES.Identifier) return null;
    const operation = tag.property.name;
    if (!PRISMA_RAW.has(operation) || UNSAFE.has(operation)) return null;
    if (!isPrismaClient(ctx.checker.getTypeAtLocation(ctx.tsNode(tag.object)), ctx)) return null;
    const query = this.fromTemplate(template, ctx);
    return query && this.site(template, operation, query, ctx);
  }

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    if (site.entity?.declaration) return entityPolicy(site, ctx);
    const policy = ctx.config.policies.get(site.modelName);
    return { policy, problems: [] };
  }

  private read(call: TSESTree.CallExpression, operation: string, ctx: AdapterContext): RawQuery | null {
    const [first, ...rest] = call.arguments;
    if (PRISMA_RAW.has(operation)) {
      const receiver = receiverOf(call);
      if (!receiver || !isPrismaClient(ctx.checker.getTypeAtLocation(ctx.tsNode(receiver)), ctx)) return null;
      if (!first) return null;
      return UNSAFE.has(operation) ? this.fromText(first, rest, ctx) : this.fromTemplate(first, ctx);
    }
    if (operation === 'execute' && call.callee.type === AST_NODE_TYPES.MemberExpression) {
      // Kysely: sql`…`.execute(db)
      const receiver = call.callee.object;
      if (receiver.type === AST_NODE_TYPES.TaggedTemplateExpression && callFromPackage(call, ctx, ['kysely'])) {
        return this.fromTemplate(receiver, ctx);
      }
    }
    if (['execute', 'all', 'get', 'run', 'values'].includes(operation) && callFromPackage(call, ctx, ['drizzle-orm'])) {
      return first ? this.fromTemplate(first, ctx) : null;
    }
    if ((operation === 'query' || operation === 'execute') && callFromPackage(call, ctx, ['@types/pg', 'pg', 'mysql2', 'typeorm'])) {
      if (!first) return null;
      const config = objectLiteral(first, ctx);
      if (config) {
        const entries = objectEntries(config, ctx) ?? [];
        const text = entries.find((e) => e.key === 'text' || e.key === 'sql');
        const values = entries.find((e) => e.key === 'values');
        return text ? this.fromText(text.value, values ? [values.value] : rest, ctx, true) : null;
      }
      return this.fromText(first, rest, ctx, true);
    }
    return null;
  }

  /** A string (or template without `${}`) of SQL, with values as arguments or one array argument. */
  private fromText(node: TSESTree.Node, args: readonly TSESTree.Node[], ctx: AdapterContext, valuesArray = false): RawQuery | null {
    const alts = ctx.resolver.alternatives(node);
    if (alts.length !== 1) return null;
    const text = stringValue(alts[0]);
    if (text === null) return null;
    const statement = parseStatement(text);
    if (!statement) return null;
    let values: readonly TSESTree.Node[] = args.filter((a) => a.type !== AST_NODE_TYPES.SpreadElement);
    if (valuesArray) {
      const list = args[0] ? ctx.resolver.alternatives(args[0]) : [];
      values =
        list.length === 1 && list[0].type === AST_NODE_TYPES.ArrayExpression
          ? list[0].elements.filter((e): e is TSESTree.Expression => !!e && e.type !== AST_NODE_TYPES.SpreadElement)
          : [];
    }
    return { statement, values, text: alts[0] };
  }

  /**
   * A tagged template (`sql`, `Prisma.sql`): each `${expr}` is a bound value, unless it is a Drizzle
   * table or column, or a `Prisma.sql` fragment written in this file (spliced in). Null when the SQL
   * cannot be read: it does not parse, or holds a fragment built elsewhere.
   */
  private fromTemplate(node: TSESTree.Node, ctx: AdapterContext): RawQuery | null {
    const alts = ctx.resolver.alternatives(node);
    if (alts.length !== 1 || alts[0].type !== AST_NODE_TYPES.TaggedTemplateExpression) return null;
    const template = alts[0].quasi;
    const state: { text: string; values: TSESTree.Node[]; table?: RawQuery['table'] } = { text: '', values: [] };
    if (!this.append(template, state, ctx, 0)) return null;
    const statement = parseStatement(state.text);
    return statement ? { statement, values: state.values, text: template, table: state.table } : null;
  }

  private append(
    template: TSESTree.TemplateLiteral,
    state: { text: string; values: TSESTree.Node[]; table?: RawQuery['table'] },
    ctx: AdapterContext,
    depth: number,
  ): boolean {
    state.text += template.quasis[0].value.cooked ?? '';
    for (const [index, expression] of template.expressions.entries()) {
      const identifier = drizzleName(expression, ctx);
      if (identifier) {
        state.text += `"${identifier.sqlName}"`;
        if (identifier.declaration && !state.table) state.table = { declaration: identifier.declaration, name: identifier.name };
      } else if (isPrismaSql(ctx.checker.getTypeAtLocation(ctx.tsNode(expression)), ctx)) {
        const alts = ctx.resolver.alternatives(expression);
        const fragment = alts.length === 1 && alts[0].type === AST_NODE_TYPES.TaggedTemplateExpression ? alts[0].quasi : null;
        if (!fragment || depth >= 8 || !this.append(fragment, state, ctx, depth + 1)) return false;
      } else {
        state.values.push(expression);
        state.text += `$${state.values.length}`;
      }
      state.text += template.quasis[index + 1].value.cooked ?? '';
    }
    return true;
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const query = site.match as RawQuery | undefined;
    if (!query) return null;
    const main = query.statement.tables[0];
    const policy = this.policyFor(site, ctx)?.policy;
    const paths = policy ? [...policy.owners, ...policy.tenants] : [];
    const owners = paths.map((p) => p[0]);
    const joined = query.statement.tables.slice(1);
    return sqlConstraint(query.statement.where, {
      node: query.text,
      columnPath: (table, column) => {
        if (table === null || table === main.name || table === main.alias) {
          return [owners.find((owner) => sameName(column, owner)) ?? column];
        }
        // A relation-path owner through a JOIN: `JOIN "Consultation" c … WHERE c."patientId" = $1` (the
        // Prisma schema says which model the relation leads to; the ON clause is not checked).
        const other = joined.find((t) => t.alias === table || t.name === table);
        const path = other && paths.find((p) => {
          const target = site.model?.fields.get(p[0])?.type;
          return p.length === 2 && target !== undefined && sameName(other.name, target) && sameName(column, p[1]);
        });
        return path ?? null;
      },
      value: (placeholder) => valueFor(placeholder, query.values),
    });
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const query = site.match as RawQuery | undefined;
    if (!query) return [];
    const policy = this.policyFor(site, ctx)?.policy;
    const owners = policy ? [...policy.owners, ...policy.tenants].map((p) => p[0]) : [];
    const positional = { next: 1 };
    return query.statement.assignments.flatMap(({ column, value }): Equals[] => {
      const placeholder = placeholderOf(value, positional);
      const node = placeholder && valueFor(placeholder, query.values);
      if (!node) return [];
      return [{ kind: 'equals', path: [owners.find((o) => sameName(column, o)) ?? column], value: node, node: query.text }];
    });
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}

function valueFor(placeholder: Placeholder, values: readonly TSESTree.Node[]): TSESTree.Node | null {
  return placeholder.kind === 'positional' ? (values[placeholder.index - 1] ?? null) : null;
}

/** The policy key (Prisma model or settings entry) a SQL table name stands for. */
function policyName(table: string, ctx: AdapterContext): string | undefined {
  if (ctx.config.policies.has(table)) return table;
  for (const name of ctx.config.policies.keys()) if (sameName(table, name)) return name;
  for (const model of ctx.config.models.values()) if (sameName(table, model.name)) return model.name;
  return undefined;
}

function stringValue(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

/** Prisma's `Sql` fragment (`Prisma.sql`, `Prisma.join`, `Prisma.raw`, `Prisma.empty`). */
function isPrismaSql(type: ts.Type, ctx: AdapterContext): boolean {
  const checker = ctx.checker;
  return type.getSymbol()?.getName() === 'Sql' && ['strings', 'values', 'statement'].every((name) => !!checker.getPropertyOfType(type, name));
}

/** A Prisma client, or the transaction client `$transaction(async (tx) => …)` passes (it has no `$transaction`). */
function isPrismaClient(type: ts.Type, ctx: AdapterContext): boolean {
  const checker = ctx.checker;
  return ['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'].every((name) => !!checker.getPropertyOfType(type, name));
}

/** A Drizzle table or column interpolated into a `sql` template: its SQL name (and the table's declaration). */
function drizzleName(
  expression: TSESTree.Expression,
  ctx: AdapterContext,
): { sqlName: string; name: string; declaration?: ts.Node } | null {
  const checker = ctx.checker;
  const type = checker.getTypeAtLocation(ctx.tsNode(expression));
  if (!typeFromPackage(checker, type, ['drizzle-orm'])) return null;
  const internals = checker.getPropertyOfType(type, '_');
  const nameProp = internals && checker.getPropertyOfType(checker.getTypeOfSymbol(internals), 'name');
  const nameType = nameProp && checker.getTypeOfSymbol(nameProp);
  if (!nameType?.isStringLiteral()) return null;
  const isColumn = !!checker.getPropertyOfType(type, 'columnType');
  if (isColumn) return { sqlName: nameType.value, name: nameType.value };
  const tableSymbol = unaliased(checker, expression.type === AST_NODE_TYPES.Identifier ? checker.getSymbolAtLocation(ctx.tsNode(expression)) : undefined);
  const tableDeclaration = tableSymbol?.valueDeclaration;
  return { sqlName: nameType.value, name: tableSymbol?.getName() ?? nameType.value, declaration: tableDeclaration };
}
