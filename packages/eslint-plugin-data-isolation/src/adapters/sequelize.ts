import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  assignmentsOf,
  argumentsOf,
  callFromPackage,
  entityPolicy,
  fileFromPackage,
  identifierSymbol,
  methodName,
  objectEntries,
  objectLiteral,
  opaqueFilter,
  propertyName,
  readObjectWhere,
  receiverOf,
  symbolFromPackage,
  type Equals,
  type ObjectWhereDialect,
  entitySite,
} from './shared';
import { AST_NODE_TYPES } from '../node-types';
import { unaliased } from '../analysis/types';
import type { Access, AdapterContext, Constraint, EntityRef, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

const PACKAGES = ['sequelize', 'sequelize-typescript'];

/** Each static method, its access, which argument holds the options (with `where`), and the values it writes. */
const METHODS: ReadonlyMap<string, { access: Access; options?: number; data?: number; byKey?: boolean }> = new Map([
  ['findAll', { access: 'read', options: 0 }],
  ['findOne', { access: 'read', options: 0 }],
  ['findAndCountAll', { access: 'read', options: 0 }],
  ['count', { access: 'read', options: 0 }],
  ['findByPk', { access: 'read', byKey: true }],
  ['update', { access: 'write', options: 1, data: 0 }],
  ['destroy', { access: 'write', options: 0 }],
  ['restore', { access: 'write', options: 0 }],
  ['create', { access: 'create', data: 0 }],
  ['bulkCreate', { access: 'create', data: 0 }],
]);

/** Sequelize's `where`: `[Op.or]`/`[Op.and]`, `[Op.eq]`/`[Op.in]`, and `'$relation.field$'` keys. */
function dialect(ctx: AdapterContext): ObjectWhereDialect {
  const op = (property: TSESTree.Property | null): string | null => {
    const key = property?.computed ? property.key : null;
    if (key?.type !== AST_NODE_TYPES.MemberExpression || !symbolFromPackage(ctx.checker, identifierSymbol(key.object, ctx), PACKAGES)) return null;
    return propertyName(key);
  };
  return {
    combinator: (property) => {
      const name = op(property);
      return name === 'or' ? 'any' : name === 'and' ? 'all' : null;
    },
    operand: (object) => {
      let found: TSESTree.Node | 'none' | null = null;
      for (const prop of object.properties) {
        const name = prop.type === AST_NODE_TYPES.Property ? op(prop) : null;
        if (!name) return null;
        if ((name === 'eq' || name === 'in') && prop.type === AST_NODE_TYPES.Property) found = prop.value;
        else found ??= 'none';
      }
      return found;
    },
    path: (key) => (/^\$.+\$$/.test(key) ? key.slice(1, -1).split('.') : [key]),
  };
}

/** `Model.scope('x')` / `Model.unscoped()` / `Model.schema('s')` query the same model: their receiver. */
function modelExpression(receiver: TSESTree.Expression): TSESTree.Expression {
  let node = receiver;
  while (node.type === AST_NODE_TYPES.CallExpression && ['scope', 'unscoped', 'schema'].includes(methodName(node) ?? '')) node = receiverOf(node)!;
  return node;
}

/**
 * The model an expression denotes, by its TYPE: a class extending `Model` (`typeof Consultation`, whatever
 * the expression: an identifier, `models.Transaction`, `db.models.Order`), a `ModelStatic<T>`, or a
 * `sequelize.define(…)` const. The policy is the JSDoc on the model's class, else on the const or property
 * that holds it; its settings name is the class name or, for untyped models, the name it is reached by.
 */
function modelOf(node: TSESTree.Expression, ctx: AdapterContext): EntityRef | null {
  const symbol =
    identifierSymbol(node, ctx) ??
    (node.type === AST_NODE_TYPES.MemberExpression ? unaliased(ctx.checker, ctx.checker.getSymbolAtLocation(ctx.tsNode(node.property))) : undefined);
  const reachedBy = symbol?.getName() ?? (node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node) : null);
  const type = ctx.checker.getTypeAtLocation(ctx.tsNode(node));
  const prototype = ctx.checker.getPropertyOfType(type, 'prototype');
  const instance = prototype ? ctx.checker.getTypeOfSymbol(prototype) : type.getConstructSignatures()[0]?.getReturnType();
  const classDeclaration = instance?.getSymbol()?.declarations?.find((d) => ts.isClassLike(d) && !fileFromPackage(d.getSourceFile().fileName, PACKAGES));
  const className = classDeclaration && (classDeclaration as ts.ClassLikeDeclaration).name?.text;
  if (classDeclaration && className) {
    const names = [className, ...(reachedBy && reachedBy !== className ? [reachedBy] : [])];
    // A class declares its attributes (`declare patientId: string`); one that leaves them to `Model.init({…})`
    // (most .js models) has only Model's own properties, which say nothing about its columns.
    const declaresAttributes = (classDeclaration as ts.ClassLikeDeclaration).members.some(ts.isPropertyDeclaration);
    return { names, declaration: classDeclaration, kind: 'model', rowType: declaresAttributes ? instance : undefined };
  }
  // Reached through an object (`models.X`), only a model's static side qualifies: not a row (`order.update(…)`).
  if (!reachedBy || (node.type !== AST_NODE_TYPES.Identifier && !instance)) return null;
  const declaration = definitionOf(symbol, ctx);
  // `sequelize.define(…)` models and `sequelize.models.X` are typed `Model<any>`: no row type to check.
  return { names: [reachedBy], declaration, kind: 'model' };
}

