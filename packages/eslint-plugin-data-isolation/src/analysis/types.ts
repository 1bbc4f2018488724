import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import type { Resolver } from './resolve';

/** The symbol an import or export alias stands for; any other symbol itself. */
export function unaliased(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol;
export function unaliased(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined;
export function unaliased(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

export function isAny(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * The declared type of the variable that a shorthand property (`{ id }`) reads; undefined for any other
 * node. For the name of a shorthand property, `getTypeAtLocation` returns the type of the object
 * literal's property, which TypeScript computes by asking for the literal's contextual type, and so
 * resolves the whole Prisma call: generic inference over the generated client's argument types,
 * about a millisecond per query. The declared type costs nothing, and as narrowing only removes
 * members from it, it decides most questions about the value (no object member, no `undefined`).
 */
export function shorthandDeclaredType(checker: ts.TypeChecker, node: ts.Node): ts.Type | undefined {
  const parent = node.parent;
  if (!parent || !ts.isShorthandPropertyAssignment(parent) || parent.name !== node) return undefined;
  const symbol = checker.getShorthandAssignmentValueSymbol(parent);
  const type = symbol && checker.getTypeOfSymbol(symbol);
  // `unknown` and `any` narrow to anything: only the type at the location decides them.
  return type && !isAny(type) ? type : undefined;
}

export function mayBeUndefined(type: ts.Type): boolean {
  if (isAny(type)) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
}

/** A value of this type may be missing: `undefined`, `null` or `void` among its parts, or `any`/`unknown`. */
export function mayBeAbsent(type: ts.Type): boolean {
  if (isAny(type)) return true;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Null)) !== 0);
}

const SCALAR = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike;

/**
 * Whether every value of `type` has a defined scalar at `path`: e.g. the return type
 * `{ patientId: string }` of a helper from another module requires `patientId`, and so does
 * `Prisma.ConsultationWhereInput & { patientId: string }`, whose `patientId` is
 * `string | (StringFilter & string)`: a scalar intersected with an object type is still that scalar.
 */
export function typeRequiresPath(checker: ts.TypeChecker, type: ts.Type, path: readonly string[]): boolean {
  if (isAny(type) || mayBeUndefined(type)) return false;
  const parts = type.isUnion() ? type.types : [type];
  const scalar = (t: ts.Type) => (t.flags & SCALAR) !== 0 || (t.isIntersection() && t.types.some((m) => (m.flags & SCALAR) !== 0));
  if (path.length === 0) return parts.every(scalar);
  const [head, ...rest] = path;
  return parts.every((part) => {
    const prop = part.getProperty(head);
    return !!prop && !(prop.flags & ts.SymbolFlags.Optional) && typeRequiresPath(checker, checker.getTypeOfSymbol(prop), rest);
  });
}

/** What reading declared types needs: the checker, and the file's nodes and bindings. */
export interface TypeContext {
  checker: ts.TypeChecker;
  tsNode: (node: TSESTree.Node) => ts.Node;
  resolver: Resolver;
}

/**
 * The declared type of what a reference reads — a variable, an imported binding, an annotated
 * parameter, or `this.<property>` declared in the enclosing class — without checking the reference
 * itself. `getTypeAtLocation` on the reference runs control-flow analysis at every use (and, for a
 * callback's parameter, infers the whole call it is passed to); the declared type is computed once per
 * declaration. Narrowing only removes members from it, so an answer that holds for every member of
 * the declared type holds at the reference too. Undefined when there is no such declaration, or for an
 * unannotated callback parameter, whose type is inferred from the call.
 */
export function declaredTypeOfReference({ checker, tsNode, resolver }: TypeContext, node: TSESTree.Node): ts.Type | undefined {
  const declaration = declarationOf(node, resolver);
  if (!declaration) return undefined;
  const symbol = checker.getSymbolAtLocation(tsNode(declaration.name));
  if (!symbol) return undefined;
  const target = unaliased(checker, symbol);
  if (!(target.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property))) return undefined;
  const known = perChecker(declaredTypes, checker);
  let type = known.get(target);
  if (type === undefined) {
    type =
      constructedClassType(checker, target.valueDeclaration) ??
      annotatedClientType({ checker, tsNode, resolver }, declaration.name, target.valueDeclaration) ??
      annotatedParameterType({ checker, tsNode, resolver }, declaration.name, target.valueDeclaration) ??
      checker.getTypeOfSymbol(target);
    known.set(target, type);
  }
  return isAny(type) ? undefined : type;
}
/**
 * A declaration's type, worked out once per symbol and checker. Per checker: the binder's symbols live on
 * the source files, which the next program reuses when they did not change (an editor re-linting after
 * an edit), while a type belongs to the checker that made it and keeps that checker's program alive.
 */
