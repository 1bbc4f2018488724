import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  assignmentsOf,
  argumentsOf,
  callFromPackage,
  entityPolicy,
  identifierSymbol,
  methodName,
  objectEntries,
  objectLiteral,
  propertyName,
  readObjectWhere,
  receiverOf,
  symbolFromPackage,
  type Equals,
  type ObjectWhereDialect,
  entitySite,
} from './shared';
import type { Access, AdapterContext, Constraint, DataLayerAdapter, FilterInsertion, PolicyLookup, QuerySite } from './types';

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
    const receiver = receiverOf(call)!;
    const symbol = identifierSymbol(receiver, ctx);
    const declaration: ts.Node | undefined = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!symbol || !declaration) return null;
    const receiverType = ctx.checker.getTypeAtLocation(ctx.tsNode(receiver));
    const prototype = ctx.checker.getPropertyOfType(receiverType, 'prototype');
    const modelName = symbol.getName();
    return entitySite(call, {
      modelName,
      operation,
      access: method.access,
      entity: {
        names: [modelName],
        declaration,
        kind: 'model',
        // A class declares its attributes; `sequelize.define(…)` models are typed `Model<any>`.
        rowType: prototype && ts.isClassDeclaration(declaration) ? ctx.checker.getTypeOfSymbol(prototype) : undefined,
      },
    });
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
    if (!object) return { kind: 'unknown', node: options };
    const entries = objectEntries(object, ctx);
    if (!entries) return { kind: 'unknown', node: options };
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
