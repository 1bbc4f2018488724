import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../node-types';
import { forEachChildNode } from '../analysis/walk';
import ts from 'typescript';
import {
  anyOf,
  assignmentsOf,
  callFromPackage,
  chainCalls,
  declaringPackageVersion,
  entityPolicy,
  methodName,
  objectEntries,
  objectLiteral,
  filterEntries,
  opaqueFilter,
  overriddenBy,
  receiverOf,
  spreadMayCarry,
  typeArgumentsOf,
  typeFromPackage,
  type Equals,
  entitySite,
} from './shared';
import { parseCondition, sqlConstraint, type SqlAst } from './sql';
import type { Access, AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

const PACKAGES = ['typeorm'];

/** Where each Repository/EntityManager method takes its filter (after the entity, for EntityManager). */
type FilterArg = 'options' | 'where' | 'none';
const METHODS: ReadonlyMap<string, { access: Access; filter: FilterArg; data?: number }> = new Map([
  ['find', { access: 'read', filter: 'options' }],
  ['findOne', { access: 'read', filter: 'options' }],
  ['findOneOrFail', { access: 'read', filter: 'options' }],
  ['findAndCount', { access: 'read', filter: 'options' }],
  ['count', { access: 'read', filter: 'options' }],
  ['exists', { access: 'read', filter: 'options' }],
  ['findBy', { access: 'read', filter: 'where' }],
  ['findOneBy', { access: 'read', filter: 'where' }],
  ['findOneByOrFail', { access: 'read', filter: 'where' }],
  ['findAndCountBy', { access: 'read', filter: 'where' }],
  ['countBy', { access: 'read', filter: 'where' }],
  ['existsBy', { access: 'read', filter: 'where' }],
  ['update', { access: 'write', filter: 'where', data: 1 }],
  ['delete', { access: 'write', filter: 'where' }],
  ['softDelete', { access: 'write', filter: 'where' }],
  ['restore', { access: 'write', filter: 'where' }],
  ['updateAll', { access: 'write', filter: 'none', data: 0 }],
  ['deleteAll', { access: 'write', filter: 'none' }],
  ['insert', { access: 'create', filter: 'none', data: 0 }],
  ['save', { access: 'create', filter: 'none', data: 0 }],
]);

/** QueryBuilder calls that run the query built so far. */
const EXECUTE = new Set([
  'getMany',
  'getOne',
  'getOneOrFail',
  'getManyAndCount',
  'getCount',
  'getExists',
  'getRawMany',
  'getRawOne',
  'getRawAndEntities',
  'execute',
  'stream',
]);
const JOINS = new Set(['innerJoin', 'innerJoinAndSelect', 'leftJoin', 'leftJoinAndSelect']);
/** The QueryBuilder classes and the access their queries need; only `execute()` runs the write ones. */
const BUILDERS: ReadonlyMap<string, Access> = new Map([
  ['SelectQueryBuilder', 'read'],
  ['UpdateQueryBuilder', 'write'],
  ['DeleteQueryBuilder', 'write'],
  ['SoftDeleteQueryBuilder', 'write'],
  ['InsertQueryBuilder', 'create'],
]);
/** The QueryBuilder calls that turn a select builder into a write one (`softDelete()` loses the entity type). */
const TO_WRITE = new Set(['update', 'delete', 'softDelete', 'restore', 'insert']);
/** Conditions on primary keys only: they select rows without restricting them to an owner. */
const BY_ID: ReadonlyMap<string, 'where' | 'andWhere' | 'orWhere'> = new Map([
  ['whereInIds', 'where'],
  ['andWhereInIds', 'andWhere'],
  ['orWhereInIds', 'orWhere'],
  ['whereEntity', 'where'],
]);

interface Found {
  entityType: ts.Type;
  /** Arguments after the entity target (EntityManager passes the entity first). */
  args: TSESTree.CallExpressionArgument[];
  /** `started`: the chain includes its `createQueryBuilder(…)`, in this expression or earlier statements of the function. */
  builder?: { chain: TSESTree.CallExpression[]; alias: string | null; started: boolean; gates: Gates };
}

/** The `andWhere` calls made only under one `if`, with its test and the branch (`holds`: the consequent). */
type Gates = ReadonlyMap<TSESTree.CallExpression, { test: TSESTree.Node; holds: boolean }>;

/**
 * TypeORM: `Repository<E>` and `EntityManager` methods (find/findOne/findBy/findOneBy/count/update/
 * delete/softDelete, …), `where` objects and arrays (an array is OR), relation filters
 * (`where: { consultation: { patientId } }`), the find operators `In()`/`Equal()`, and QueryBuilder
 * chains (`createQueryBuilder('c').where('c.patientId = :uid', { uid }).andWhere/orWhere(…).getMany()`),
 * whose SQL conditions are parsed.
 */
export class TypeOrmAdapter implements DataLayerAdapter {
  readonly name = 'typeorm';

  /** TypeORM 0.x skips `where` properties whose value is `undefined`; 1.x throws on them by default. */
  undefinedFilterValue(site: QuerySite, ctx: AdapterContext): string | undefined {
    // A QueryBuilder binds its parameters: `= :id` with `undefined` matches no row.
    if (site.call.type !== AST_NODE_TYPES.CallExpression || (site.match as Found | undefined)?.builder) return undefined;
    const version = declaringPackageVersion(site.call, ctx, 'typeorm');
    return version?.startsWith('0.') ? `TypeORM ${version} ignores a \`where\` property whose value is \`undefined\`` : undefined;
  }

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    const operation = methodName(call);
    if (!operation || (!METHODS.has(operation) && !EXECUTE.has(operation))) return null;
    if (!callFromPackage(call, ctx, PACKAGES)) return null;
    const receiver = receiverOf(call)!;
    const receiverType = ctx.checker.getTypeAtLocation(ctx.tsNode(receiver));
    let result: Found | null = null;
    let access: Access | undefined;
    if (EXECUTE.has(operation)) {
      const builder = this.builderType(receiverType, operation, call, ctx);
      if (!builder) return null;
      result = { entityType: builder.entityType, args: [], builder: this.builder(call, ctx) };
      access = builder.access;
    } else {
      const method = METHODS.get(operation)!;
      access = method.access;
      const repository = typeArgumentsOf(ctx.checker, receiverType, 'Repository')?.[0];
      if (repository) result = { entityType: repository, args: call.arguments };
      else if (typeArgumentsOf(ctx.checker, receiverType, 'EntityManager') !== undefined || receiverType.getSymbol()?.getName() === 'EntityManager') {
        const [target, ...rest] = call.arguments;
        if (!target) return null;
        const targetType = ctx.checker.getTypeAtLocation(ctx.tsNode(target));
        const instance = ctx.checker.getPropertyOfType(targetType, 'prototype');
        if (!instance) return null;
        result = { entityType: ctx.checker.getTypeOfSymbol(instance), args: rest };
      }
    }
    if (!result) return null;
    const symbol = result.entityType.getSymbol();
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const modelName = symbol?.getName();
    if (!modelName || !declaration || modelName === '__type' || modelName === 'ObjectLiteral') return null;
    return entitySite(call, {
      match: result,
      modelName,
      operation,
      access,
      entity: { names: [modelName], declaration, kind: 'entity', rowType: result.entityType },
    });
  }

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    return entityPolicy(site, ctx);
  }

  /**
   * The entity and access of the QueryBuilder an executing call runs. `softDelete()`/`restore()` (and
   * `delete()` on a `DataSource`'s builder) type their builder `any` until `.from(E)`: the entity is then
   * the one of the select builder they were called on.
   */
  private builderType(
    receiverType: ts.Type,
    operation: string,
    call: TSESTree.CallExpression,
    ctx: AdapterContext,
  ): { entityType: ts.Type; access: Access } | null {
    for (const [className, access] of BUILDERS) {
      const args = typeArgumentsOf(ctx.checker, receiverType, className);
      if (!args) continue;
      if (access !== 'read' && operation !== 'execute') return null;
      let entityType: ts.Type | undefined = args[0];
      if (entityType && entityType.flags & ts.TypeFlags.Any) {
        const toWrite = chainCalls(call).filter((c) => TO_WRITE.has(methodName(c) ?? '')).pop();
        const from = toWrite && receiverOf(toWrite);
        entityType = from ? typeArgumentsOf(ctx.checker, ctx.checker.getTypeAtLocation(ctx.tsNode(from)), 'SelectQueryBuilder')?.[0] : undefined;
      }
      return entityType ? { entityType, access } : null;
    }
    return null;
  }

  /** The QueryBuilder chain from `createQueryBuilder('alias')` up to the executing call. */
  private builder(call: TSESTree.CallExpression, ctx: AdapterContext): Found['builder'] {
    const across = builtAcrossStatements(call, ctx);
    const chain = [...(across?.calls ?? []), ...chainCalls(call)];
    const start = chain.findIndex((c) => methodName(c) === 'createQueryBuilder');
    const create = start >= 0 ? chain[start] : undefined;
    const aliasArg = create?.arguments[create.arguments.length - 1];
    const alias = aliasArg?.type === AST_NODE_TYPES.Literal && typeof aliasArg.value === 'string' ? aliasArg.value : null;
    return { chain: start >= 0 ? chain.slice(start + 1) : chain, alias, started: start >= 0, gates: across?.gates ?? new Map() };
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const result = (site.match as Found | undefined);
    if (!result) return null;
    const reader = new WhereReader(ctx);
    if (result.builder) {
      // A builder that was started elsewhere (a variable, a helper) cannot be read here.
      if (!result.builder.chain.length || site.call.type !== AST_NODE_TYPES.CallExpression || !result.builder.started) {
        return { kind: 'unknown', node: site.call };
      }
      return reader.builder(result.builder.chain, result.builder.alias, result.builder.gates);
    }
    const method = METHODS.get(site.operation)!;
    const [first] = result.args;
    if (method.filter === 'none') return null;
    if (!first) return null;
    if (method.filter === 'where') return reader.where(first, []);
    const options = objectLiteral(first, ctx);
    if (!options) return opaqueFilter(first, ctx, { within: ['where'] });
    const entries = objectEntries(options, ctx);
    if (!entries) return opaqueFilter(first, ctx, { within: ['where'] });
    const where = entries.filter((e) => e.key === 'where').pop();
    return where ? reader.where(where.value, []) : null;
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const result = (site.match as Found | undefined);
    if (result?.builder) return builderAssignments(result.builder.chain, ctx);
    const index = METHODS.get(site.operation)?.data;
    if (!result || index === undefined) return [];
    const data = result.args[index];
    return data && data.type !== AST_NODE_TYPES.SpreadElement ? assignmentsOf(data, ctx) : [];
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}