const declaredTypes = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, ts.Type>>();

/** The cache of one checker among `caches` (the types a checker made belong to it; see declaredTypes). */
function perChecker<K extends object, V>(caches: WeakMap<ts.TypeChecker, WeakMap<K, V>>, checker: ts.TypeChecker): WeakMap<K, V> {
  let cache = caches.get(checker);
  if (!cache) caches.set(checker, (cache = new WeakMap()));
  return cache;
}

/**
 * declaredTypeOfReference through member chains: `session.user.id` is the declared type of the property
 * `id` of the declared type of `session.user`, and so on down to a declared reference (`session`, an
 * import, `this.field`); `x!` strips null and undefined. Each step is a symbol's type, computed once per
 * symbol, where the type at the location runs control-flow analysis for the whole chain at every use.
 * A step TypeScript would have to narrow to read (an optional link `a?.b`, a computed key, a property
 * only some members of a union have) gives undefined, as does `any`.
 */
export function declaredTypeOfExpression(ctx: TypeContext, node: TSESTree.Node): ts.Type | undefined {
  const { checker } = ctx;
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return declaredTypeOfReference(ctx, node);
    case AST_NODE_TYPES.TSNonNullExpression: {
      const inner = declaredTypeOfExpression(ctx, node.expression);
      return inner && nonNullable(checker, inner);
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (node.optional || node.computed || node.property.type !== AST_NODE_TYPES.Identifier) return undefined;
      if (node.object.type === AST_NODE_TYPES.ThisExpression) return declaredTypeOfReference(ctx, node);
      const object = declaredTypeOfExpression(ctx, node.object);
      // The access type-checks only where `object` is not null or undefined.
      const property = object && checker.getPropertyOfType(nonNullable(checker, object), node.property.name);
      const type = property && checker.getTypeOfSymbol(property);
      return type && !isAny(type) ? type : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The symbol of the method `object.name(…)` calls: looked up on the declared type of `object` (see
 * declaredTypeOfExpression), which spares the type of `object` at the call (for a `const`, its whole
 * initialiser); a union, which narrowing picks among, and anything without a declared type ask the checker
 * for the symbol at `name`.
 */
export function methodSymbol(ctx: TypeContext, callee: TSESTree.MemberExpression, name: ts.Node): ts.Symbol | undefined {
  const object = !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? declaredTypeOfExpression(ctx, callee.object) : undefined;
  const method = object && !object.isUnion() ? ctx.checker.getPropertyOfType(object, (callee.property as TSESTree.Identifier).name) : undefined;
  return method ?? ctx.checker.getSymbolAtLocation(name);
}

/**
 * `checker.getNonNullableType`, once per type and checker: every query's receiver (`prisma.invoice`) asks
 * it of the same client type, and for a large generated client the answer is not free.
 */
export function nonNullable(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  const known = perChecker(nonNullables, checker);
  let found = known.get(type);
  if (found === undefined) known.set(type, (found = checker.getNonNullableType(type)));
  return found;
}
const nonNullables = new WeakMap<ts.TypeChecker, WeakMap<ts.Type, ts.Type>>();

/** Strings, numbers, booleans, enums and their literals (and null/undefined): no narrowing makes one an object. */
export function isScalarOnly(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  const scalar = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
  return parts.every((t) => (t.flags & scalar) !== 0);
}

/**
 * typeOfClientQuery of a declaration, once per type name and file: every function of a repository takes
 * `db: Db`, and resolving the annotation's name is most of what the question costs. A name in a type
 * annotation resolves to the binding the file's scopes give it (an import, a local `type`), so the answer
 * is kept per binding; a declaration elsewhere (an import's target) is asked directly.
 */
function annotatedClientType(ctx: TypeContext, name: TSESTree.Node, declaration: ts.Declaration | undefined): ts.Type | undefined {
  const written = annotationName(ctx, name, declaration);
  if (!written) return typeOfClientQuery(ctx.checker, declaration);
  const known = perChecker(clientTypes, ctx.checker);
  let byKind = known.get(written.binding);
  if (!byKind) known.set(written.binding, (byKind = new Map()));
  const cached = byKind.get(written.annotation.type);
  if (cached !== undefined) return cached ?? undefined;
  const type = typeOfClientQuery(ctx.checker, declaration);
  byKind.set(written.annotation.type, type ?? null);
  return type;
}
const clientTypes = new WeakMap<ts.TypeChecker, WeakMap<object, Map<string, ts.Type | null>>>();

/**
 * The type of a parameter annotated with a plain type name (`session: Session`, `req: RouteRequest`), once
 * per binding of that name: every handler of a file takes the same ones. A parameter that may be left out
 * (`?`, a default) or a rest parameter is not its annotation's type, and is asked directly.
 */
function annotatedParameterType(ctx: TypeContext, name: TSESTree.Node, declaration: ts.Declaration | undefined): ts.Type | undefined {
  if (!declaration || !ts.isParameter(declaration) || declaration.questionToken || declaration.initializer || declaration.dotDotDotToken) return undefined;
  const written = annotationName(ctx, name, declaration);
  if (written?.annotation.type !== AST_NODE_TYPES.TSTypeReference || !declaration.type) return undefined;
  const known = perChecker(parameterTypes, ctx.checker);
  let type = known.get(written.binding);
  if (type === undefined) known.set(written.binding, (type = ctx.checker.getTypeFromTypeNode(declaration.type)));
  return type;
}
const parameterTypes = new WeakMap<ts.TypeChecker, WeakMap<object, ts.Type>>();

/**
 * The annotation written on `name` as a plain name without type arguments (`Db`, `typeof prisma`), with
 * the binding the file's scopes give that name (an import, a local `type`): the types above are kept per
 * binding. Undefined for any other annotation, a name the scopes do not resolve (a global type), or a
 * name that is not `declaration`'s.
 */
function annotationName(ctx: TypeContext, name: TSESTree.Node, declaration: ts.Declaration | undefined): { annotation: TSESTree.TypeNode; binding: object } | undefined {
  const annotation = name.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  if (!annotation || !declaration || ctx.tsNode(name).parent !== declaration) return undefined;
  let typeName: TSESTree.Node;
  if (annotation.type === AST_NODE_TYPES.TSTypeReference && !annotation.typeArguments) typeName = annotation.typeName;
  else if (annotation.type === AST_NODE_TYPES.TSTypeQuery && !annotation.typeArguments) typeName = annotation.exprName;
  else return undefined;
  const binding = typeName.type === AST_NODE_TYPES.Identifier ? ctx.resolver.variableOf(typeName) : undefined;
  return binding ? { annotation, binding } : undefined;
}

/**
 * A parameter or variable annotated `typeof prisma`, directly or through a type alias without type
 * parameters (`type Db = typeof prisma`), where `prisma` is built with `new`: constructedClassType of
 * that declaration, so that the annotation does not make TypeScript infer the `new` expression either.
 */
function typeOfClientQuery(checker: ts.TypeChecker, declaration: ts.Declaration | undefined): ts.Type | undefined {
  if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration))) {
    return undefined;
  }
  let annotation = declaration.type;
  if (annotation && ts.isTypeReferenceNode(annotation)) {
    const symbol = checker.getSymbolAtLocation(annotation.typeName);
    const alias = unaliased(checker, symbol);
    const aliasDeclaration = alias?.declarations?.length === 1 ? alias.declarations[0] : undefined;
    annotation = aliasDeclaration && ts.isTypeAliasDeclaration(aliasDeclaration) && !aliasDeclaration.typeParameters ? aliasDeclaration.type : undefined;
  }
  if (!annotation || !ts.isTypeQueryNode(annotation) || annotation.typeArguments) return undefined;
  const target = unaliased(checker, checker.getSymbolAtLocation(annotation.exprName));
  return target && target.flags & ts.SymbolFlags.Variable ? constructedClassType(checker, target.valueDeclaration) : undefined;
}

