import type { TSESTree } from '@typescript-eslint/utils';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { methodSymbol, typeRequiresPath, unaliased } from '../analysis/types';
import { resolvePolicy, type PathEntry, type PolicyDraft } from '../schema/policy';
import { closestName, didYouMean, problem } from '../schema/text';
import type { ConfigProblem, FieldPath, ScopePolicy } from '../schema/types';
import type { AdapterContext, Assignment, Constraint, EntityRef, PolicyLookup, QueryExpression, QuerySite } from './types';

/**
 * Helpers the non-Prisma adapters share: recognising a package's declarations by type, walking
 * method chains, reading object literals through the resolver, and the policy of an entity declared
 * next to it in JSDoc (`@owner`, `@tenant`, `@public`) or in settings.
 */

export type Equals = Extract<Constraint, { kind: 'equals' }>;

/** Whether `symbol` (after aliases) is declared in one of `packages` (a `node_modules/<pkg>/` file). */
export function symbolFromPackage(checker: ts.TypeChecker, symbol: ts.Symbol | undefined, packages: readonly string[]): boolean {
  if (!symbol) return false;
  return (unaliased(checker, symbol).declarations ?? []).some((d) => fileFromPackage(d.getSourceFile().fileName, packages));
}

export function fileFromPackage(fileName: string, packages: readonly string[]): boolean {
  const normalized = fileName.replace(/\\/g, '/');
  return packages.some((pkg) => normalized.includes(`/node_modules/${pkg}/`));
}

const versions = new Map<string, string | null>();

/** The version of the installed `pkg` that declares the method or function `call` invokes. */
export function declaringPackageVersion(call: TSESTree.CallExpression, ctx: AdapterContext, pkg: string): string | null {
  const name = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.property : call.callee;
  const symbol = ctx.checker.getSymbolAtLocation(ctx.tsNode(name));
  const roots = symbol ? ctx.checker.getRootSymbols(symbol) : [];
  const file = roots.flatMap((r) => r.declarations ?? [])[0]?.getSourceFile().fileName.replace(/\\/g, '/');
  const at = file?.lastIndexOf(`/node_modules/${pkg}/`) ?? -1;
  if (!file || at === -1) return null;
  const root = file.slice(0, at + `/node_modules/${pkg}`.length);
  let version = versions.get(root);
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      version = null;
    }
    versions.set(root, version);
  }
  return version;
}

/** Whether `type` (or every part of a union, or any part of an intersection) is declared in `packages`. */
export function typeFromPackage(checker: ts.TypeChecker, type: ts.Type, packages: readonly string[]): boolean {
  const target = checker.getNonNullableType(type);
  if (target.isUnion()) return target.types.length > 0 && target.types.every((t) => typeFromPackage(checker, t, packages));
  if (target.isIntersection()) return target.types.some((t) => typeFromPackage(checker, t, packages));
  return symbolFromPackage(checker, target.getSymbol() ?? target.aliasSymbol, packages);
}

/** Whether the method or function `call` invokes is declared in one of `packages` (survives `Omit<…>` and aliases). */
export function callFromPackage(call: TSESTree.CallExpression, ctx: AdapterContext, packages: readonly string[]): boolean {
  // The callee's symbol answers without resolving the call (overloads, inference over its arguments),
  // which is what makes this cheap enough to ask of every call; a method's, from the declared type of its
  // object where there is one (`cache.delete(key)` on `const cache = new Map()`; see methodSymbol).
  const callee = call.callee;
  const name = ctx.tsNode(callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee);
  const symbol = unaliased(ctx.checker, callee.type === AST_NODE_TYPES.MemberExpression ? methodSymbol(ctx, callee, name) : ctx.checker.getSymbolAtLocation(name));
  const roots = symbol ? ctx.checker.getRootSymbols(symbol) : [];
  // Only a function or method is its own signature; a variable or parameter (`eb(…)`) has a function type from elsewhere.
  if (roots.length > 0 && roots.every((root) => root.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method))) {
    return roots.some((root) => (root.declarations ?? []).some((d) => fileFromPackage(d.getSourceFile().fileName, packages)));
  }
  const signature = ctx.checker.getResolvedSignature(ctx.tsNode(call) as ts.CallExpression);
  const declaration = signature?.getDeclaration();
  return !!declaration && fileFromPackage(declaration.getSourceFile().fileName, packages);
}

