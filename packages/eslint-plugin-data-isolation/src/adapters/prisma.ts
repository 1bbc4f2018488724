import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { declaredTypeOfExpression, declaredTypeOfReference, isAny, nonNullable, shorthandDeclaredType } from '../analysis/types';
import type { ModelInfo } from '../schema/types';
import { anyOf, argumentsOf, gatedBranches, isUndefinedValue, carriedAssignments, MAX_ENTRIES, opaqueFilter, overriddenBy, propertyName, spreadMayCarry, withOverrides, writesOf, writtenEntries } from './shared';
import type { Access, AdapterContext, Assignment, Constraint, DataLayerAdapter, FilterInsertion, QuerySite } from './types';

const OPERATIONS: ReadonlyMap<string, Access> = new Map([
  ['findUnique', 'read'],
  ['findUniqueOrThrow', 'read'],
  ['findFirst', 'read'],
  ['findFirstOrThrow', 'read'],
  ['findMany', 'read'],
  ['count', 'read'],
  ['aggregate', 'read'],
  ['groupBy', 'read'],
  ['update', 'write'],
  ['updateMany', 'write'],
  ['updateManyAndReturn', 'write'],
  ['delete', 'write'],
  ['deleteMany', 'write'],
  ['upsert', 'write'],
  ['create', 'create'],
  ['createMany', 'create'],
  ['createManyAndReturn', 'create'],
]);

/** Where each operation carries the values it writes. */
const ASSIGNMENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  create: ['data'],
  createMany: ['data'],
  createManyAndReturn: ['data'],
  update: ['data'],
  updateMany: ['data'],
  updateManyAndReturn: ['data'],
  upsert: ['create', 'update'],
};

const modelNameCache = new WeakMap<ts.Type, string | null>();

/**
 * The model a Prisma delegate type serves, read from the marker every generated delegate carries:
 * `[K: symbol]: { types: …, meta: { name: 'Recording' } }` (both generators), or for clients made by
 * `$extends`, `[K: symbol]: { types: TypeMap['model']['Recording'] }` whose payload names the model.
 */
export function prismaModelOfType(checker: ts.TypeChecker, type: ts.Type): string | null {
  const cached = modelNameCache.get(type);
  if (cached !== undefined) return cached;
  let name: string | null = null;
  const target = checker.getNonNullableType(type);
  const parts = target.isUnion() ? target.types : [target];
  for (const part of parts) {
    const own = markerName(checker, part);
    if (!own || (name && own !== name)) {
      name = null;
      break;
    }
    name = own;
  }
  modelNameCache.set(type, name);
  return name;
}

/** A declared type each member of which is a class or interface instance without a delegate's marker (`Map`, `Headers`). */
function isNeverDelegate(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (isAny(type)) return false;
  const target = checker.getNonNullableType(type);
  const parts = target.isUnion() ? target.types : [target];
  return parts.every((part) => {
    const symbol = part.getSymbol();
    return !!symbol && (part.flags & ts.TypeFlags.Object) !== 0 && (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0 && markerName(checker, part) === null;
  });
}

function markerName(checker: ts.TypeChecker, type: ts.Type): string | null {
  for (const info of checker.getIndexInfosOfType(type)) {
    if (!(info.keyType.flags & ts.TypeFlags.ESSymbol)) continue;
    const name =
      literalAt(checker, info.type, ['meta', 'name']) ?? literalAt(checker, info.type, ['types', 'payload', 'name']);
    if (name) return name;
  }
  return null;
}

function literalAt(checker: ts.TypeChecker, type: ts.Type, path: string[]): string | null {
  let current: ts.Type = type;
  for (const segment of path) {
    const prop = checker.getPropertyOfType(current, segment);
    if (!prop) return null;
    current = checker.getTypeOfSymbol(prop);
  }
  return current.isStringLiteral() ? current.value : null;
}


/**
 * For `tx.recording` inside `$transaction(async (tx) => …)`: the delegate's type read from the declared
 * signature of `$transaction`, whose callback parameter does not depend on its type argument. Asking for
 * the type at `tx.recording` instead makes TypeScript infer the whole `$transaction` call, which checks
 * every statement of the callback: most of what finding queries cost in code that uses transactions.
 */
function transactionDelegateType(receiver: TSESTree.Node, ctx: AdapterContext): ts.Type | undefined {
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const delegate = propertyName(receiver);
  const fn = callbackDeclaring(receiver.object, ctx);
  const call = fn?.parent;
  if (!delegate || !fn || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(call.callee) !== '$transaction') return undefined;
  const checker = ctx.checker;
  const transaction = declaredMemberType(call.callee, ctx) ?? checker.getTypeAtLocation(ctx.tsNode(call.callee));
  for (const signature of transaction.getCallSignatures()) {
    const first = signature.parameters[0];
    const callbacks = first ? checker.getTypeOfSymbol(first).getCallSignatures() : [];
    const client = callbacks[0]?.parameters[0];
    const property = client && checker.getPropertyOfType(checker.getTypeOfSymbol(client), delegate);
    if (property) return checker.getTypeOfSymbol(property);
  }
  return undefined;
}

/**
 * `x.member`'s type from the declared type of `x` (a variable, import, annotated parameter or class
 * property; see declaredTypeOfReference), not from checking the expression at this location.
 */
function declaredMemberType(node: TSESTree.Node, ctx: AdapterContext): ts.Type | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = propertyName(node);
  const declared = member ? declaredTypeOfReference(ctx, node.object) : undefined;
  const property = declared && ctx.checker.getPropertyOfType(nonNullable(ctx.checker, declared), member!);
  return property ? ctx.checker.getTypeOfSymbol(property) : undefined;
}

