import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import type { ProvenanceSettings } from '../schema/provenance-settings';
import type { Resolver } from './resolve';
import { findFramework, merged } from './frameworks';
import { constructedField } from './constructed';
import { fileOf, fromPackage } from './packages';
import { declaredTypeOfExpression, isAny, isScalarOnly, mayBeUndefined, shorthandDeclaredType, unaliased } from './types';

export type Origin =
  /** The signed-in user (or a property of theirs, such as their tenant). */
  | { kind: 'principal' }
  /** Request input: any caller can choose it. */
  | { kind: 'request'; source: string }
  /** Neither, as far as we can see. */
  | { kind: 'unknown'; reason: string }
  /** Possibly `undefined`: Prisma then drops the filter. */
  | { kind: 'mayBeUndefined' };

const MAX_DEPTH = 12;

// What each framework contributes lives in its module under `./frameworks`; the analysis reads them merged.
const KNOWN = merged();
const REQUEST_PACKAGES = KNOWN.requestPackages;
const AUTH_PACKAGES = KNOWN.authPackages;
/** Request properties that carry caller-chosen input (`req.query`, `request.body`, `ctx.params`). */
const REQUEST_PROPERTIES = KNOWN.requestProperties;
/** Auth libraries' accessors of the signed-in user. */
const AUTH_FUNCTIONS = KNOWN.authFunctions;
/** Properties that the auth libraries add to a request. */
const AUTH_PROPERTIES = KNOWN.authProperties;
/** Types the auth libraries use for the signed-in user or their session. */
const PRINCIPAL_TYPE_NAMES = KNOWN.principalTypes;
/** Readers of request data on the web platform's and Node's request types. */
const BODY_READERS = KNOWN.bodyReaders;
const REQUEST_TYPE_NAMES = KNOWN.requestTypes;
const FIELD_READERS = KNOWN.fieldReaders;
const FIELD_CONTAINER_TYPES = KNOWN.fieldContainers;
/** Conversions that keep a value's origin. */
const CONVERSIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'decodeURIComponent']);
const VALUE_METHODS = new Set(['toString', 'trim', 'toLowerCase', 'toUpperCase', 'valueOf']);
/** The names of resolver context properties that hold the signed-in user (`ctx.session.user`, `ctx.user`). */
const CONTEXT_PRINCIPAL_PATHS = KNOWN.contextPrincipalPaths;
const NEXT = findFramework('Next.js');
const HTTP_METHODS = new Set(NEXT.entries?.routeExports);
const NEST = findFramework('NestJS');
const NEST_REQUEST_DECORATORS = new Set(NEST.request?.decorators);
const TRPC = findFramework('tRPC');
const GRAPHQL = findFramework('GraphQL');
const USER_DECORATOR = /user|principal|viewer|session|account|auth/i;

export const PRINCIPAL: Origin = { kind: 'principal' };

/** `a.b?.c` → ['a', 'b', 'c'] for a chain of identifiers; null for anything else. */
export function memberPath(node: TSESTree.Node): string[] | null {
  if (node.type === AST_NODE_TYPES.ChainExpression) return memberPath(node.expression);
  if (node.type === AST_NODE_TYPES.Identifier) return [node.name];
  if (node.type === AST_NODE_TYPES.ThisExpression) return ['this'];
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const object = memberPath(node.object);
    return object && [...object, node.property.name];
  }
  return null;
}

function combine(origins: Origin[]): Origin {
  return (
    origins.find((o) => o.kind === 'request') ??
    origins.find((o) => o.kind === 'unknown') ??
    origins.find((o) => o.kind === 'mayBeUndefined') ??
    PRINCIPAL
  );
}

/** What a function parameter is, judged by the function it belongs to. */
type ParameterRole =
  | { kind: 'request'; source: string }
  | { kind: 'principal' }
  /**
   * A resolver context: `ctx.session.user` in it is the signed-in user. `at`: where in the context a
   * binding destructured from it sits (`{ ctx: { session } }`: `['session']`).
   */
  | { kind: 'context'; at?: readonly string[] }
  /** tRPC's whole options object: `opts.ctx` is the context, `opts.input` the input. */
  | { kind: 'resolverOptions' }
  | null;