/**
 * For an unannotated `const prisma = new PrismaClient({ … })` (or a field so initialised): the return
 * type of the constructor's signature, its type parameters left uninferred. Typing the initialiser
 * instead infers them — overload resolution and inference over the generated client's constructor,
 * once per program (330 ms in a profile of the benchmark app), which a pre-commit run on a few files
 * pays in full. Members whose types do not depend on them, such as a delegate's model marker, read the
 * same.
 */
function constructedClassType(checker: ts.TypeChecker, declaration: ts.Declaration | undefined): ts.Type | undefined {
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration))) return undefined;
  const init = declaration.initializer;
  if (declaration.type || !init || !ts.isNewExpression(init)) return undefined;
  const target = unaliased(checker, checker.getSymbolAtLocation(init.expression));
  if (!target || !(target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Variable))) return undefined;
  // Once per class and checker: every module's `const cache = new Map()` asks about the same constructor.
  const known = perChecker(constructed, checker);
  let type = known.get(target);
  if (type === undefined) {
    const returns = new Set(checker.getTypeOfSymbol(target).getConstructSignatures().map((s) => checker.getReturnTypeOfSignature(s)));
    known.set(target, (type = returns.size === 1 ? [...returns][0] : isDefaultLibrary(target) ? sameGeneric(returns) : null));
  }
  return type ?? undefined;
}
const constructed = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, ts.Type | null>>();