/** The arrow or function expression whose first, unannotated parameter `id` refers to. */
function callbackDeclaring(id: TSESTree.Identifier, ctx: AdapterContext): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  const variable = ctx.resolver.variableOf(id);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier || def.name.typeAnnotation) return undefined;
  const fn = def.node;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  return fn.params[0] === def.name ? fn : undefined;
}

/** Expansion steps per query before the rest of its filter is read as unknown (see FilterReader). */
const MAX_STEPS = 5_000;

interface Entry {
  key: string | null;
  value: TSESTree.Node;
  node: TSESTree.Node;
  /** For a spread that cannot be seen into: the keys written after it, which replace what it carried. */
  overridden?: ReadonlySet<string>;
}

export class PrismaAdapter implements DataLayerAdapter {
  readonly name = 'prisma';

  undefinedFilterValue(): string {
    return 'Prisma ignores a filter whose value is `undefined`';
  }

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const operation = propertyName(callee);
    const access = operation ? OPERATIONS.get(operation) : undefined;
    if (!operation || !access) return null;

    // Typed from declarations when they name the model: checking `this.db.invoice` at each query runs
    // control-flow analysis, and for `tx.invoice` infers the whole `$transaction` call.
    const declared = transactionDelegateType(callee.object, ctx) ?? declaredMemberType(callee.object, ctx) ?? declaredTypeOfExpression(ctx, callee.object);
    const declaredModel = declared && prismaModelOfType(ctx.checker, declared);
    // `cache.delete(key)`, `this.headers.delete(name)`: declared as a class or interface that is no delegate,
    // which narrowing (it only picks or intersects) does not turn into one; spares the type at the location.
    if (!declaredModel && declared && isNeverDelegate(ctx.checker, declared)) return null;
    const receiverType = declaredModel ? declared! : ctx.checker.getTypeAtLocation(ctx.tsNode(callee.object));
    let modelName = declaredModel || prismaModelOfType(ctx.checker, receiverType);
    let typed = true;
    if (!modelName && isAny(receiverType)) {
      modelName = this.modelByDelegateName(callee.object, ctx);
      typed = false;
    }
    if (!modelName) return null;
    const site: QuerySite = { call, operationNode: callee.property, modelName, model: ctx.config.models.get(modelName), operation, access, typed };
    if (typed && ctx.config.schemaFiles.length === 0) {
      const type = ctx.checker.getNonNullableType(receiverType);
      const declaration = (type.getSymbol() ?? type.aliasSymbol)?.declarations?.[0];
      if (declaration) site.clientFile = declaration.getSourceFile().fileName;
    }
    return site;
  }

  /** `<anything>.<delegate>.<operation>()` on an `any` receiver: the operation's name node. */
  looksLikeQuery(call: TSESTree.CallExpression, ctx: AdapterContext): TSESTree.Node | null {
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.MemberExpression) return null;
    const operation = propertyName(callee);
    if (!operation || !OPERATIONS.has(operation) || !propertyName(callee.object)) return null;
    return isAny(ctx.checker.getTypeAtLocation(ctx.tsNode(callee.object))) ? callee.property : null;
  }

  /** `<anything>.<delegate>.<operation>()` where `<delegate>` is a model's client property. */
  private modelByDelegateName(receiver: TSESTree.Node, ctx: AdapterContext): string | null {
    if (receiver.type !== AST_NODE_TYPES.MemberExpression) return null;
    const delegate = propertyName(receiver);
    if (!delegate) return null;
    for (const model of ctx.config.models.values()) if (model.delegateName === delegate) return model.name;
    for (const name of ctx.config.policies.keys()) if (name[0].toLowerCase() + name.slice(1) === delegate) return name;
    return null;
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const [args] = argumentsOf(site.call);
    if (!args) return null;
    const reader = new FilterReader(ctx);
    return reader.fromArgs(args, site.model);
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Assignment[] {
    const keys = ASSIGNMENT_KEYS[site.operation];
    const [args] = argumentsOf(site.call);
    if (!keys || !args) return [];
    const out: Assignment[] = [];
    // Only scalar fields are written by value; a relation is written by `connect` (below).
    const scalar = (a: Assignment) => site.model?.fields.get(a.path[0])?.kind !== 'object';
    const carried = (node: TSESTree.Node, at: TSESTree.Node) => carriedAssignments(node, ctx, at).filter(scalar);
    const written = (node: TSESTree.Node): Assignment[] =>
      writesOf(
        node,
        ctx,
        (alt) =>
          alt.type === AST_NODE_TYPES.ObjectExpression
            ? this.assignments(alt, site.model, ctx, carried)
            : alt.type === AST_NODE_TYPES.ArrayExpression
              ? alt.elements.flatMap((el) => (el && el.type !== AST_NODE_TYPES.SpreadElement ? written(el) : []))
              : null,
        carried,
      );
    for (const argsAlt of ctx.resolver.alternatives(args)) {
      if (argsAlt.type !== AST_NODE_TYPES.ObjectExpression) continue;
      for (const prop of argsAlt.properties) {
        if (prop.type !== AST_NODE_TYPES.Property || !keys.includes(propertyName(prop) ?? '')) continue;
        out.push(...written(prop.value));
      }
    }
    return out;
  }

  /** `patientId: v`, spreads (by their type), and `patient: { connect: { id: v } }` for a relation. */
  private assignments(
    data: TSESTree.ObjectExpression,
    model: ModelInfo | undefined,
    ctx: AdapterContext,
    carried: (node: TSESTree.Node, at: TSESTree.Node) => Assignment[],
  ): Assignment[] {
    const out: Assignment[] = [];
    for (const entry of writtenEntries(data, ctx, 0, carried)) {
      const key = entry.path[0];
      const field = model?.fields.get(key);
      if (entry.carried || !field || field.kind !== 'object') {
        out.push(entry);
        continue;
      }
      const value = entry.value;
      if (value.type !== AST_NODE_TYPES.ObjectExpression) continue;
      const connect = value.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'connect');
      if (connect?.value.type !== AST_NODE_TYPES.ObjectExpression) continue;
      for (const inner of connect.value.properties) {
        const innerKey = inner.type === AST_NODE_TYPES.Property ? propertyName(inner) : null;
        if (innerKey && inner.type === AST_NODE_TYPES.Property) {
          out.push({ kind: 'equals', path: [key, innerKey], value: inner.value, node: inner });
        }
      }
    }
    return out;
  }

  filterInsertion(site: QuerySite): FilterInsertion | null {
    const [args] = argumentsOf(site.call);
    if (!args) return site.call.type === AST_NODE_TYPES.CallExpression ? { kind: 'noArgs', call: site.call } : null;
    if (args.type !== AST_NODE_TYPES.ObjectExpression) return null;
    const where = args.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'where',
    );
    if (!where) {
      return args.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement) ? null : { kind: 'intoArgs', args };
    }
    return where.value.type === AST_NODE_TYPES.ObjectExpression ? { kind: 'intoObject', object: where.value } : null;
  }
}