/** The type arguments of `type` seen as an instance of the generic class `className` (or a subclass). */
export function typeArgumentsOf(checker: ts.TypeChecker, type: ts.Type, className: string, depth = 0): readonly ts.Type[] | undefined {
  const target = checker.getNonNullableType(type);
  // `this` in a subclass (`class LabResults extends Repository<LabResult>`), or a type parameter: its constraint.
  if (target.flags & ts.TypeFlags.TypeParameter && depth <= 6) {
    const constraint = checker.getBaseConstraintOfType(target);
    return constraint && constraint !== target ? typeArgumentsOf(checker, constraint, className, depth + 1) : undefined;
  }
  // A generic type alias (`type Model<T> = … | …`) keeps the arguments it was written with.
  if (target.aliasSymbol?.getName() === className && target.aliasTypeArguments) return target.aliasTypeArguments;
  if (target.isUnionOrIntersection()) {
    for (const part of target.types) {
      const found = typeArgumentsOf(checker, part, className, depth);
      if (found) return found;
    }
    return undefined;
  }
  if (target.getSymbol()?.getName() === className && (target as ts.TypeReference).target) {
    return checker.getTypeArguments(target as ts.TypeReference);
  }
  if (depth > 6) return undefined;
  const declared = (target as ts.TypeReference).target ?? target;
  if (!declared.isClassOrInterface()) return undefined;
  // The base types are written with the declaration's own type parameters (`class Transaction<DB> extends
  // Kysely<DB>`): what is found in terms of them stands for the arguments this reference was given.
  const parameters = (declared as ts.InterfaceType).typeParameters ?? [];
  const given = declared !== target ? checker.getTypeArguments(target as ts.TypeReference) : [];
  const instantiate = (t: ts.Type) => {
    const i = parameters.indexOf(t as ts.TypeParameter);
    return i >= 0 && given[i] ? given[i] : t;
  };
  for (const base of checker.getBaseTypes(declared as ts.InterfaceType)) {
    const found = typeArgumentsOf(checker, base, className, depth + 1);
    if (found) return found.map(instantiate);
  }
  return undefined;
}

export function propertyName(node: TSESTree.Property | TSESTree.MemberExpression): string | null {
  const key = node.type === AST_NODE_TYPES.Property ? node.key : node.property;
  if (!node.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return null;
}

/** `a.b.c(…)`'s method name, or null when the callee is not a named member. */
export function methodName(call: TSESTree.CallExpression): string | null {
  return call.callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(call.callee) : null;
}

/** The call `call` is chained into (`call.next(…)`), if any. */
export function chainedCall(call: TSESTree.Node): TSESTree.CallExpression | null {
  const member = call.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== call) return null;
  const next = member.parent;
  return next?.type === AST_NODE_TYPES.CallExpression && next.callee === member ? next : null;
}

/** The calls of a method chain, innermost first, ending with `outer`: `a.b().c().d()` → [b(), c(), d()]. */
export function chainCalls(outer: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const out: TSESTree.CallExpression[] = [];
  let node: TSESTree.Node = outer;
  while (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    out.unshift(node);
    node = node.callee.object;
  }
  return out;
}

/** A query's arguments; a tagged template (``prisma.$queryRaw`…` ``) has none. */
export function argumentsOf(query: QueryExpression): readonly TSESTree.CallExpressionArgument[] {
  return query.type === AST_NODE_TYPES.CallExpression ? query.arguments : [];
}

/** The receiver of a method call (`x` in `x.find()`). */
export function receiverOf(call: TSESTree.CallExpression): TSESTree.Expression | null {
  return call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : null;
}

export interface Entry {
  key: string | null;
  value: TSESTree.Node;
  node: TSESTree.Node;
}