export class Provenance {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly tsNode: (node: TSESTree.Node) => ts.Node,
    private readonly scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
    private readonly resolver: Resolver,
    private readonly settings: ProvenanceSettings,
    private readonly isQuery: (call: TSESTree.CallExpression) => boolean,
    private readonly filename: string,
    /** For a helper checked at one of its call sites: the argument the call passes for a parameter. */
    private readonly bound?: (binding: TSESTree.Identifier) => TSESTree.Node | undefined,
  ) {}

  /**
   * Where a filter value comes from. With `undefinedDrops` (the data layer ignores a filter entry whose
   * value is `undefined`), `mayBeUndefined` comes first, since that drops the filter outright.
   */
  originOf(value: TSESTree.Node, undefinedDrops = true): Origin {
    if (undefinedDrops && this.mayBeUndefined(value)) return { kind: 'mayBeUndefined' };
    let origin = this.origins.get(value);
    if (!origin) this.origins.set(value, (origin = this.classify(value, 0)));
    return origin;
  }

  // One lint of one file: the same filter value is asked about for its owner and its tenant, by guards
  // and by the report; the checker recomputes flow types each time.
  private readonly origins = new Map<TSESTree.Node, Origin>();
  private readonly types = new Map<TSESTree.Node, ts.Type>();

  private mayBeUndefined(value: TSESTree.Node): boolean {
    // Narrowing only removes members: a declared type without `undefined` decides it cheaply.
    const declared = shorthandDeclaredType(this.checker, this.tsNode(value)) ?? this.declaredType(value);
    return declared && !mayBeUndefined(declared) ? false : mayBeUndefined(this.typeOf(value));
  }

  /** See declaredTypeOfExpression: the type a reference is declared with, asked once per node. */
  private declaredType(node: TSESTree.Node): ts.Type | undefined {
    if (!this.declared.has(node)) this.declared.set(node, declaredTypeOfExpression({ checker: this.checker, tsNode: this.tsNode, resolver: this.resolver }, node));
    return this.declared.get(node);
  }
  private readonly declared = new Map<TSESTree.Node, ts.Type | undefined>();

  /** The property `name` of an object's declared type, when that type is not a union (whose members narrowing picks). */
  private declaredProperty(object: TSESTree.Node, name: string): ts.Symbol | undefined {
    const type = this.declaredType(object);
    const target = type && this.checker.getNonNullableType(type);
    return target && !target.isUnion() ? this.checker.getPropertyOfType(target, name) : undefined;
  }

  /**
   * Whether a value is the signed-in user by its type. Its declared type decides when every member of
   * it is a principal type (narrowing keeps that) or none is (narrowing only picks members: a string
   * id, a `Request`); only a union of both, or an open type (`object`, `{}`) that a type guard could
   * narrow to one, costs the type at the location, which runs control-flow analysis there.
   */
  private isPrincipal(node: TSESTree.Node): boolean {
    const declared = this.declaredType(node);
    if (declared) {
      const target = this.checker.getNonNullableType(declared);
      const parts = target.isUnion() ? target.types : [target];
      const principal = parts.filter((part) => this.isPrincipalType(part));
      if (parts.length > 0 && principal.length === parts.length) return true;
      if (principal.length === 0 && (isScalarOnly(target) || parts.every((part) => part.getSymbol() ?? part.aliasSymbol))) return false;
    }
    return this.isPrincipalType(this.typeOf(node));
  }

  private typeOf(node: TSESTree.Node): ts.Type {
    let type = this.types.get(node);
    if (!type) this.types.set(node, (type = this.checker.getTypeAtLocation(this.tsNode(node))));
    return type;
  }

  private classify(node: TSESTree.Node, depth: number): Origin {
    if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'it is derived too indirectly to follow' };
    const configured = this.configured(node);
    if (configured) return configured;
    if (this.isPrincipal(node)) return PRINCIPAL;
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.classify(node.expression, depth + 1);
      case AST_NODE_TYPES.ChainExpression:
        return this.classify(node.expression, depth + 1);
      case AST_NODE_TYPES.AwaitExpression:
        return this.classify(node.argument, depth + 1);
      case AST_NODE_TYPES.ConditionalExpression:
        return combine([this.classify(node.consequent, depth + 1), this.classify(node.alternate, depth + 1)]);
      case AST_NODE_TYPES.LogicalExpression:
        return combine([this.classify(node.left, depth + 1), this.classify(node.right, depth + 1)]);
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.length === 0
          ? { kind: 'unknown', reason: 'it is a constant' }
          : combine(node.expressions.map((e) => this.classify(e, depth + 1)));
      case AST_NODE_TYPES.Literal:
        return { kind: 'unknown', reason: 'it is a constant' };
      case AST_NODE_TYPES.MemberExpression:
        return this.member(node, depth);
      case AST_NODE_TYPES.CallExpression:
        return this.call(node, depth);
      case AST_NODE_TYPES.Identifier:
        return this.identifier(node, depth);
      default:
        return { kind: 'unknown', reason: 'it is computed' };
    }
  }

  /** Expression paths and function names the user declared in settings. */
  private configured(node: TSESTree.Node): Origin | null {
    const { untrusted, principal } = this.settings;
    // Asked of every value followed: without expressions in the settings, no path needs building.
    const p = untrusted.expressions.length + principal.expressions.length > 0 ? memberPath(node)?.join('.') : undefined;
    if (p) {
      const matches = (prefix: string) => p === prefix || p.startsWith(`${prefix}.`);
      const request = untrusted.expressions.find(matches);
      if (request) return { kind: 'request', source: `\`${request}\`` };
      if (principal.expressions.some(matches)) return PRINCIPAL;
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node);
      if (name && untrusted.functions.includes(name)) return { kind: 'request', source: `\`${name}()\`` };
      if (name && principal.functions.includes(name)) return PRINCIPAL;
    }
    return null;
  }

  private isPrincipalType(type: ts.Type): boolean {
    if (isAny(type)) return false;
    const target = this.checker.getNonNullableType(type);
    const parts = target.isUnion() ? target.types : [target];
    return parts.length > 0 && parts.every((part) => {
      const symbol = part.aliasSymbol ?? part.getSymbol();
      if (!symbol) return false;
      if (this.settings.principal.types.includes(symbol.getName())) return true;
      return PRINCIPAL_TYPE_NAMES.has(symbol.getName()) && fromPackage(fileOf(symbol, this.checker), AUTH_PACKAGES);
    });
  }

  private member(node: TSESTree.MemberExpression, depth: number): Origin {
    const name = !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
    // Only these names can be a framework's request data or an auth library's user: the property's
    // declaring file (which costs the type of the object) is asked for no other.
    if (name && (REQUEST_PROPERTIES.has(name) || AUTH_PROPERTIES.has(name))) {
      const property = this.declaredProperty(node.object, name) ?? this.checker.getSymbolAtLocation(this.tsNode(node.property));
      const file = fileOf(property, this.checker);
      if (REQUEST_PROPERTIES.has(name) && fromPackage(file, REQUEST_PACKAGES)) {
        return { kind: 'request', source: `\`${memberPath(node)?.join('.') ?? name}\`` };
      }
      if (AUTH_PROPERTIES.has(name) && fromPackage(file, AUTH_PACKAGES)) return PRINCIPAL;
    }
    const root = rootIdentifier(node);
    const contextual = root && this.contextMember(root, node);
    if (contextual) return contextual;
    const constructed = name && this.constructorArgument(node.object, name);
    if (constructed) return this.classify(constructed, depth + 1);
    return this.classify(node.object, depth + 1);
  }

  /**
   * `command.projectId` where `command` is `new GetSettingsCommand(projectId)` (here, or passed to the
   * helper being checked): the argument stored in that field (see constructedField).
   */
  private constructorArgument(object: TSESTree.Node, property: string): TSESTree.Node | null {
    let target: TSESTree.Node = object;
    for (let hops = 0; target.type === AST_NODE_TYPES.Identifier && hops < 4; hops++) {
      const variable = findVariable(this.scopeOf(target), target);
      const def = variable?.defs[0];
      if (def?.type === 'Parameter') {
        const argument = this.bound?.(def.name as TSESTree.Identifier);
        if (!argument) return null;
        target = argument;
      } else if (def?.type === 'Variable' && def.node.init && def.node.id === def.name && !variable!.references.some((r) => r.isWrite() && !r.init)) {
        target = def.node.init;
      } else return null;
    }
    return constructedField(target, property, this.checker, this.tsNode);
  }

  /** `ctx.session.user.id` / `input.patientId` of a tRPC or GraphQL resolver's context and input. */
  private contextMember(root: TSESTree.Identifier, node: TSESTree.MemberExpression): Origin | null {
    const role = this.parameterRole(root);
    const full = memberPath(node);
    if (!full || (role?.kind !== 'context' && role?.kind !== 'resolverOptions')) return null;
    if (role.kind === 'resolverOptions') {
      if (full[1] === 'input') return { kind: 'request', source: 'tRPC `input`' };
      if (full[1] !== 'ctx') return null;
    }
    const rest = role.kind === 'context' ? [...(role.at ?? []), ...full.slice(1)] : full.slice(2);
    const isPrincipal = CONTEXT_PRINCIPAL_PATHS.some((p) => p.every((s, i) => rest[i] === s));
    return isPrincipal ? PRINCIPAL : null;
  }

  private call(node: TSESTree.CallExpression, depth: number): Origin {
    const callee = node.callee;
    const name = calleeName(node);
    if (name && AUTH_FUNCTIONS.has(name)) {
      const symbol = this.checker.getSymbolAtLocation(this.tsNode(callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee));
      if (fromPackage(fileOf(symbol, this.checker), AUTH_PACKAGES) || this.declaredByNextAuth(callee)) return PRINCIPAL;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && name) {
      const receiver = this.checker.getNonNullableType(this.typeOf(callee.object));
      const receiverName = (receiver.aliasSymbol ?? receiver.getSymbol())?.getName();
      if (receiverName && BODY_READERS.has(name) && REQUEST_TYPE_NAMES.has(receiverName)) {
        return { kind: 'request', source: `the request body (\`${name}()\`)` };
      }
      if (receiverName && FIELD_READERS.has(name) && FIELD_CONTAINER_TYPES.has(receiverName)) {
        return { kind: 'request', source: `\`${memberPath(callee)?.join('.') ?? name}()\`` };
      }
      if (VALUE_METHODS.has(name)) return this.classify(callee.object, depth + 1);
    }
    if (callee.type === AST_NODE_TYPES.Identifier && CONVERSIONS.has(callee.name) && node.arguments[0]) {
      return this.classify(node.arguments[0], depth + 1);
    }
    if (this.isQuery(node)) return { kind: 'unknown', reason: 'it is loaded from the database' };
    const returns = this.resolver.alternatives(node);
    if (returns.length !== 1 || returns[0] !== node) return combine(returns.map((r) => this.classify(r, depth + 1)));
    return { kind: 'unknown', reason: `it is returned by \`${name ?? 'a call'}()\`` };
  }

  /** `export const { auth } = NextAuth(…)`: Auth.js's `auth` is defined in the app, made by NextAuth. */
  private declaredByNextAuth(callee: TSESTree.Node): boolean {
    const type = this.typeOf(callee);
    return type.getCallSignatures().some((sig) => this.isPrincipalType(this.checker.getAwaitedType(sig.getReturnType()) ?? sig.getReturnType()));
  }

  private identifier(node: TSESTree.Identifier, depth: number): Origin {
    const variable = findVariable(this.scopeOf(node), node);
    const def = variable?.defs[0];
    if (!variable || !def) return { kind: 'unknown', reason: `\`${node.name}\` is not declared in this file` };
    if (def.type === 'Parameter') {
      const argument = this.bound?.(def.name as TSESTree.Identifier);
      if (argument) return this.classify(argument, depth + 1);
      return this.parameter(def.name as TSESTree.Identifier, node.name);
    }
    if (def.type === 'ImportBinding') return { kind: 'unknown', reason: `\`${node.name}\` is imported` };
    if (def.type !== 'Variable' || !def.node.init) return { kind: 'unknown', reason: `\`${node.name}\` is not initialised where it is declared` };
    if (variable.references.some((ref) => ref.isWrite() && !ref.init)) {
      return { kind: 'unknown', reason: `\`${node.name}\` is reassigned` };
    }
    // A destructured binding inherits the origin of the object it is taken from.
    return this.classify(def.node.init, depth + 1);
  }

  private parameter(binding: TSESTree.Identifier, name: string): Origin {
    const role = this.parameterRole(binding);
    if (role?.kind === 'request') return role;
    if (role?.kind === 'principal') return PRINCIPAL;
    // `({ ctx: { user } })`: the binding is the context's signed-in user itself.
    if (role?.kind === 'context' && role.at && CONTEXT_PRINCIPAL_PATHS.some((p) => p.length <= role.at!.length && p.every((s, i) => role.at![i] === s))) {
      return PRINCIPAL;
    }
    return { kind: 'unknown', reason: `\`${name}\` is a function parameter` };
  }

  /**
   * Framework conventions for parameters: NestJS `@Param()`/`@CurrentUser()`, tRPC and GraphQL resolver
   * inputs and contexts, Next.js route and page `params`/`searchParams`.
   */
  private parameterRole(binding: TSESTree.Identifier): ParameterRole {
    const variable = findVariable(this.scopeOf(binding), binding);
    const def = variable?.defs[0];
    if (!def || def.type !== 'Parameter') return null;
    const fn = def.node as TSESTree.FunctionLike;
    const index = fn.params.findIndex((p) => containsNode(p, def.name));
    if (index === -1) return null;
    const param = fn.params[index];
    const decorated = this.decoratorRole(param);
    if (decorated) return decorated;
    const key = bindingKey(param, def.name);

    if (index === 0 && this.isTrpcResolver(fn)) {
      if (key === 'input') return { kind: 'request', source: 'tRPC `input`' };
      if (key === 'ctx') return { kind: 'context', at: contextPath(param, def.name) };
      if (param.type === AST_NODE_TYPES.Identifier) return { kind: 'resolverOptions' };
    }
    // A procedure's handler declared apart from its router (`export const updateHandler =
    // async ({ ctx, input }: UpdateOptions) => …`, then `.mutation(updateHandler)` or a dynamic import),
    // which nothing types as one: its options are destructured into `input` and `ctx`/`context`.
    if (index === 0 && (key === 'input' || key === 'ctx' || key === 'context') && isProcedureOptions(param)) {
      if (key === 'input') return { kind: 'request', source: 'the procedure\'s `input`' };
      return { kind: 'context', at: contextPath(param, def.name) };
    }
    if ((index === 1 || index === 2) && this.isGraphqlResolver(fn)) {
      if (index === 1) return { kind: 'request', source: 'GraphQL resolver `args`' };
      if (index === 2) return { kind: 'context' };
    }
    if (this.isNextEntry(fn) && (key === 'params' || key === 'searchParams')) {
      return { kind: 'request', source: `Next.js \`${key}\`` };
    }
    return null;
  }

  private decoratorRole(param: TSESTree.Parameter): ParameterRole {
    const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
    const decorators = 'decorators' in target ? target.decorators ?? [] : [];
    for (const decorator of decorators) {
      const expression = decorator.expression;
      const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
      if (callee.type !== AST_NODE_TYPES.Identifier) continue;
      if (this.settings.untrusted.decorators.includes(callee.name)) return { kind: 'request', source: `\`@${callee.name}()\`` };
      if (this.settings.principal.decorators.includes(callee.name)) return { kind: 'principal' };
      const file = fileOf(this.checker.getSymbolAtLocation(this.tsNode(callee)), this.checker);
      if (NEST_REQUEST_DECORATORS.has(callee.name) && fromPackage(file, NEST.packages)) {
        return { kind: 'request', source: `NestJS \`@${callee.name}()\`` };
      }
      if (USER_DECORATOR.test(callee.name) && this.isParamDecoratorFactory(callee)) return { kind: 'principal' };
    }
    return null;
  }

  /** A decorator made by NestJS's `createParamDecorator`, as custom `@CurrentUser()` decorators are. */
  private isParamDecoratorFactory(callee: TSESTree.Identifier): boolean {
    const declaration = unaliased(this.checker, this.checker.getSymbolAtLocation(this.tsNode(callee)))?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    const init = declaration.initializer;
    return ts.isCallExpression(init) && init.expression.getText() === 'createParamDecorator';
  }

  /** The function passed to a tRPC procedure builder's `.query()`, `.mutation()` or `.subscription()`. */
  private isTrpcResolver(fn: TSESTree.FunctionLike): boolean {
    const parent = fn.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = parent.callee.property.type === AST_NODE_TYPES.Identifier ? parent.callee.property.name : '';
    if (!TRPC.entries?.resolverMethods?.includes(method)) return false;
    const symbol = this.checker.getSymbolAtLocation(this.tsNode(parent.callee.property));
    return fromPackage(fileOf(symbol, this.checker), TRPC.packages);
  }

  /**
   * `(parent, args, context, info: GraphQLResolveInfo) => …`, or the `resolve` of a GraphQL field
   * config (graphql-js, nexus: `{ type, args, resolve(parent, args, context) {…} }`), which is often
   * declared apart from the schema it is given to, so that nothing types its parameters.
   */
  private isGraphqlResolver(fn: TSESTree.FunctionLike): boolean {
    if (isFieldConfigResolve(fn)) return true;
    // The resolve info is the fourth parameter: a function declaring fewer has none to type.
    if (fn.params.length < 4) return false;
    const signature = this.checker.getSignatureFromDeclaration(this.tsNode(fn) as ts.SignatureDeclaration);
    const info = signature?.getParameters()[3];
    if (!info) return false;
    const type = this.checker.getTypeOfSymbol(info);
    return type.getSymbol()?.getName() === GRAPHQL.entries?.resolverInfoType && fromPackage(fileOf(type.getSymbol(), this.checker), GRAPHQL.packages);
  }

  /** A route handler (`export async function GET`) in `route.ts`, or the default export of `page.tsx`/`layout.tsx`. */
  private isNextEntry(fn: TSESTree.FunctionLike): boolean {
    const base = path.basename(this.filename).replace(/\.[cm]?[jt]sx?$/, '');
    if (base === 'route') {
      const name = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : variableNameOf(fn);
      return !!name && HTTP_METHODS.has(name);
    }
    if (base === 'page' || base === 'layout') {
      return fn.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
    }
    return false;
  }
}