/**
 * Declared only in TypeScript's default library files (`lib.es2015.collection.d.ts`, …): those of the
 * TypeScript the plugin runs with (a program given another TypeScript's library is read as before).
 */
function isDefaultLibrary(symbol: ts.Symbol): boolean {
  const declarations = symbol.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().fileName.startsWith(LIBRARY_FOLDER));
}
const LIBRARY_FOLDER = (() => {
  const file = ts.getDefaultLibFilePath({});
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
})();

/**
 * Overloads that build the same generic type (`new Map()`, `new Map<K, V>(entries)`): that type with its
 * own type parameters, uninferred as above. Null for anything else. Only for the default library's
 * constructors (a `Map`, a `Set`): a data layer's may carry in its type arguments what it queries.
 */
function sameGeneric(returns: ReadonlySet<ts.Type>): ts.Type | null {
  let generic: ts.Type | undefined;
  for (const type of returns) {
    if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return null;
    const target = (type as ts.TypeReference).target;
    if (generic !== undefined && target !== generic) return null;
    generic = target;
  }
  return generic ?? null;
}

function declarationOf(node: TSESTree.Node, resolver: Resolver): { name: TSESTree.Node } | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = resolver.variableOf(node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    switch (def.type) {
      case 'ImportBinding':
        return { name: def.name };
      case 'Variable':
        return def.node.id.type === AST_NODE_TYPES.Identifier ? { name: def.name } : undefined;
      case 'Parameter':
        return def.name.type === AST_NODE_TYPES.Identifier && def.name.typeAnnotation ? { name: def.name } : undefined;
      default:
        return undefined;
    }
  }
  if (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.ThisExpression &&
    !node.computed &&
    node.property.type === AST_NODE_TYPES.Identifier
  ) {
    const name = node.property.name;
    const body = classBodyOfThis(node);
    for (const member of body?.body ?? []) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && !member.computed && isNamed(member.key, name)) {
        return { name: member.key };
      }
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const id = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (id.type === AST_NODE_TYPES.Identifier && id.name === name) return { name: id };
        }
      }
    }
  }
  return undefined;
}

function isNamed(key: TSESTree.Node, name: string): boolean {
  return (key.type === AST_NODE_TYPES.Identifier && key.name === name) || (key.type === AST_NODE_TYPES.Literal && key.value === name);
}

/** The body of the class whose instance `this` is at `node`: through arrows, up to a non-static method or field. */
function classBodyOfThis(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.FunctionExpression: {
        const owner = current.parent;
        if (owner?.type !== AST_NODE_TYPES.MethodDefinition || owner.static) return undefined;
        return owner.parent.type === AST_NODE_TYPES.ClassBody ? owner.parent : undefined;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.StaticBlock:
        return undefined;
      case AST_NODE_TYPES.PropertyDefinition:
        if (current.static) return undefined;
        break;
      case AST_NODE_TYPES.ClassBody:
        return current;
      default:
        break;
    }
  }
  return undefined;
}