/** An object literal's entries, with resolvable spreads inlined; null when a spread cannot be seen into. */
export function objectEntries(object: TSESTree.ObjectExpression, ctx: AdapterContext, depth = 0): Entry[] | null {
  const out: Entry[] = [];
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.Property) {
      out.push({ key: propertyName(prop), value: prop.value, node: prop });
      continue;
    }
    const spread = ctx.resolver.alternatives(prop.argument);
    if (spread.length !== 1 || spread[0].type !== AST_NODE_TYPES.ObjectExpression || depth > 8) return null;
    const inner = objectEntries(spread[0], ctx, depth + 1);
    if (inner === null) return null;
    out.push(...inner);
  }
  return out;
}

/**
 * Whether a spread the reader cannot see into (`{ patientId: uid, ...dto }`) may carry `key`, and so
 * override a value written before it: its type has that property (or is untyped, or indexed by strings).
 */
export function spreadMayCarry(spread: TSESTree.Node, key: string, ctx: AdapterContext): boolean {
  const checker = ctx.checker;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(ctx.tsNode(spread)));
  const parts = type.isUnion() ? type.types : [type];
  return parts.some(
    (t) =>
      (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 ||
      !!checker.getPropertyOfType(t, key) ||
      !!checker.getIndexInfoOfType(t, ts.IndexKind.String),
  );
}

/**
 * An object literal's entries for reading it as a filter: resolvable spreads inlined, a spread that
 * cannot be seen into kept as an entry without a key (`node` the spread), with the keys written after
 * it (`{ ...scoped(user), patientId: req.params.id }`: the later `patientId` wins).
 */
export function filterEntries(object: TSESTree.ObjectExpression, ctx: AdapterContext): (Entry & { overridden?: ReadonlySet<string> })[] {
  const out: (Entry & { overridden?: ReadonlySet<string> })[] = [];
  const inline = (o: TSESTree.ObjectExpression, depth: number) => {
    for (const prop of o.properties) {
      if (prop.type === AST_NODE_TYPES.Property) {
        out.push({ key: propertyName(prop), value: prop.value, node: prop });
        continue;
      }
      const spread = ctx.resolver.alternatives(prop.argument);
      // Bounded in depth and in size: a helper that spreads itself several times would double the
      // entries at every level (`{ ...f(), ...f(), ...f(), id }`).
      if (spread.length === 1 && spread[0].type === AST_NODE_TYPES.ObjectExpression && depth <= 8 && out.length < MAX_ENTRIES) inline(spread[0], depth + 1);
      else out.push({ key: null, value: prop.argument, node: prop });
    }
  };
  inline(object, 0);
  return withOverrides(out);
}

/** Marks each opaque spread (an entry without a key whose node is the spread) with the keys written after it. */
export function withOverrides<E extends Entry & { overridden?: ReadonlySet<string> }>(entries: E[]): E[] {
  // From the end, so that each entry sees the keys written after it without a pass of its own.
  const out = [...entries];
  const later = new Set<string>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.key !== null) later.add(e.key);
    else if (e.node.type === AST_NODE_TYPES.SpreadElement && later.size > 0) out[i] = { ...e, overridden: new Set(later) };
  }
  return out;
}

/** The most entries one filter object is read into, spreads inlined. */
export const MAX_ENTRIES = 256;

/**
 * `constraint`, read from a spread whose keys `keys` are written again after it (at `prefix` from the
 * queried entity): what it says about those keys no longer holds, neither an entry nor a type's proof.
 */
export function overriddenBy(constraint: Constraint, keys: ReadonlySet<string> | undefined, prefix: readonly string[] = []): Constraint {
  if (!keys || keys.size === 0) return constraint;
  const overridden = (path: readonly string[]) => path.length > prefix.length && prefix.every((s, i) => path[i] === s) && keys.has(path[prefix.length]);
  switch (constraint.kind) {
    case 'equals':
      return overridden(constraint.path) ? { kind: 'none', node: constraint.node } : constraint;
    case 'all':
    case 'any':
      return { ...constraint, of: constraint.of.map((c) => overriddenBy(c, keys, prefix)) };
    case 'unknown': {
      const requires = constraint.requires;
      return requires ? { ...constraint, requires: (p) => !overridden(p) && requires(p) } : constraint;
    }
    case 'none':
    case 'skippedWhen':
      return constraint;
  }
}