/** Reads Prisma's `where` syntax into constraints, following consts, spreads and helpers. */
class FilterReader {
  /**
   * The filter expressions being read, outermost first. A filter that contains itself — through a
   * helper (`function g() { return { OR: [g(), …] } }`) or a const (`const w = { AND: [w] }`) — meets
   * one of them again: it is read as unknown instead of recursing until the stack overflows.
   */
  private readonly reading: Set<TSESTree.Node> = new Set();
  /**
   * Expansion steps left for this query. Filters built by fan-out (`{ ...f(), ...f() }` in `f`, or
   * `const d1 = { AND: [d0, d0], OR: [d0, d0] }` repeated) expand exponentially: past the budget the
   * rest is read as unknown. Real filters take tens of steps.
   */
  private budget = MAX_STEPS;

  /** `outer`: the reader of the filter a helper's is part of, whose budget and recursion guard it shares. */
  constructor(
    private readonly ctx: AdapterContext,
    private readonly outer?: FilterReader,
  ) {
    if (outer) this.reading = outer.reading;
  }

  private spend(): boolean {
    return this.outer ? this.outer.spend() : --this.budget >= 0;
  }

  fromArgs(args: TSESTree.Node, model: ModelInfo | undefined): Constraint | null {
    const branches = this.ctx.resolver.alternatives(args).map((alt): Constraint | null => {
      if (alt.type !== AST_NODE_TYPES.ObjectExpression) return this.opaque(alt, ['where']);
      const entries = this.entries(alt);
      if (entries === null) return this.opaque(alt, ['where']);
      const where = entries.filter((e) => e.key === 'where').pop();
      if (where) return this.where(where.value, model, []);
      // `{ ...options }`: a spread the reader cannot see into may carry the `where`.
      return entries.some((e) => e.key === null) ? this.opaque(alt, ['where']) : null;
    });
    if (branches.every((b) => b === null)) return null;
    return anyOf(branches.map((b) => b ?? { kind: 'none', node: args }), args);
  }

