import { AST_NODE_TYPES, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { PrismaAdapter } from '../adapters/prisma';
import type { AdapterContext, DataLayerAdapter, FilterInsertion, QuerySite } from '../adapters/types';
import { createPrincipalFinder } from '../analysis/principal';
import { Resolver } from '../analysis/resolve';
import { evaluate, type Evaluation, type ValueCheck } from '../analysis/scoping';
import { mayBeUndefined } from '../analysis/types';
import { acceptedPaths, describePaths, filterText } from '../analysis/paths';
import { loadProjectConfig } from '../schema';
import type { FieldPath, ModelInfo, ScopePolicy } from '../schema/types';
import { createRule } from '../util/createRule';

export type Options = [
  {
    reportUnverifiable?: boolean;
    matchUntypedByName?: boolean;
  },
];

export type MessageIds =
  | 'missingOwnerScope'
  | 'missingOwnerScopeUntyped'
  | 'missingTenantScope'
  | 'unscopedOrBranch'
  | 'possiblyUndefinedOwner'
  | 'unverifiableScope'
  | 'configProblem'
  | 'schemaNotFound'
  | 'addOwnerFilter';

const ADAPTERS: readonly DataLayerAdapter[] = [new PrismaAdapter()];

const VERB = { read: 'return', write: 'change' } as const;
const PAST = { read: 'returned', write: 'changed' } as const;

export default createRule<Options, MessageIds>({
  name: 'require-owner-scope',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every query on an owner-scoped model to filter by its owner (and tenant)',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportUnverifiable: {
            type: 'boolean',
            description:
              'Also report queries whose filter cannot be read statically (for example a `where` received as a parameter), unless its declared type requires an owner field. Off in `recommended`, on in `strict`.',
          },
          matchUntypedByName: {
            type: 'boolean',
            description:
              'When the client is typed `any` (broken or partial type setup), match `<x>.<model>.<operation>()` against the schema\'s model names. On by default.',
          },
        },
      },
    ],
    messages: {
      missingOwnerScope:
        '`{{operation}}` on {{model}} is not filtered by its owner ({{owners}}), so it can {{verb}} any user\'s {{model}} rows. Add {{owners}} to `where`, set from the signed-in user.',
      missingOwnerScopeUntyped:
        '`{{operation}}` on {{model}} is not filtered by its owner ({{owners}}), so it can {{verb}} any user\'s {{model}} rows. Type information for this call was missing (the client is typed `any`), so it was matched by name; add {{owners}} to `where`, set from the signed-in user, and fix the client\'s types.',
      missingTenantScope:
        '`{{operation}}` on {{model}} is not filtered by its tenant ({{tenants}}), so it can {{verb}} other organisations\' {{model}} rows. Add {{tenants}} to `where`, set from the signed-in user\'s tenant.',
      unscopedOrBranch:
        'This `OR` branch is not filtered by {{model}}\'s {{scope}} ({{fields}}), so rows that match it are {{affected}} for every user. Add the filter to this branch, or move it out of the `OR`.',
      possiblyUndefinedOwner:
        'The value of `{{field}}` may be `undefined`, and Prisma drops a filter whose value is `undefined`, so `{{operation}}` would then {{verb}} every user\'s {{model}} rows. Make sure the value is defined before the query (check the session first).',
      unverifiableScope:
        'The filter of `{{operation}}` on {{model}} cannot be read here, so its owner scope ({{fields}}) cannot be verified. Build the `where` in this function, or give it a type in which {{fields}} is required.',
      configProblem: 'data-isolation configuration problem: {{problem}}',
      schemaNotFound:
        '{{model}} is a Prisma model, but no Prisma schema was found for this file (looked for prisma.config.ts, package.json "prisma.schema", prisma/schema.prisma, prisma/schema/ and schema.prisma), so its queries are not checked. Set `settings["data-isolation"].schema` to the schema\'s path.',
      addOwnerFilter: 'Filter by `{{filter}}`.',
    },
  },
  defaultOptions: [{ reportUnverifiable: false, matchUntypedByName: true }],
  create(context, [options]) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    const tsNode = (node: TSESTree.Node) => services.esTreeNodeToTSNodeMap.get(node);
    const scopeOf = (node: TSESTree.Node) => context.sourceCode.getScope(node);
    const config = loadProjectConfig({
      filename: context.filename,
      cwd: context.cwd,
      settings: (context.settings as Record<string, unknown>)['data-isolation'],
    });
    const ctx: AdapterContext = { checker, tsNode, resolver: new Resolver(scopeOf), config };
    const principal = createPrincipalFinder(checker, tsNode, scopeOf);
    const checkValue: ValueCheck = (value) =>
      mayBeUndefined(checker.getTypeAtLocation(tsNode(value))) ? 'mayBeUndefined' : 'defined';
    let configReported = false;

    function reportConfig(site: QuerySite): void {
      if (configReported) return;
      configReported = true;
      for (const problem of config.problems) {
        context.report({ node: site.operationNode, messageId: 'configProblem', data: { problem: problem.message } });
      }
      if (config.schemaFiles.length === 0 && !config.policies.has(site.modelName)) {
        context.report({ node: site.operationNode, messageId: 'schemaNotFound', data: { model: site.modelName } });
      }
    }

    function check(site: QuerySite, adapter: DataLayerAdapter, policy: ScopePolicy): void {
      const filter = adapter.readFilter(site, ctx);
      const data = { operation: site.operation, model: site.modelName, verb: VERB[site.access] };
      const requirements: { scope: 'owner' | 'tenant'; paths: readonly FieldPath[] }[] = [
        { scope: 'owner', paths: policy.owners },
        { scope: 'tenant', paths: policy.tenants },
      ];
      for (const { scope, paths } of requirements) {
        if (paths.length === 0) continue;
        const accepted = acceptedPaths(site.model, paths, config.models);
        const result: Evaluation = filter ? evaluate(filter, accepted, checkValue) : { status: 'unscoped' };
        const fields = describePaths(paths);
        if (result.status === 'scoped') continue;
        if (result.status === 'unknown') {
          if (options.reportUnverifiable) {
            context.report({ node: site.operationNode, messageId: 'unverifiableScope', data: { ...data, fields } });
          }
          continue;
        }
        if (result.undefinedValue) {
          context.report({
            node: result.undefinedValue.node,
            messageId: 'possiblyUndefinedOwner',
            data: { ...data, field: result.undefinedValue.path.join('.') },
          });
        } else if (result.branch) {
          context.report({
            node: result.branch,
            messageId: 'unscopedOrBranch',
            data: { ...data, scope, fields, affected: PAST[site.access] },
          });
        } else {
          const messageId =
            scope === 'tenant' ? 'missingTenantScope' : site.typed ? 'missingOwnerScope' : 'missingOwnerScopeUntyped';
          context.report({
            node: site.operationNode,
            messageId,
            data: { ...data, owners: fields, tenants: fields },
            suggest: suggestions(site, adapter, paths, scope),
          });
        }
        // One finding per query: a query that lacks its owner scope needs that fixed first.
        return;
      }
    }

    function suggestions(
      site: QuerySite,
      adapter: DataLayerAdapter,
      paths: readonly FieldPath[],
      scope: 'owner' | 'tenant',
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const insertion = adapter.filterInsertion(site);
      if (!insertion) return [];
      const out: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      for (const path of paths) {
        const field = path[path.length - 1];
        const value = principal.valueFor(site.call, scope === 'owner' ? 'id' : field);
        if (!value) continue;
        if (insertion.kind === 'intoObject' && hasKey(insertion.object, path[0])) continue;
        const filter = filterText(site.model, path, value, config.models);
        out.push({
          messageId: 'addOwnerFilter',
          data: { filter },
          fix: (fixer) => insert(fixer, insertion, filter),
        });
      }
      return out;
    }

    function insert(fixer: TSESLint.RuleFixer, insertion: FilterInsertion, filter: string): TSESLint.RuleFix {
      switch (insertion.kind) {
        case 'intoObject': {
          const props = insertion.object.properties;
          if (props.length === 0) return fixer.replaceText(insertion.object, `{ ${filter} }`);
          return fixer.insertTextAfter(props[props.length - 1], `, ${filter}`);
        }
        case 'intoArgs': {
          const props = insertion.args.properties;
          if (props.length === 0) return fixer.replaceText(insertion.args, `{ where: { ${filter} } }`);
          return fixer.insertTextBefore(props[0], `where: { ${filter} }, `);
        }
        case 'noArgs': {
          const closing = context.sourceCode.getLastToken(insertion.call)!;
          return fixer.insertTextBefore(closing, `{ where: { ${filter} } }`);
        }
      }
    }

    return {
      CallExpression(node) {
        for (const adapter of ADAPTERS) {
          const site = adapter.matchQuery(node, ctx);
          if (!site) continue;
          if (!site.typed && !options.matchUntypedByName) return;
          reportConfig(site);
          const policy = config.policies.get(site.modelName);
          if (policy && policy.publicReason === undefined) check(site, adapter, policy);
          return;
        }
      },
    };
  },
});

function hasKey(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some(
    (p) =>
      p.type === AST_NODE_TYPES.Property &&
      ((p.key.type === AST_NODE_TYPES.Identifier && !p.computed && p.key.name === key) ||
        (p.key.type === AST_NODE_TYPES.Literal && p.key.value === key)),
  );
}

export type { ModelInfo };
