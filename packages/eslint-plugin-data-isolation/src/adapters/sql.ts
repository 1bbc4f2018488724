import type { TSESTree } from '@typescript-eslint/utils';
import type { Parser } from 'node-sql-parser';
import type { Access, Constraint } from './types';

/**
 * SQL text read with a real parser (node-sql-parser), for the data layers that take SQL: raw queries
 * (Prisma `$queryRaw`, Drizzle/Kysely `sql`, `pg`'s `client.query`) and TypeORM's QueryBuilder
 * conditions. Placeholders (`$1`, `?`, `:name`) map back to the TypeScript expressions bound to them.
 */

// Loaded on the first SQL statement: most projects have none, and the parser is a large module.
let parser: Parser | undefined;
const sqlParser = (): Parser => (parser ??= new (require('node-sql-parser') as typeof import('node-sql-parser')).Parser());
const DIALECTS = ['postgresql', 'mysql', 'sqlite'] as const;

/** A placeholder in the SQL: `$1` (1-based) or the n-th `?`, or `:name`. */
export type Placeholder = { kind: 'positional'; index: number } | { kind: 'named'; name: string };

export interface SqlStatement {
  access: Access;
  operation: string;
  /** Tables the statement reads or writes, with their aliases. The first is the statement's own. */
  tables: { name: string; alias: string | null }[];
  where: SqlAst | null;
  /** `UPDATE … SET col = value`, `INSERT … (cols) VALUES (…)`. */
  assignments: { column: string; value: SqlAst }[];
}

// node-sql-parser's AST is loosely typed; these are the shapes we read.
export type SqlAst = Record<string, unknown> & { type?: string };

function parseOne(text: string): SqlAst | null {
  for (const database of DIALECTS) {
    try {
      const ast = sqlParser().astify(text, { database }) as unknown;
      const one = Array.isArray(ast) ? (ast.length === 1 ? ast[0] : null) : ast;
      if (one && typeof one === 'object') return one as SqlAst;
    } catch {
      // try the next dialect
    }
  }
  return null;
}

const parsed = new Map<string, SqlStatement | null>();
const MAX_CACHED = 512;

/** The statement `text` holds, or null when it does not parse (or is not one SELECT/UPDATE/DELETE/INSERT). */
export function parseStatement(text: string): SqlStatement | null {
  if (parsed.has(text)) return parsed.get(text)!;
  const statement = parseUncached(text);
  if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
  parsed.set(text, statement);
  return statement;
}

function parseUncached(text: string): SqlStatement | null {
  const ast = parseOne(text);
  if (!ast) return null;
  const type = ast.type;
  const tables = tableList(type === 'update' || type === 'insert' ? ast.table : ast.from);
  if (type === 'delete' && tables.length === 0) tables.push(...tableList(ast.table));
  if (tables.length === 0) return null;
  const where = (ast.where as SqlAst | null) ?? null;
  switch (type) {
    case 'select':
      return { access: 'read', operation: 'SELECT', tables, where, assignments: [] };
    case 'update': {
      const set = (ast.set as { column: unknown; value: SqlAst }[] | undefined) ?? [];
      const assignments = set.flatMap((s) => {
        const column = columnName(s.column);
        return column ? [{ column, value: s.value }] : [];
      });
      return { access: 'write', operation: 'UPDATE', tables, where, assignments };
    }
    case 'delete':
      return { access: 'write', operation: 'DELETE', tables, where, assignments: [] };
    case 'insert': {
      const columns = ((ast.columns as unknown[] | null) ?? []).map(columnName);
      const values = ast.values as { values?: { value: SqlAst[] }[] } | { value: SqlAst[] }[] | undefined;
      const rows = (Array.isArray(values) ? values : (values?.values ?? [])) as { value: SqlAst[] }[];
      const assignments = rows.flatMap((row) =>
        columns.flatMap((column, i) => (column && row.value?.[i] ? [{ column, value: row.value[i] }] : [])),
      );
      return { access: 'create', operation: 'INSERT', tables, where: null, assignments };
    }
    default:
      return null;
  }
}

/** A bare condition (TypeORM's `where('c.patientId = :uid')`), parsed as the WHERE of a query. */
export function parseCondition(text: string): SqlAst | null {
  // TypeORM's list parameters (`IN (:...ids)`) are plain named parameters to the parser.
  const statement = parseStatement(`SELECT * FROM t WHERE ${text.replace(/:\.\.\.(\w)/g, ':$1')}`);
  return statement?.where ?? null;
}

function tableList(value: unknown): { name: string; alias: string | null }[] {
  const items = Array.isArray(value) ? value : value ? [value] : [];
  return items.flatMap((item: { table?: unknown; as?: unknown }) =>
    typeof item?.table === 'string' ? [{ name: item.table, alias: typeof item.as === 'string' ? item.as : null }] : [],
  );
}