  /** A `where` object of `model`, whose fields sit at `prefix` from the queried model. */
  where(node: TSESTree.Node, model: ModelInfo | undefined, prefix: readonly string[]): Constraint {
    if (this.reading.has(node) || !this.spend()) return { kind: 'unknown', node };
    this.reading.add(node);
    try {
      const gated = gatedBranches(node, (branch) => this.where(branch, model, prefix));
      if (gated) return gated;
      return anyOf(
        this.ctx.resolver.alternatives(node).map((alt) => this.whereObject(alt, model, prefix)),
        node,
      );
    } finally {
      this.reading.delete(node);
    }
  }

  private whereObject(node: TSESTree.Node, model: ModelInfo | undefined, prefix: readonly string[]): Constraint {
    // Prisma drops a filter whose value is `undefined`: `where: undefined` selects every row.
    if (isUndefinedValue(node)) return { kind: 'none', node };
    if (node.type === AST_NODE_TYPES.CallExpression) {
      // `where: canReadTypebots(id, user)`: what the helper returns, its parameters bound to the arguments.
      const helper = this.ctx.helperFilter?.(node);
      if (helper) {
        const reader = new FilterReader(helper.ctx, this);
        return anyOf(helper.returned.map((r) => reader.where(r, model, prefix)), node);
      }
    }
    if (node.type !== AST_NODE_TYPES.ObjectExpression) return this.opaque(node, [], prefix);
    const entries = this.entries(node);
    if (entries === null) return this.opaque(node, [], prefix);
    return {
      kind: 'all',
      of: entries.map((e, i): Constraint => {
        const own = this.entry(e, model, prefix);
        if (e.key === null) return own;
        // `{ patientId: uid, ...input.where }`: a later spread that may carry the key overrides it.
        const later = entries.slice(i + 1).filter((l) => l.key === null && spreadMayCarry(l.value, e.key!, this.ctx));
        return later.length ? { kind: 'any', of: [own, ...later.map((l) => this.opaque(l.value, [], prefix))], node: e.node } : own;
      }),
      node,
    };
  }