/** The single object literal `node` resolves to, or null. */
export function objectLiteral(node: TSESTree.Node, ctx: AdapterContext): TSESTree.ObjectExpression | null {
  const alts = ctx.resolver.alternatives(node);
  return alts.length === 1 && alts[0].type === AST_NODE_TYPES.ObjectExpression ? alts[0] : null;
}

/** The site of a typed `<receiver>.<operation>(…)` call on an entity a data layer declares itself. */
export function entitySite(
  call: QueryExpression,
  site: Pick<QuerySite, 'modelName' | 'operation' | 'access' | 'entity'> & Partial<Pick<QuerySite, 'model' | 'match'>>,
): QuerySite {
  const method = call.type === AST_NODE_TYPES.CallExpression ? call.callee : call.tag;
  return {
    call,
    operationNode: (method as TSESTree.MemberExpression).property,
    model: undefined,
    typed: true,
    ...site,
  };
}

/**
 * A filter the reader cannot see into (a parameter, a helper's result): its type may still require an
 * owner path. The type is the value's at its location, which for a call is the return type of the
 * signature the call resolves to, instantiated: `scoped({ status }, user)` with
 * `scoped<W>(w: W, user: User): W & { patientId: string }` requires `patientId`, where the declared
 * return type alone (a type parameter, an intersection with one) says nothing. An awaited value's type
 * is what the promise resolves to. `within` locates the filter inside the value (`['where']` for an
 * arguments object); `prefix` is where the filter sits from the queried entity (a relation's filter);
 * `at` is the node the constraint stands for (the entry, for an entry's value). The type is asked for
 * only when a path is.
 */
export function opaqueFilter(
  node: TSESTree.Node,
  ctx: AdapterContext,
  { within = [], prefix = [], at = node }: { within?: readonly string[]; prefix?: readonly string[]; at?: TSESTree.Node } = {},
): Constraint {
  let type: ts.Type | undefined;
  const typeOf = () => {
    if (!type) {
      const raw = ctx.checker.getTypeAtLocation(ctx.tsNode(node));
      type = ctx.checker.getAwaitedType(raw) ?? raw;
    }
    return type;
  };
  return {
    kind: 'unknown',
    node: at,
    requires: (path) =>
      path.length > prefix.length && prefix.every((s, i) => path[i] === s) && typeRequiresPath(ctx.checker, typeOf(), [...within, ...path.slice(prefix.length)]),
  };
}

export function anyOf(of: Constraint[], node: TSESTree.Node): Constraint {
  return of.length === 1 ? of[0] : { kind: 'any', of, node };
}