/** The values a QueryBuilder writes: `.set(values)`, `.update(E, values)`, `.update(values)`, `.values(rows)`. */
function builderAssignments(chain: readonly TSESTree.CallExpression[], ctx: AdapterContext): Equals[] {
  return chain.flatMap((call) => {
    const name = methodName(call);
    const args = call.arguments;
    const values =
      name === 'set' || name === 'values'
        ? args[0]
        : name === 'update'
          ? (args[1] ?? (args[0] && objectLiteral(args[0], ctx) ? args[0] : undefined))
          : undefined;
    return values && values.type !== AST_NODE_TYPES.SpreadElement ? assignmentsOf(values, ctx) : [];
  });
}

/**
 * A QueryBuilder held in a variable of the same function (`const q = repo.createQueryBuilder('c').where(…);
 * if (x) q.andWhere(…); q.orWhere(…); return q.getMany()`, also `let q = …; q = q.andWhere(…)`): the calls
 * made on it before `call`, in source order. A condition added under an `if` (or a loop, `&&`, `?:`) may not
 * apply: a conditional AND is left out (it narrows only sometimes), a conditional OR is kept (it may widen).
 * An AND under a single `if` is kept with its gate, so that the analysis can tell whether only privileged
 * callers skip it (`if (!user.hasPermission(VIEW_ALL)) q.andWhere(owner)`).
 * Null when the variable is not such a builder, or escapes (passed to a helper, a conditional `where`).
 */