/** The declaration a model is defined by, through registry entries (`{ Invoice }`, `{ Invoice: Invoice }`). */
function definitionOf(symbol: ts.Symbol | undefined, ctx: AdapterContext, depth = 0): ts.Node | undefined {
  const declaration: ts.Node | undefined = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration || depth > 4) return declaration;
  const next = ts.isShorthandPropertyAssignment(declaration)
    ? ctx.checker.getShorthandAssignmentValueSymbol(declaration)
    : ts.isPropertyAssignment(declaration) && ts.isIdentifier(declaration.initializer)
      ? ctx.checker.getSymbolAtLocation(declaration.initializer)
      : undefined;
  return next ? definitionOf(unaliased(ctx.checker, next), ctx, depth + 1) : declaration;
}

/**
 * Sequelize (and sequelize-typescript): static model methods `findAll/findOne/findAndCountAll/count/
 * update/destroy` with `where`, `findByPk` (unscoped by definition: it selects by primary key only), and
 * `create`'s values. Models are classes (`class Consultation extends Model`) or `sequelize.define(…)` consts.
 */
export class SequelizeAdapter implements DataLayerAdapter {
  readonly name = 'sequelize';

  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null {
    const operation = methodName(call);
    const method = operation ? METHODS.get(operation) : undefined;
    if (!operation || !method || !callFromPackage(call, ctx, PACKAGES)) return null;
    const receiver = modelExpression(receiverOf(call)!);
    const model = modelOf(receiver, ctx);
    if (!model) return null;
    return entitySite(call, { modelName: model.names[0], operation, access: method.access, entity: model });
  }

  policyFor(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined {
    return entityPolicy(site, ctx);
  }

  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null {
    const method = METHODS.get(site.operation)!;
    if (method.byKey) return { kind: 'none', node: site.call };
    const options = method.options === undefined ? undefined : argumentsOf(site.call)[method.options];
    if (!options) return null;
    const object = objectLiteral(options, ctx);
    if (!object) return opaqueFilter(options, ctx, { within: ['where'] });
    const entries = objectEntries(object, ctx);
    if (!entries) return opaqueFilter(options, ctx, { within: ['where'] });
    const where = entries.filter((e) => e.key === 'where').pop();
    return where ? readObjectWhere(where.value, ctx, dialect(ctx)) : null;
  }

  readAssignments(site: QuerySite, ctx: AdapterContext): Equals[] {
    const index = METHODS.get(site.operation)?.data;
    const data = index === undefined ? undefined : argumentsOf(site.call)[index];
    return data && data.type !== AST_NODE_TYPES.SpreadElement ? assignmentsOf(data, ctx) : [];
  }

  filterInsertion(): FilterInsertion | null {
    return null;
  }
}
