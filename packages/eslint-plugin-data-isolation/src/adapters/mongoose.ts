import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { unaliased } from '../analysis/types';
import {
  assignmentsOf,
  argumentsOf,
  callFromPackage,
  entityPolicy,
  hasPolicyTags,
  identifierSymbol,
  methodName,
  readObjectWhere,
  receiverOf,
  typeArgumentsOf,
  type Equals,
  type ObjectWhereDialect,
  entitySite,
} from './shared';
import type { Access, AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

const PACKAGES = ['mongoose'];

/** Each model method, its access, where its filter is, and the values it writes. `byId`: unscoped by definition. */
const METHODS: ReadonlyMap<string, { access: Access; filter?: number; data?: number; byId?: boolean }> = new Map([
  ['find', { access: 'read', filter: 0 }],
  ['findOne', { access: 'read', filter: 0 }],
  ['countDocuments', { access: 'read', filter: 0 }],
  ['exists', { access: 'read', filter: 0 }],
  ['distinct', { access: 'read', filter: 1 }],
  ['findById', { access: 'read', byId: true }],
  ['updateOne', { access: 'write', filter: 0, data: 1 }],
  ['updateMany', { access: 'write', filter: 0, data: 1 }],
  ['replaceOne', { access: 'write', filter: 0, data: 1 }],
  ['deleteOne', { access: 'write', filter: 0 }],
  ['deleteMany', { access: 'write', filter: 0 }],
  ['findOneAndUpdate', { access: 'write', filter: 0, data: 1 }],
  ['findOneAndDelete', { access: 'write', filter: 0 }],
  ['findOneAndReplace', { access: 'write', filter: 0, data: 1 }],
  ['findByIdAndUpdate', { access: 'write', byId: true, data: 1 }],
  ['findByIdAndDelete', { access: 'write', byId: true }],
  ['create', { access: 'create', data: 0 }],
  ['insertMany', { access: 'create', data: 0 }],
]);

/** MongoDB's query language: `$or`/`$and`/`$nor`, `$eq`/`$in`, and dotted paths into embedded documents. */
const DIALECT: ObjectWhereDialect = {
  combinator: (_property, key) => (key === '$or' ? 'any' : key === '$and' ? 'all' : null),
  operand: (object) => {
    let found: TSESTree.Node | 'none' | null = null;
    for (const prop of object.properties) {
      if (prop.type !== AST_NODE_TYPES.Property || prop.computed) return null;
      const key = prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : prop.key.type === AST_NODE_TYPES.Literal ? String(prop.key.value) : '';
      if (!key.startsWith('$')) return null;
      if (key === '$eq' || key === '$in') found = prop.value;
      else found ??= 'none';
    }
    return found;
  },
  path: (key) => (key.startsWith('$') ? ['$'] : key.split('.')),
};

/**
 * Mongoose: model methods (find/findOne/findById/countDocuments/updateOne/updateMany/deleteOne/
 * deleteMany/findOneAndUpdate/findByIdAndDelete, …), recognised by their declarations in `mongoose`.
 * `findById*` selects by `_id` alone, so it is unscoped by definition. The policy is the JSDoc on the
 * model const (`const Consultation = model(…)`) or, failing that, on the schema const passed to `model()`.
 * A model exported as `export default model('Alert', …)` or `module.exports = model(…)` is found through
 * that export whatever the importer calls it, under the name it was registered with.
 */
export class MongooseAdapter implements DataLayerAdapter {
  readonly name = 'mongoose';

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    const operation = methodName(call);
    const method = operation ? METHODS.get(operation) : undefined;
    if (!operation || !method || !callFromPackage(call, ctx, PACKAGES)) return null;
    const receiver = receiverOf(call)!;
    const receiverType = ctx.checker.getTypeAtLocation(ctx.tsNode(receiver));
    const symbol = identifierSymbol(receiver, ctx);
    const docType = typeArgumentsOf(ctx.checker, receiverType, 'Model')?.[0];
    if (!docType) return null;
    const modelConst = symbol?.valueDeclaration;
    const declaration = modelConst && hasPolicyTags(modelConst) ? modelConst : (schemaOf(modelConst, ctx) ?? modelConst);
    const registered = registeredName(modelConst);
    // `export default model('Alert', …)` / `module.exports = model(…)`: the import's symbol is `default` / `export=`,
    // whatever the importer calls it; the model's name is the one it was registered under.
    const exported = !!modelConst && (ts.isExportAssignment(modelConst) || ts.isBinaryExpression(modelConst));
    const modelName = (exported ? registered[0] : undefined) ?? symbol?.getName() ?? docType.getSymbol()?.getName();
    if (!modelName) return null;
    return entitySite(call, {
      modelName,
      operation,
      access: method.access,
      entity: { names: [...new Set([modelName, ...registered])], declaration, kind: 'model', rowType: docType },
    });
  }

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    return entityPolicy(site, ctx);
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const method = METHODS.get(site.operation)!;
    if (method.byId) return { kind: 'none', node: site.call };
    const filter = method.filter === undefined ? undefined : argumentsOf(site.call)[method.filter];
    return filter ? readObjectWhere(filter, ctx, DIALECT) : null;
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const index = METHODS.get(site.operation)?.data;
    const data = index === undefined ? undefined : argumentsOf(site.call)[index];
    if (!data || data.type === AST_NODE_TYPES.SpreadElement) return [];
    // `{ $set: { … } }` writes the same fields as `{ … }`.
    return assignmentsOf(data, ctx).flatMap((a) => (a.path[0] === '$set' ? assignmentsOf(a.value, ctx) : [a]));
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}

/**
 * The expression that defines a model: a const's initializer, `export default <expr>`, or
 * `module.exports = <expr>` (the import of a default or CommonJS export resolves to that declaration).
 */
function modelDefinition(declaration: ts.Node | undefined): ts.Expression | undefined {
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration)) return declaration.initializer;
  if (ts.isExportAssignment(declaration)) return declaration.expression;
  if (ts.isBinaryExpression(declaration) && declaration.operatorToken.kind === ts.SyntaxKind.EqualsToken) return declaration.right;
  if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
  return undefined;
}

/** The `model(…)` call that defines a model, through `as`/parentheses. */
function modelCall(declaration: ts.Node | undefined): ts.CallExpression | undefined {
  let init = modelDefinition(declaration);
  while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
  return init && ts.isCallExpression(init) ? init : undefined;
}

/** `model('Consultation', consultationSchema)`: the schema const's declaration. */
function schemaOf(declaration: ts.Declaration | undefined, ctx: AdapterContext): ts.Node | undefined {
  const init = modelCall(declaration);
  if (!init || !init.arguments[1] || !ts.isIdentifier(init.arguments[1])) return undefined;
  return unaliased(ctx.checker, ctx.checker.getSymbolAtLocation(init.arguments[1]))?.valueDeclaration;
}

/** The name the model was registered under: `model('Consultation', …)`. */
function registeredName(declaration: ts.Declaration | undefined): string[] {
  const init = modelCall(declaration);
  return init && init.arguments[0] && ts.isStringLiteralLike(init.arguments[0]) ? [init.arguments[0].text] : [];
}