function builtAcrossStatements(call: TSESTree.CallExpression, ctx: AdapterContext): { calls: TSESTree.CallExpression[]; gates: Gates } | null {
  let root: TSESTree.Node = call;
  while (root.type === AST_NODE_TYPES.CallExpression && root.callee.type === AST_NODE_TYPES.MemberExpression) root = root.callee.object;
  if (root.type !== AST_NODE_TYPES.Identifier) return null;
  const symbol = ctx.checker.getSymbolAtLocation(ctx.tsNode(root));
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
  const fn = enclosingFunction(call);
  if (!fn || !(fn.range[0] <= declaration.pos && declaration.end <= fn.range[1])) return null;
  const calls: TSESTree.CallExpression[] = [];
  const gates = new Map<TSESTree.CallExpression, { test: TSESTree.Node; holds: boolean }>();
  type Gate = { test: TSESTree.Node; holds: boolean } | null;
  let ok = true;
  const isVariable = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.Identifier && ctx.checker.getSymbolAtLocation(ctx.tsNode(node)) === symbol;
  const visit = (node: TSESTree.Node, conditional: boolean, gate: Gate): void => {
    if (!ok || node.range[0] >= call.range[0]) return;
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && node.id.type === AST_NODE_TYPES.Identifier && isVariable(node.id)) {
      const chain = chainCalls(node.init as TSESTree.CallExpression);
      if (node.init.type !== AST_NODE_TYPES.CallExpression || !chain.some((c) => methodName(c) === 'createQueryBuilder')) ok = false;
      else calls.push(...chain);
      return;
    }
    if (node.type === AST_NODE_TYPES.Identifier && isVariable(node) && node.parent?.type !== AST_NODE_TYPES.VariableDeclarator) {
      // `q.andWhere(…)…` or `q = q.andWhere(…)`: the calls chained on it.
      const member = node.parent;
      if (member?.type === AST_NODE_TYPES.AssignmentExpression && member.left === node) {
        // `q = q.andWhere(…)` continues the builder (its calls are read from the right side); anything else replaces it.
        let right: TSESTree.Node = member.right;
        while (right.type === AST_NODE_TYPES.CallExpression && right.callee.type === AST_NODE_TYPES.MemberExpression) right = right.callee.object;
        if (member.operator !== '=' || !isVariable(right)) ok = false;
        return;
      }
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) {
        ok = false; // passed to a helper, returned, aliased: what is done to it is not seen here
        return;
      }
      let outer: TSESTree.Node = node;
      while (outer.parent?.type === AST_NODE_TYPES.MemberExpression && outer.parent.object === outer && outer.parent.parent?.type === AST_NODE_TYPES.CallExpression) {
        outer = outer.parent.parent;
      }
      const chain = outer.type === AST_NODE_TYPES.CallExpression ? chainCalls(outer) : [];
      for (const c of chain) {
        const name = methodName(c) ?? '';
        if (!conditional || name.startsWith('or')) calls.push(c);
        else if (name === 'where') ok = false;
        else if (gate && name === 'andWhere') {
          calls.push(c);
          gates.set(c, gate);
        }
      }
      return;
    }
    const branches = CONDITIONAL.has(node.type);
    forEachChildNode(node, (inner) => {
      // The `try` block that holds the query itself runs, up to the query, whenever the query does.
      const isTest = (branches && (node as { test?: unknown }).test === inner) || (node.type === AST_NODE_TYPES.TryStatement && inner === node.block && inner.range[0] <= call.range[0] && call.range[1] <= inner.range[1]);
      const entersIf = node.type === AST_NODE_TYPES.IfStatement && !isTest && !conditional;
      const rightOfLogical = node.type === AST_NODE_TYPES.LogicalExpression && inner === node.right;
      const innerGate = entersIf ? { test: node.test, holds: inner === node.consequent } : (branches && !isTest) || rightOfLogical ? null : gate;
      visit(inner, conditional || (branches && !isTest) || rightOfLogical, innerGate);
    });
  };
  if (fn.body) visit(fn.body, false, null);
  return ok && calls.length > 0 ? { calls, gates } : null;
}