function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    return callee.property.name;
  }
  return null;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | null {
  let current: TSESTree.Node = node;
  while (current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.ChainExpression) {
    current = current.type === AST_NODE_TYPES.ChainExpression ? current.expression : current.object;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : null;
}

function variableNameOf(fn: TSESTree.FunctionLike): string | undefined {
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
}

/** Whether `target` lies within `root` (by range; both of one file). */
export function containsNode(root: TSESTree.Node, target: TSESTree.Node): boolean {
  return root.range[0] <= target.range[0] && target.range[1] <= root.range[1];
}

/** For a binding destructured from a parameter (`{ ctx, input }`), the top-level key it came from. */
function bindingKey(param: TSESTree.Parameter, binding: TSESTree.Node): string | null {
  const pattern = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const prop of pattern.properties) {
    if (prop.type === AST_NODE_TYPES.Property && containsNode(prop, binding)) {
      return prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : null;
    }
  }
  return null;
}

/** `{ input, ctx }` / `{ input, context: { user } }`: a procedure handler's options, destructured. */
function isProcedureOptions(param: TSESTree.Parameter): boolean {
  if (param.type !== AST_NODE_TYPES.ObjectPattern) return false;
  const keys = new Set(param.properties.map((p) => (p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : null)));
  return keys.has('input') && (keys.has('ctx') || keys.has('context'));
}