/** `undefined` (the global, not a local of that name) or `void …`. */
export function isUndefinedValue(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/**
 * A filter written as a choice, `isAdmin(user) ? undefined : [...]`: each branch is taken only when the
 * test says so, so a branch that restricts nothing is still scoped when only privileged callers take it
 * (the analysis asks, through `skippedWhen`). Null when `node` is not a conditional.
 */
export function gatedBranches(node: TSESTree.Node, read: (branch: TSESTree.Node) => Constraint): Constraint | null {
  if (node.type !== AST_NODE_TYPES.ConditionalExpression) return null;
  const branch = (value: TSESTree.Node, holds: boolean): Constraint => ({
    kind: 'all',
    of: [read(value), { kind: 'skippedWhen', test: node.test, holds, node: value }],
    node: value,
  });
  return { kind: 'any', of: [branch(node.consequent, true), branch(node.alternate, false)], node };
}

/** The expressions a callback returns: its expression body, or its top-level `return`s. */
export function returnedExpressions(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  return fn.body.body.flatMap((s) => (s.type === AST_NODE_TYPES.ReturnStatement && s.argument ? [s.argument] : []));
}

/**
 * The values a write assigns, as `equals` constraints on their top-level keys: an object literal's
 * properties, and for an object written whole or spread (`save(dto)`, `{ ...input, status }`) every
 * field its type has, with the object as the value. A key written after a spread overrides it.
 */
export function assignmentsOf(node: TSESTree.Node, ctx: AdapterContext, depth = 0): Assignment[] {
  return writesOf(node, ctx, (alt) => {
    if (alt.type === AST_NODE_TYPES.ArrayExpression) {
      return alt.elements.flatMap((el) => (el && el.type !== AST_NODE_TYPES.SpreadElement ? assignmentsOf(el, ctx, depth + 1) : []));
    }
    return alt.type === AST_NODE_TYPES.ObjectExpression ? writtenEntries(alt, ctx, depth) : null;
  });
}

/**
 * What each value `written` may be writes: `literal` reads the alternatives it can (object and array
 * literals; null for the others), and any other alternative carries the fields of its type; an untyped
 * one (`const body = (await req.json()) as UpdateDto`) those of the type `written` is given, once.
 */
export function writesOf(
  written: TSESTree.Node,
  ctx: AdapterContext,
  literal: (alt: TSESTree.Node) => Assignment[] | null,
  carried: (node: TSESTree.Node, at: TSESTree.Node) => Assignment[] = (node, at) => carriedAssignments(node, ctx, at),
  at?: TSESTree.Node,
): Assignment[] {
  let typedAsWritten = false;
  return ctx.resolver.alternatives(written).flatMap((alt): Assignment[] => {
    const read = literal(alt);
    if (read) return read;
    const own = carried(alt, at ?? alt);
    if (own.length > 0 || alt === written || typedAsWritten) return own;
    typedAsWritten = true;
    return carried(written, at ?? written);
  });
}

/** What an object literal writes, key by key; a spread adds the fields its type carries. */
export function writtenEntries(
  object: TSESTree.ObjectExpression,
  ctx: AdapterContext,
  depth = 0,
  carried: (node: TSESTree.Node, at: TSESTree.Node) => Assignment[] = (node, at) => carriedAssignments(node, ctx, at),
): Assignment[] {
  const byKey = new Map<string, Assignment[]>();
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.Property) {
      const key = propertyName(prop);
      if (key !== null) byKey.set(key, [{ kind: 'equals', path: [key], value: prop.value, node: prop }]);
      continue;
    }
    const entries = writesOf(
      prop.argument,
      ctx,
      (alt) => (alt.type === AST_NODE_TYPES.ObjectExpression && depth < 8 ? writtenEntries(alt, ctx, depth + 1, carried) : null),
      carried,
      prop,
    );
    // A spread may or may not carry an optional key: what was written before stays possible.
    for (const e of entries) byKey.set(e.path[0], [...(byKey.get(e.path[0]) ?? []), e]);
  }
  return [...byKey.values()].flat();
}

/**
 * The fields an object written whole may carry, read from its type (every member of a union): each is
 * an assignment whose value is the object itself, so the object's origin is the field's.
 */
export function carriedAssignments(node: TSESTree.Node, ctx: AdapterContext, at: TSESTree.Node = node): Assignment[] {
  const names = new Set<string>();
  // The resolver looks through `await`: a written value is never a promise.
  const raw = ctx.checker.getTypeAtLocation(ctx.tsNode(node));
  const type = ctx.checker.getAwaitedType(raw) ?? raw;
  for (const member of type.isUnion() ? type.types : [type]) {
    if (!(member.flags & ts.TypeFlags.Object) && !member.isIntersection()) continue;
    for (const property of ctx.checker.getPropertiesOfType(member)) names.add(property.getName());
  }
  return [...names].map((name): Assignment => ({ kind: 'equals', path: [name], value: node, node: at, carried: true }));
}

// -- policies declared next to the entity ------------------------------------------------------------

const TAG_NAMES = new Set(['owner', 'tenant', 'public']);

/** Whether a declaration's JSDoc carries one of the policy tags. */
export function hasPolicyTags(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((t) => TAG_NAMES.has(t.tagName.text));
}

const policyCache = new WeakMap<ts.Node, Map<string, PolicyLookup>>();