const CONDITIONAL = new Set<string>([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.SwitchStatement,
  AST_NODE_TYPES.TryStatement,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
]);

function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === AST_NODE_TYPES.FunctionDeclaration || n.type === AST_NODE_TYPES.FunctionExpression || n.type === AST_NODE_TYPES.ArrowFunctionExpression) return n;
  }
  return null;
}

const PRIMITIVE =
  ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.EnumLike | ts.TypeFlags.ESSymbolLike;

/** TypeORM's `where` syntax as constraints. */
class WhereReader {
  constructor(private readonly ctx: AdapterContext) {}

  /** A `FindOptionsWhere`: an object (AND of its keys) or an array of them (OR). */
  where(node: TSESTree.Node, prefix: readonly string[], depth = 0): Constraint {
    if (depth > 8) return { kind: 'unknown', node };
    return anyOf(
      this.ctx.resolver.alternatives(node).map((alt): Constraint => {
        if (alt.type === AST_NODE_TYPES.ArrayExpression) {
          const of = alt.elements.map((el): Constraint =>
            !el || el.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown', node: el ?? alt } : this.where(el, prefix, depth + 1),
          );
          return { kind: 'any', of, node: alt, explicit: true };
        }
        if (alt.type !== AST_NODE_TYPES.ObjectExpression) {
          // `repo.delete(id)`: by primary key (an id an earlier read may prove); a parameter's or a helper's where
          // object cannot be read, but its type may require the owner.
          return this.isScalar(alt) ? { kind: 'equals', path: [...prefix, 'id'], value: alt, node: alt } : opaqueFilter(alt, this.ctx, { prefix });
        }
        // A spread that cannot be seen into (`{ ...scoped(where, user), status }`) may still require the owner by
        // its type, unless a key written after it replaces the owner.
        const entries = filterEntries(alt, this.ctx);
        return {
          kind: 'all',
          of: entries.map((e, i): Constraint => {
            if (e.key !== null) {
              const own = this.value(e.value, [...prefix, e.key], e.node, depth);
              // `{ patientId: uid, ...dto }`: a later spread that may carry the key overrides it.
              const later = entries.slice(i + 1).filter((l) => l.key === null && l.node.type === AST_NODE_TYPES.SpreadElement && spreadMayCarry(l.value, e.key!, this.ctx));
              return later.length ? { kind: 'any', of: [own, ...later.map((l): Constraint => ({ kind: 'unknown', node: l.node }))], node: e.node } : own;
            }
            if (e.node.type !== AST_NODE_TYPES.SpreadElement) return { kind: 'unknown', node: e.node };
            return overriddenBy(opaqueFilter(e.value, this.ctx, { prefix, at: e.node }), e.overridden, prefix);
          }),
          node: alt,
        };
      }),
      node,
    );
  }