  /** The object's own properties and those of resolvable spreads; null when a spread is opaque. */
  private entries(object: TSESTree.ObjectExpression, depth = 0, out: Entry[] = []): Entry[] | null {
    for (const prop of object.properties) {
      if (prop.type === AST_NODE_TYPES.Property) {
        out.push({ key: propertyName(prop), value: prop.value, node: prop });
        continue;
      }
      // Bounded in depth and in size, as `filterEntries` is.
      const spread = out.length < MAX_ENTRIES && this.spend() ? this.ctx.resolver.alternatives(prop.argument) : [];
      if (spread.length !== 1 || spread[0].type !== AST_NODE_TYPES.ObjectExpression || depth > 8) {
        out.push({ key: null, value: prop.argument, node: prop });
        continue;
      }
      if (this.entries(spread[0], depth + 1, out) === null) return null;
    }
    return depth === 0 ? withOverrides(out) : out;
  }

  private entry(e: Entry, model: ModelInfo | undefined, prefix: readonly string[]): Constraint {
    if (e.key === null) return overriddenBy(this.where(e.value, model, prefix), e.overridden, prefix);
    switch (e.key) {
      case 'AND':
        return this.list(e.value, model, prefix, 'all');
      case 'OR':
        return this.list(e.value, model, prefix, 'any');
      case 'NOT':
        return { kind: 'none', node: e.node };
    }
    const field = model?.fields.get(e.key);
    const path = [...prefix, e.key];
    if (!field) {
      const unique = model?.compoundUniques.get(e.key);
      if (unique) return this.compoundUnique(e.value, unique, prefix);
      // Without a schema for the model, a plain value on a key still names a column.
      return model ? { kind: 'none', node: e.node } : this.scalar(e.value, path, e.node);
    }
    if (field.kind !== 'object') return this.scalar(e.value, path, e.node);
    const target = this.ctx.config.models.get(field.type);
    return this.relation(e.value, target, path, field.isList, e.node);
  }