/**
 * For data layers that declare relations apart from the row type (Drizzle's `relations()`): the
 * relations a relation path may start with, and how to declare one, for the problem message.
 */
export interface DeclaredRelations {
  names: readonly string[];
  howToDeclare: string;
}

/**
 * The policy of the entity a query touches: `settings["data-isolation"].models.<name>` (settings win,
 * as for Prisma models), else the JSDoc tags on its declaration:
 *   `@owner patientId` / `@owner patientId clinicianId` (any-of) / `@owner consultation.patientId`,
 *   `@tenant clinicId`, `@public reference data`.
 */
export function entityPolicy(site: QuerySite, ctx: AdapterContext, relations?: DeclaredRelations): PolicyLookup | undefined {
  const entity = site.entity;
  if (!entity) return undefined;
  for (const name of entity.names) {
    const configured = ctx.config.policies.get(name);
    if (configured && configured.source === 'settings') return { policy: { ...configured, model: site.modelName }, problems: [] };
  }
  if (!entity.declaration) return undefined;
  let cached = policyCache.get(entity.declaration);
  if (!cached) policyCache.set(entity.declaration, (cached = new Map()));
  const key = relations ? relations.names.join(',') : '';
  let lookup = cached.get(key);
  if (!lookup) {
    lookup = policyFromJsDoc(entity.declaration, site.modelName, entity.kind, entity.rowType, ctx, relations);
    cached.set(key, lookup);
  }
  return lookup;
}