  /** `field: value`, `field: In([...])`/`Equal(v)`, or a relation's nested where. */
  private value(value: TSESTree.Node, path: readonly string[], node: TSESTree.Node, depth: number): Constraint {
    if (value.type === AST_NODE_TYPES.Literal && value.value === null) return { kind: 'none', node };
    const alts = this.ctx.resolver.alternatives(value);
    if (alts.length === 1 && alts[0].type === AST_NODE_TYPES.ObjectExpression) return this.where(alts[0], path, depth + 1);
    if (alts.length === 1 && alts[0].type === AST_NODE_TYPES.CallExpression && callFromPackage(alts[0], this.ctx, PACKAGES)) {
      const call = alts[0];
      const name = call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : null;
      const [operand] = call.arguments;
      if ((name === 'In' || name === 'Equal') && operand) return { kind: 'equals', path, value: operand, node };
      return { kind: 'none', node };
    }
    if (!this.isScalar(value)) return opaqueFilter(value, this.ctx, { prefix: path, at: node });
    return { kind: 'equals', path, value, node };
  }

  /**
   * A value typed as a column value (string, number, Date, array of them), not a nested where object.
   * An intersection is an object unless a member is a primitive (`string & { __brand: 'Id' }`): a
   * helper's `W & { patientId: string }` is a where object.
   */
  private isScalar(value: TSESTree.Node): boolean {
    const checker = this.ctx.checker;
    const type = checker.getNonNullableType(checker.getTypeAtLocation(this.ctx.tsNode(value)));
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    const parts = type.isUnion() ? type.types : [type];
    const object = (t: ts.Type) => (t.isIntersection() ? !t.types.some((m) => m.flags & PRIMITIVE) : (t.flags & ts.TypeFlags.Object) !== 0);
    return parts.every((t) => !object(t) || checker.isArrayType(t) || t.getSymbol()?.getName() === 'Date');
  }