/**
 * Where a binding destructured from a context parameter sits in the context: `{ ctx: { session } }` →
 * `['session']`, `{ ctx: { session: { user } } }` → `['session', 'user']`; `[]` for the context itself.
 */
function contextPath(param: TSESTree.Parameter, binding: TSESTree.Node): readonly string[] | undefined {
  const pattern = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const top = pattern.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && containsNode(p, binding));
  if (!top) return undefined;
  const path: string[] = [];
  let value: TSESTree.Node = top.value;
  while (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
  while (value.type === AST_NODE_TYPES.ObjectPattern) {
    const inner: TSESTree.Property | undefined = value.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && containsNode(p, binding));
    if (!inner || inner.computed || inner.key.type !== AST_NODE_TYPES.Identifier) return undefined;
    path.push(inner.key.name);
    value = inner.value;
    while (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
  }
  return path;
}

/** The `resolve` of an object that also has `type` and `args`: a GraphQL field's configuration. */
function isFieldConfigResolve(fn: TSESTree.FunctionLike): boolean {
  const property = fn.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== fn || keyName(property) !== 'resolve') return false;
  const object = property.parent;
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const keys = new Set(object.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? keyName(p) : null)));
  return keys.has('type') && keys.has('args');
}

function keyName(property: TSESTree.Property): string | null {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string' ? property.key.value : null;
}