export interface ConditionOptions {
  /**
   * The owner path a column reference names (`c.patient_id` → `['patientId']`), or null for other tables.
   * `qualifier`: what precedes the table in a three-part name (`c.patient.id`: `c`).
   */
  columnPath(table: string | null, column: string, qualifier?: string): readonly string[] | null;
  /** The expression bound to a placeholder, or null. */
  value(placeholder: Placeholder): TSESTree.Node | null;
  /** Where constraints found in the SQL are located: the string or template that holds it. */
  node: TSESTree.Node;
}

/**
 * The constraint a WHERE clause places on the rows: `col = $1` / `col IN ($1, …)` on an owner column
 * constrain it; AND/OR combine; anything else (NOT, ranges, functions) does not.
 */
export function sqlConstraint(where: SqlAst | null, options: ConditionOptions): Constraint {
  const positional = { next: 1 };
  return translate(where, options, positional);
}

function translate(ast: SqlAst | null, options: ConditionOptions, positional: { next: number }): Constraint {
  const node = options.node;
  if (!ast) return { kind: 'none', node };
  if (ast.type === 'binary_expr') {
    const operator = String(ast.operator).toUpperCase();
    const left = ast.left as SqlAst;
    const right = ast.right as SqlAst;
    if (operator === 'AND') return { kind: 'all', of: [translate(left, options, positional), translate(right, options, positional)], node };
    if (operator === 'OR') {
      return { kind: 'any', of: [translate(left, options, positional), translate(right, options, positional)], node, explicit: true };
    }
    if (operator === '=' || operator === 'IN') {
      const leftColumn = columnOf(left, options);
      const rightColumn = columnOf(right, options);
      const [path, valueAst] = leftColumn ? [leftColumn, right] : rightColumn ? [rightColumn, left] : [null, null];
      const values = valueAst ? valuesOf(valueAst, options, positional) : [];
      if (!path || values === null || values.length === 0) return { kind: 'none', node };
      return values.length === 1
        ? { kind: 'equals', path, value: values[0], node }
        : { kind: 'any', of: values.map((value): Constraint => ({ kind: 'equals', path, value, node })), node };
    }
    // consume placeholders on both sides so later positional `?` keep their index
    valuesOf(left, options, positional);
    valuesOf(right, options, positional);
    return { kind: 'none', node };
  }
  return { kind: 'none', node };
}

function columnOf(ast: SqlAst, options: ConditionOptions): readonly string[] | null {
  if (ast?.type !== 'column_ref') return null;
  const column = columnName(ast.column);
  const qualifier = (ast.schema ?? ast.db) as string | null | undefined;
  return column === null ? null : options.columnPath((ast.table as string | null) ?? null, column, qualifier ?? undefined);
}

/** `col`, `{ expr: { value: 'col' } }` or `{ value: 'col' }`, as the parser spells a column. */
function columnName(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  const value = (raw as { expr?: { value?: unknown }; value?: unknown } | null)?.expr?.value ?? (raw as { value?: unknown } | null)?.value;
  return typeof value === 'string' ? value : null;
}

/** The TS expressions a value side stands for; null when it is not a placeholder (or list of them). */
export function valuesOf(ast: SqlAst, options: ConditionOptions, positional: { next: number }): TSESTree.Node[] | null {
  if (!ast || typeof ast !== 'object') return null;
  if (ast.type === 'expr_list') {
    const items = (ast.value as SqlAst[]) ?? [];
    const out: TSESTree.Node[] = [];
    for (const item of items) {
      const values = valuesOf(item, options, positional);
      if (values === null) return null;
      out.push(...values);
    }
    return out;
  }
  const placeholder = placeholderOf(ast, positional);
  if (!placeholder) return null;
  const value = options.value(placeholder);
  return value ? [value] : null;
}

export function placeholderOf(ast: SqlAst, positional: { next: number }): Placeholder | null {
  if (ast.type === 'var' && ast.prefix === '$' && typeof ast.name === 'number') return { kind: 'positional', index: ast.name };
  if (ast.type === 'var' && ast.prefix === '$' && /^\d+$/.test(String(ast.name))) return { kind: 'positional', index: Number(ast.name) };
  if (ast.type === 'param' && typeof ast.value === 'string') return { kind: 'named', name: ast.value };
  if (ast.type === 'var' && ast.prefix === ':' && typeof ast.name === 'string') return { kind: 'named', name: ast.name };
  if (ast.type === 'origin' && ast.value === '?') return { kind: 'positional', index: positional.next++ };
  return null;
}

/** `patient_id` and `patientId` name the same field; `"Consultation"` and `consultations` the same table. */
export function sameName(sqlName: string, name: string): boolean {
  const normalize = (s: string) => s.replace(/[_"`]/g, '').toLowerCase();
  const a = normalize(sqlName);
  const b = normalize(name);
  return a === b || a === `${b}s` || `${a}s` === b;
}
