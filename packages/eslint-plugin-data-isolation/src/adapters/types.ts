import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import type { Resolver } from '../analysis/resolve';
import type { Constraint } from '../analysis/constraint';
import type { ConfigProblem, ModelInfo, ProjectConfig, ScopePolicy } from '../schema/types';

export type { Constraint } from '../analysis/constraint';

/**
 * A value the query writes into a column. `carried`: the value is a whole object written or spread
 * (`data: input`, `{ ...dto }`) whose type has this field, not the field's own value.
 */
export type Assignment = Extract<Constraint, { kind: 'equals' }> & { carried?: boolean };

/** `create` writes new rows: it has no filter, only the values it assigns. */
export type Access = 'read' | 'write' | 'create';

/** A query is a call, or a tagged template that runs one (``prisma.$queryRaw`…` ``). */
export type QueryExpression = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

export interface QuerySite {
  call: QueryExpression;
  /** The node that names the operation (`findMany`), where whole-query findings go. */
  operationNode: TSESTree.Node;
  modelName: string;
  /** Undefined when the schema that was found does not declare the model. */
  model: ModelInfo | undefined;
  operation: string;
  access: Access;
  /** False when the receiver had no type information and the call was matched by name. */
  typed: boolean;
  /** For Prisma: a file of the generated client that declares the delegate's type (to find its schema). */
  clientFile?: string;
  /** For data layers without a Prisma schema: the entity (class, table, model) the query touches. */
  entity?: EntityRef;
  /** The adapter's own data about the match (its chain, its parsed SQL), read back by its other methods. */
  match?: unknown;
}

/** The entity/table/model a non-Prisma query touches, where its policy is declared. */
export interface EntityRef {
  /** Names `settings["data-isolation"].models` may use for it, the preferred first (class or const name, table name). */
  names: readonly string[];
  /** The declaration whose JSDoc may carry `@owner`/`@tenant`/`@public` (entity class, table const, schema const). */
  declaration?: ts.Node;
  /** What the ORM calls it, for messages: `entity`, `table`, `model`. */
  kind: 'entity' | 'table' | 'model';
  /** The row's type, to check that declared owner fields exist. */
  rowType?: ts.Type;
}

/** A policy found next to an entity, with the problems of its declaration. */
export interface PolicyLookup {
  policy?: ScopePolicy;
  problems: readonly ConfigProblem[];
}

export interface AdapterContext {
  checker: ts.TypeChecker;
  tsNode(node: TSESTree.Node): ts.Node;
  resolver: Resolver;
  config: ProjectConfig;
  /**
   * A filter that a function of the program builds (`where: canReadTypebots(id, user)`, from any module):
   * the expressions it returns, to be read with `ctx`, in which its parameters stand for what the call
   * passes. Undefined when the call runs no such function (or the helpers nest too deep).
   */
  helperFilter?(call: TSESTree.CallExpression): { returned: readonly TSESTree.Node[]; ctx: AdapterContext } | undefined;
}

/** One data layer (ORM, query builder): how to recognise its queries and read their filters. */
export interface DataLayerAdapter {
  readonly name: string;
  /**
   * What the data layer does with a filter entry whose value is `undefined` when that makes the query
   * match every row ("Prisma ignores a filter whose value is `undefined`"); undefined when it binds it
   * as NULL or throws, which leaks nothing.
   */
  undefinedFilterValue?(site: QuerySite, ctx: AdapterContext): string | undefined;
  /** Returns the query this call performs, or null when it is not a query of this data layer. */
  matchQuery(call: TSESTree.CallExpression, ctx: AdapterContext): QuerySite | null;
  /** The query a tagged template runs by itself (``prisma.$queryRaw`…` ``), for data layers that have one. */
  matchTaggedQuery?(template: TSESTree.TaggedTemplateExpression, ctx: AdapterContext): QuerySite | null;
  /**
   * A call that matchQuery could not type but that reads as a query of this data layer by its names
   * alone (`db.note.findMany()` on an `any` client). Never checked as a query; it is where configuration
   * problems are reported when no query could be matched, so that they reach the user all the same.
   */
  looksLikeQuery?(call: TSESTree.CallExpression, ctx: AdapterContext): TSESTree.Node | null;
  /** The filter the query applies, as constraints; `null` when the query has no filter at all. */
  readFilter(site: QuerySite, ctx: AdapterContext): Constraint | null;
  /**
   * The column values the query writes (`data`, `create`), as `equals` constraints on their paths; an
   * object written whole or spread (`data: input`, `{ ...dto }`) writes every field its TYPE has.
   */
  readAssignments(site: QuerySite, ctx: AdapterContext): Assignment[];
  /** Where a suggestion can add a filter entry; null when the query's shape does not allow a safe edit. */
  filterInsertion(site: QuerySite): FilterInsertion | null;
  /**
   * The policy of the entity the query touches, when the data layer declares it outside the Prisma
   * schema (JSDoc on the entity, or settings by entity name). Undefined: use `config.policies`.
   */
  policyFor?(site: QuerySite, ctx: AdapterContext): PolicyLookup | undefined;
}

export type FilterInsertion =
  /** The filter is an object literal: add `key: value` to it. */
  | { kind: 'intoObject'; object: TSESTree.ObjectExpression }
  /** The arguments object has no filter: add `where: { … }` to it. */
  | { kind: 'intoArgs'; args: TSESTree.ObjectExpression }
  /** The call has no argument: add `{ where: { … } }`. */
  | { kind: 'noArgs'; call: TSESTree.CallExpression };