  private list(node: TSESTree.Node, model: ModelInfo | undefined, prefix: readonly string[], kind: 'all' | 'any'): Constraint {
    // `OR: isAdmin ? undefined : [...]`: Prisma drops an `undefined` combinator, which restricts nothing.
    const gated = gatedBranches(node, (branch) => (isUndefinedValue(branch) ? { kind: 'none', node: branch } : this.list(branch, model, prefix, kind)));
    if (gated) return gated;
    // `AND: conditions`, a list the code only adds to: what it is declared with always holds.
    const declared = kind === 'all' ? this.ctx.resolver.declaredElements(node) : undefined;
    if (declared) return { kind, of: declared.map((el) => this.listElement(el, model, prefix)), node };
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1) return { kind: 'unknown', node };
    const value = alts[0];
    if (value.type === AST_NODE_TYPES.ObjectExpression) return this.where(value, model, prefix);
    if (value.type !== AST_NODE_TYPES.ArrayExpression) return { kind: 'unknown', node };
    const of = value.elements.map((el): Constraint => (el ? this.listElement(el, model, prefix) : { kind: 'none', node: value }));
    return kind === 'any' ? { kind, of, node: value, explicit: true } : { kind, of, node: value };
  }

  private listElement(el: TSESTree.Node, model: ModelInfo | undefined, prefix: readonly string[]): Constraint {
    return el.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown', node: el } : this.where(el, model, prefix);
  }

  private compoundUnique(node: TSESTree.Node, fields: readonly string[], prefix: readonly string[]): Constraint {
    const alts = this.ctx.resolver.alternatives(node);
    if (alts.length !== 1 || alts[0].type !== AST_NODE_TYPES.ObjectExpression) return { kind: 'unknown', node };
    const entries = this.entries(alts[0]) ?? [];
    const of = entries
      .filter((e) => e.key !== null && fields.includes(e.key))
      .map((e): Constraint => ({ kind: 'equals', path: [...prefix, e.key!], value: e.value, node: e.node }));
    return { kind: 'all', of, node };
  }

  /** `field: value`, `field: { equals: value }`, `field: { in: values }` constrain; other operators do not. */
  private scalar(value: TSESTree.Node, path: readonly string[], node: TSESTree.Node): Constraint {
    if (value.type === AST_NODE_TYPES.Literal && value.value === null) return { kind: 'none', node };
    const alts = this.ctx.resolver.alternatives(value);
    const same = alts.length > 1 ? this.oneValue(alts) : null;
    if (same) return { kind: 'equals', path, value: same, node };
    const object = alts.length === 1 && alts[0].type === AST_NODE_TYPES.ObjectExpression ? alts[0] : null;
    if (!object) return { kind: 'equals', path, value, node, isFilter: () => this.isFilterObject(value) };
    const entries = this.entries(object) ?? [];
    const operand = entries.filter((e) => e.key === 'equals' || e.key === 'in').pop();
    return operand ? { kind: 'equals', path, value: operand.value, node } : { kind: 'none', node };
  }

  /**
   * `typeof ids === 'string' ? ids : { in: ids }`: one value, written bare in one branch and as the
   * operand of `equals`/`in` in the other. Null when the branches hold different values.
   */
  private oneValue(alts: readonly TSESTree.Node[]): TSESTree.Node | null {
    let value: TSESTree.Node | null = null;
    for (const alt of alts) {
      let operand: TSESTree.Node | undefined = alt;
      if (alt.type === AST_NODE_TYPES.ObjectExpression) {
        const entries = this.entries(alt) ?? [];
        operand = entries.length === 1 && (entries[0].key === 'equals' || entries[0].key === 'in') ? entries[0].value : undefined;
      }
      const resolved = operand && this.ctx.resolver.alternatives(operand);
      if (!resolved || resolved.length !== 1 || resolved[0].type === AST_NODE_TYPES.ObjectExpression) return null;
      if (value && value !== resolved[0]) return null;
      value = resolved[0];
    }
    return value;
  }

  /** A value typed as an object (a `StringFilter` variable) rather than a column value. */
  private isFilterObject(value: TSESTree.Node): boolean {
    const node = this.ctx.tsNode(value);
    const declared = shorthandDeclaredType(this.ctx.checker, node) ?? declaredTypeOfExpression(this.ctx, value);
    // Narrowing only removes members: a declared type without an object member decides it cheaply.
    if (declared && !this.hasObjectMember(declared)) return false;
    return this.hasObjectMember(this.ctx.checker.getTypeAtLocation(node));
  }

  private hasObjectMember(type: ts.Type): boolean {
    const checker = this.ctx.checker;
    const target = checker.getNonNullableType(type);
    if (isAny(target)) return false;
    const parts = target.isUnion() ? target.types : [target];
    return parts.some(
      (t) => (t.flags & ts.TypeFlags.Object) !== 0 && !this.isDate(t) && !checker.isArrayType(t) && !checker.isTupleType(t),
    );
  }

  private isDate(type: ts.Type): boolean {
    return type.getSymbol()?.getName() === 'Date';
  }

  private relation(
    value: TSESTree.Node,
    target: ModelInfo | undefined,
    path: readonly string[],
    isList: boolean,
    node: TSESTree.Node,
  ): Constraint {
    const alts = this.ctx.resolver.alternatives(value);
    if (alts.length !== 1) return anyOf(alts.map((a) => this.relation(a, target, path, isList, node)), node);
    const object = alts[0];
    if (object.type !== AST_NODE_TYPES.ObjectExpression) return this.opaque(object, [], path);
    const entries = this.entries(object);
    if (entries === null) return this.opaque(object, [], path);
    const wrappers = isList ? ['some', 'every', 'none'] : ['is', 'isNot'];
    if (!entries.some((e) => e.key !== null && wrappers.includes(e.key))) {
      return isList ? { kind: 'none', node } : this.where(object, target, path);
    }
    const of = entries.map((e): Constraint => {
      // `some` needs a matching related row; `is` is the to-one form. `every`/`none`/`isNot` hold vacuously.
      if (e.key === 'some' || e.key === 'is') return this.where(e.value, target, path);
      return { kind: 'none', node: e.node };
    });
    return { kind: 'all', of, node };
  }

  /** An expression we cannot see into; its type may still prove a field (see opaqueFilter). */
  private opaque(node: TSESTree.Node, within: readonly string[], prefix: readonly string[] = []): Constraint {
    return opaqueFilter(node, this.ctx, { within, prefix });
  }
}