function policyFromJsDoc(
  declaration: ts.Node,
  entity: string,
  kind: EntityRef['kind'],
  rowType: ts.Type | undefined,
  ctx: AdapterContext,
  relations: DeclaredRelations | undefined,
): PolicyLookup {
  const tags = ts.getJSDocTags(declaration).filter((t) => TAG_NAMES.has(t.tagName.text));
  if (tags.length === 0) return { problems: [] };
  const source = declaration.getSourceFile();
  const named = (declaration as ts.Node & { name?: ts.Node }).name ?? declaration;
  const line = source.getLineAndCharacterOfPosition(named.getStart(source)).line + 1;
  const where = `${displayFile(source.fileName, ctx)}:${line}`;
  const problems: ConfigProblem[] = [];
  const draft: PolicyDraft & { owners: PathEntry[]; tenants: PathEntry[] } = {
    model: entity,
    owners: [],
    tenants: [],
    source: 'schema',
  };
  const seen = new Set<string>();
  for (const tag of tags) {
    const name = tag.tagName.text;
    const text = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
    seen.add(name);
    if (name === 'public') {
      if (text === '') problems.push(problem(`${where}: @public on ${kind} ${entity} needs a reason, like @public reference data`));
      else draft.publicReason ??= text.replace(/^["']|["']$/g, '');
      continue;
    }
    const items = text.split(/[\s,]+/).filter((item) => item !== '');
    if (items.length === 0) {
      const example = name === 'owner' ? '@owner userId' : '@tenant tenantId';
      problems.push(problem(`${where}: @${name} on ${kind} ${entity} lists no fields; name the field, like ${example}`));
      continue;
    }
    const list = name === 'owner' ? draft.owners : draft.tenants;
    for (const item of items) list.push({ text: item, label: `${where}: @${name} path \`${item}\` on ${kind} ${entity}` });
  }
  if (seen.has('public') && (seen.has('owner') || seen.has('tenant'))) {
    problems.push(problem(`${where}: ${kind} ${entity} is marked both @public and @owner/@tenant; remove one of them (until then @owner/@tenant applies)`));
    delete draft.publicReason;
  }
  const resolved = resolvePolicy(draft, undefined);
  problems.push(...resolved.problems.map((p) => ({ message: p.message })));
  const policy = resolved.policy && rowType ? withoutUnknownFields(resolved.policy, rowType, where, kind, ctx, problems, relations) : resolved.policy;
  return policy ? { policy, problems } : { problems };
}

/**
 * Drops (and reports) the paths whose first field the entity's row type does not have; the rest of a
 * relation path is the ORM's business (the relation's own type may be lazy or a string reference).
 * With `relations`, a relation path must start with one of them, and a single field be a column.
 */
function withoutUnknownFields(
  policy: ScopePolicy,
  rowType: ts.Type,
  where: string,
  kind: EntityRef['kind'],
  ctx: AdapterContext,
  problems: ConfigProblem[],
  relations?: DeclaredRelations,
): ScopePolicy | undefined {
  const fields = ctx.checker.getPropertiesOfType(rowType).map((p) => p.getName());
  if (fields.length === 0) return policy;
  const keep = (paths: readonly FieldPath[]) =>
    paths.filter((path) => {
      if (relations && path.length > 1) {
        if (relations.names.includes(path[0])) return true;
        const suggestion = closestName(path[0], relations.names);
        const hint = suggestion === undefined ? `; ${relations.howToDeclare}` : didYouMean(suggestion);
        problems.push(problem(`${where}: @owner/@tenant path \`${path.join('.')}\` on ${kind} ${policy.model} is invalid: ${policy.model} has no relation \`${path[0]}\`${hint}`));
        return false;
      }
      if (fields.includes(path[0])) return true;
      const suggestion = closestName(path[0], fields);
      const hint = suggestion === undefined ? `; its fields are ${fields.slice(0, 10).join(', ')}` : didYouMean(suggestion);
      problems.push(problem(`${where}: @owner/@tenant path \`${path.join('.')}\` on ${kind} ${policy.model} is invalid: ${policy.model} has no field \`${path[0]}\`${hint}`));
      return false;
    });
  const owners = keep(policy.owners);
  const tenants = keep(policy.tenants);
  if (owners.length === 0 && tenants.length === 0 && policy.publicReason === undefined) return undefined;
  return { ...policy, owners, tenants };
}

function displayFile(fileName: string, _ctx: AdapterContext): string {
  const cwd = process.cwd();
  const normalized = fileName.replace(/\\/g, '/');
  const base = cwd.replace(/\\/g, '/').replace(/\/?$/, '/');
  return normalized.startsWith(base) ? normalized.slice(base.length) : normalized;
}

// -- object filters (Sequelize, Mongoose) --------------------------------------------------------------

/** How one data layer spells an object filter. */
export interface ObjectWhereDialect {
  /** `$or` / `[Op.or]`: the combinator an entry's key names, if any. */
  combinator(property: TSESTree.Property | null, key: string | null): 'all' | 'any' | null;
  /**
   * For a value that is an object of operators (`{ $in: [...] }`, `{ [Op.eq]: v }`): the operand that
   * pins the column (equals/in), `'none'` for other operators; null when the object is not one of operators.
   */
  operand(object: TSESTree.ObjectExpression): TSESTree.Node | 'none' | null;
  /** The field path a key names (`'consultation.patientId'` → two segments). */
  path(key: string): readonly string[];
}

/** An object filter (`{ patientId: uid, $or: [...] }`) as constraints: keys AND, combinators as written. */
export function readObjectWhere(node: TSESTree.Node, ctx: AdapterContext, dialect: ObjectWhereDialect, depth = 0): Constraint {
  if (depth > 8) return { kind: 'unknown', node };
  const gated = gatedBranches(node, (branch) => readObjectWhere(branch, ctx, dialect, depth + 1));
  if (gated) return gated;
  return anyOf(
    ctx.resolver.alternatives(node).map((alt): Constraint => {
      // A parameter's or a helper's filter: its type may still require the owner (see opaqueFilter).
      if (alt.type !== AST_NODE_TYPES.ObjectExpression) return opaqueFilter(alt, ctx);
      const properties = alt.properties;
      const of = properties.map((prop, index): Constraint => {
        if (prop.type !== AST_NODE_TYPES.Property) {
          const spread = objectLiteral(prop.argument, ctx);
          const read = spread ? readObjectWhere(spread, ctx, dialect, depth + 1) : opaqueFilter(prop.argument, ctx, { at: prop });
          // A key written after the spread replaces what the spread carried under it.
          const later = properties.slice(index + 1).flatMap((p) => {
            const key = p.type === AST_NODE_TYPES.Property ? propertyName(p) : null;
            return key === null ? [] : [dialect.path(key)[0]];
          });
          return overriddenBy(read, new Set(later));
        }
        const own = objectProperty(prop, ctx, dialect, depth);
        const key = propertyName(prop);
        // `{ patientId: uid, ...dto }`: a later spread that may carry the key overrides it.
        const later = properties
          .slice(index + 1)
          .filter((p): p is TSESTree.SpreadElement => p.type === AST_NODE_TYPES.SpreadElement && key !== null && !objectLiteral(p.argument, ctx) && spreadMayCarry(p.argument, key, ctx));
        return later.length ? { kind: 'any', of: [own, ...later.map((p): Constraint => ({ kind: 'unknown', node: p }))], node: prop } : own;
      });
      return { kind: 'all', of, node: alt };
    }),
    node,
  );
}

function objectProperty(prop: TSESTree.Property, ctx: AdapterContext, dialect: ObjectWhereDialect, depth: number): Constraint {
  const key = propertyName(prop);
  const combinator = dialect.combinator(prop, key);
  if (combinator) return list(prop.value, ctx, dialect, combinator, depth);
  if (key === null) return { kind: 'none', node: prop };
  return fieldValue(prop.value, dialect.path(key), prop, ctx, dialect);
}

function list(node: TSESTree.Node, ctx: AdapterContext, dialect: ObjectWhereDialect, kind: 'all' | 'any', depth: number): Constraint {
  const gated = gatedBranches(node, (branch) => (isUndefinedValue(branch) ? { kind: 'none', node: branch } : list(branch, ctx, dialect, kind, depth + 1)));
  if (gated) return gated;
  const element = (el: TSESTree.Node | null, array: TSESTree.Node): Constraint =>
    !el || el.type === AST_NODE_TYPES.SpreadElement ? { kind: 'unknown', node: el ?? array } : readObjectWhere(el, ctx, dialect, depth + 1);
  // `[Op.and]: conditions`, a list the code only adds to: what it is declared with always holds.
  const declared = kind === 'all' ? ctx.resolver.declaredElements(node) : undefined;
  if (declared) return { kind, of: declared.map((el) => element(el, node)), node };
  const alts = ctx.resolver.alternatives(node);
  if (alts.length !== 1 || alts[0].type !== AST_NODE_TYPES.ArrayExpression) return { kind: 'unknown', node };
  const array = alts[0];
  const of = array.elements.map((el) => element(el, array));
  return kind === 'any' ? { kind, of, node: array, explicit: true } : { kind, of, node: array };
}

function fieldValue(value: TSESTree.Node, path: readonly string[], node: TSESTree.Node, ctx: AdapterContext, dialect: ObjectWhereDialect): Constraint {
  if (value.type === AST_NODE_TYPES.Literal && value.value === null) return { kind: 'none', node };
  const object = objectLiteral(value, ctx);
  if (object) {
    const operand = dialect.operand(object);
    if (operand === 'none') return { kind: 'none', node };
    if (operand) return { kind: 'equals', path, value: operand, node };
    return { kind: 'unknown', node };
  }
  return { kind: 'equals', path, value, node };
}

/** The symbol an identifier names, after import aliases. */
export function identifierSymbol(node: TSESTree.Node, ctx: AdapterContext): ts.Symbol | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  return unaliased(ctx.checker, ctx.checker.getSymbolAtLocation(ctx.tsNode(node)));
}

/**
 * `{ …, notificationId: v }` → `v` (whole: the property itself); `{ ...input, organizationId }` → `input`,
 * which carries `notificationId` (not whole: the property is still to be taken). The last writer wins.
 */
export function propertyCarrying(object: TSESTree.ObjectExpression, key: string): { node: TSESTree.Node; whole: boolean } | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const prop = object.properties[i];
    if (prop.type === AST_NODE_TYPES.SpreadElement) return { node: prop.argument, whole: false };
    if (!prop.computed && prop.key.type === AST_NODE_TYPES.Identifier && prop.key.name === key) return { node: prop.value, whole: true };
  }
  return undefined;
}