  /**
   * A QueryBuilder chain: `where` restarts the condition, `andWhere` adds to it, `orWhere` widens it.
   * TypeORM joins the clauses as text (`A AND B OR C`, no brackets, unless the DataSource sets
   * `isolateWhereStatements`), so SQL precedence applies across them: an `OR` at the top level of one
   * condition string splits the whole WHERE, and an `andWhere` after it narrows only its last branch.
   * The result is an OR of AND-ed terms, as the database reads it.
   */
  builder(
    chain: readonly TSESTree.CallExpression[],
    alias: string | null,
    gates: Gates = new Map(),
    outerJoins: ReadonlyMap<string, readonly string[]> = new Map(),
  ): Constraint | null {
    const joins = new Map<string, readonly string[]>(outerJoins);
    let current: Constraint[][] | null = null;
    for (const call of chain) {
      const name = methodName(call) ?? '';
      const [first, second] = call.arguments;
      if (name === 'from' && second?.type === AST_NODE_TYPES.Literal && typeof second.value === 'string') {
        alias = second.value;
        continue;
      }
      if (JOINS.has(name)) {
        const relation = first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value.split('.') : null;
        const joinAlias = second?.type === AST_NODE_TYPES.Literal && typeof second.value === 'string' ? second.value : null;
        if (relation?.length === 2 && relation[0] === alias && joinAlias) joins.set(joinAlias, [relation[1]]);
        continue;
      }
      const byId = BY_ID.get(name);
      const combinator = byId ?? (name === 'where' || name === 'andWhere' || name === 'orWhere' ? name : null);
      if (!combinator) continue;
      let clause: Constraint[][] =
        first && !byId ? this.conditionTerms(first, second, alias, joins) : [[{ kind: 'none', node: first ?? call }]];
      const gate = gates.get(call);
      if (gate) {
        // Added only under an `if`: on the other path (the test the other way) the query runs without it.
        clause = [[{ kind: 'any', of: [conjunction(clause.map((terms) => conjunction(terms, call)), call), { kind: 'skippedWhen', test: gate.test, holds: !gate.holds, node: call }], node: call }]];
      }
      if (combinator === 'where' || current === null) current = clause;
      else if (combinator === 'andWhere') current = [...current.slice(0, -1), [...current[current.length - 1], ...clause[0]], ...clause.slice(1)];
      else current = [...current, ...clause];
    }
    if (current === null) return null;
    if (current.length === 1) return conjunction(current[0], current[0][0].node);
    // Each branch is pointed at where it is split off: the end of the first, the start of the others.
    const branches = current.map((terms, i) => conjunction(terms, (i === 0 ? terms[terms.length - 1] : terms[0]).node));
    return { kind: 'any', of: branches, node: branches[0].node, explicit: true };
  }

  /** One condition, as the terms its top-level `OR`s (outside brackets) split it into. */
  private conditionTerms(
    node: TSESTree.Node,
    parameters: TSESTree.CallExpressionArgument | undefined,
    alias: string | null,
    joins: ReadonlyMap<string, readonly string[]>,
  ): Constraint[][] {
    return this.condition(node, parameters, alias, joins).map((c) => [c]);
  }

  /** `new Brackets(…)` / `new NotBrackets(…)` of TypeORM, by the type it makes. */
  private bracketsClass(node: TSESTree.NewExpression): 'Brackets' | 'NotBrackets' | null {
    const type = this.ctx.checker.getTypeAtLocation(this.ctx.tsNode(node));
    const name = type.getSymbol()?.getName();
    if ((name !== 'Brackets' && name !== 'NotBrackets') || !typeFromPackage(this.ctx.checker, type, PACKAGES)) return null;
    return name;
  }

  /**
   * A `Brackets` group: one parenthesised clause, whose callback's `qb.where/andWhere/orWhere` calls are
   * read like the builder's own (an OR inside it stays inside). A callback that is not an inline function
   * made only of calls on its builder (a helper, an `if` around a call) cannot be read.
   */
  private brackets(node: TSESTree.NewExpression, alias: string | null, joins: ReadonlyMap<string, readonly string[]>): Constraint {
    const [callback] = node.arguments;
    const chain = callback ? bracketsChain(callback) : null;
    if (!chain) return { kind: 'unknown', node };
    const inner = this.builder(chain, alias, new Map(), joins);
    // Pointed at as a whole where it is an OR branch of the query.
    return { kind: 'all', of: [inner ?? { kind: 'none', node }], node };
  }

  private condition(
    node: TSESTree.Node,
    parameters: TSESTree.CallExpressionArgument | undefined,
    alias: string | null,
    joins: ReadonlyMap<string, readonly string[]>,
  ): Constraint[] {
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1) return [{ kind: 'unknown', node }];
    const value = alts[0];
    const text =
      value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string'
        ? value.value
        : value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 0
          ? value.quasis[0].value.cooked
          : null;
    if (text === null) {
      if (value.type === AST_NODE_TYPES.NewExpression) {
        const group = this.bracketsClass(value);
        // `NotBrackets` negates its group: it restricts rows to no one.
        if (group === 'NotBrackets') return [{ kind: 'none', node: value }];
        if (group === 'Brackets') return [this.brackets(value, alias, joins)];
      }
      return [
        value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.ArrayExpression
          ? this.where(value, [])
          : { kind: 'unknown', node },
      ];
    }
    const where = parseCondition(text);
    if (!where) return [{ kind: 'unknown', node }];
    const params = parameters && parameters.type !== AST_NODE_TYPES.SpreadElement ? objectLiteral(parameters, this.ctx) : null;
    const paramEntries = params ? (objectEntries(params, this.ctx) ?? []) : [];
    return topLevelOrTerms(where).map((term) => sqlConstraint(term, {
      node,
      columnPath: (table, column, qualifier) => {
        // `c.patient.id`: a relation property of an alias (TypeORM resolves property paths).
        if (qualifier !== undefined) {
          const base = qualifier === alias ? [] : joins.get(qualifier);
          return base && table !== null ? [...base, table, column] : null;
        }
        if (table === null || table === alias) return [column];
        const relation = joins.get(table);
        return relation ? [...relation, column] : null;
      },
      value: (placeholder) =>
        placeholder.kind === 'named' ? (paramEntries.filter((e) => e.key === placeholder.name).pop()?.value ?? null) : null,
    }));
  }
}

/** `a OR b OR (c OR d)` → `a`, `b`, `(c OR d)`: the operands of the `OR`s outside brackets. */
function topLevelOrTerms(ast: SqlAst): SqlAst[] {
  if (ast.type === 'binary_expr' && String(ast.operator).toUpperCase() === 'OR' && !ast.parentheses) {
    return [...topLevelOrTerms(ast.left as SqlAst), ...topLevelOrTerms(ast.right as SqlAst)];
  }
  return [ast];
}

/**
 * The calls a `Brackets` callback makes on its builder (`qb => qb.where(a).orWhere(b)`, or statements
 * `qb.where(a); qb.andWhere(b);`), in order; null when it does anything else.
 */
function bracketsChain(callback: TSESTree.CallExpressionArgument): TSESTree.CallExpression[] | null {
  if (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression) return null;
  const [param] = callback.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  const onBuilder = (expression: TSESTree.Node): TSESTree.CallExpression[] | null => {
    if (expression.type !== AST_NODE_TYPES.CallExpression) return null;
    const chain = chainCalls(expression);
    const root = receiverOf(chain[0]);
    return root?.type === AST_NODE_TYPES.Identifier && root.name === param.name ? chain : null;
  };
  if (callback.body.type !== AST_NODE_TYPES.BlockStatement) return onBuilder(callback.body);
  const calls: TSESTree.CallExpression[] = [];
  for (const statement of callback.body.body) {
    const expression =
      statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : statement.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : null;
    const chain = expression && onBuilder(expression);
    if (!chain) return null;
    calls.push(...chain);
  }
  return calls;
}

function conjunction(terms: readonly Constraint[], node: TSESTree.Node): Constraint {
  return terms.length === 1 ? terms[0] : { kind: 'all', of: [...terms], node };
}
