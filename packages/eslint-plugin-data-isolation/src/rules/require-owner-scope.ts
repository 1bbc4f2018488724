import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { DrizzleAdapter } from '../adapters/drizzle';
import { KyselyAdapter } from '../adapters/kysely';
import { MongooseAdapter } from '../adapters/mongoose';
import { PrismaAdapter } from '../adapters/prisma';
import { RawSqlAdapter } from '../adapters/raw-sql';
import { SequelizeAdapter } from '../adapters/sequelize';
import { TypeOrmAdapter } from '../adapters/typeorm';
import { propertyCarrying } from '../adapters/shared';
import type { AdapterContext, DataLayerAdapter, FilterInsertion, QuerySite } from '../adapters/types';
import { createPrincipalFinder } from '../analysis/principal';
import { Resolver, returnedValues } from '../analysis/resolve';
import { ANY_OWNER_PATH, isGuardedRead, isGuardedWrite, isUserValue, mentions, privilegedWhen, type GuardContext } from '../analysis/guards';
import { currentRecorder, type ScopeOutcome, type SiteContext } from '../analysis/inventory';
import { capabilityLookup, Contexts, existenceCheck, isConstant, presenceTest } from '../analysis/contexts';
import { acceptedPaths, describePaths, filterText } from '../analysis/paths';
import { enclosingFunction, equalitiesOf, exits, isNullish, isSingleRead, orNothing, OwnershipProofs, presenceOf, provesSelector, provesValue, selectsById, type Proof, type ReadFacts } from '../analysis/proofs';
import { containsNode, memberPath, PRINCIPAL, Provenance, type Origin } from '../analysis/provenance';
import { ownCalls } from '../analysis/walk';
import { evaluate, type Evaluation, type ValueCheck, type ValueFinding } from '../analysis/scoping';
import type { Constraint } from '../analysis/constraint';
import { constructedField } from '../analysis/constructed';
import { mayBeAbsent } from '../analysis/types';
import { boundArgument, locationOf, MAX_LEVELS, summarise, Workspace, type Frame } from '../analysis/summaries';
import { loadProjectConfig, type ProjectConfig } from '../schema';
import { PROVENANCE_KEYS, provenanceSettings } from '../schema/provenance-settings';
import type { FieldPath, ScopePolicy } from '../schema/types';
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
  | 'missingInferredScope'
  | 'unscopedOrBranch'
  | 'possiblyUndefinedOwner'
  | 'ownerFromRequest'
  | 'filterFromRequest'
  | 'ownerAssignedFromRequest'
  | 'ownerWrittenThroughObject'
  | 'unverifiedOwnerValue'
  | 'unverifiableScope'
  | 'helperMissingScope'
  | 'helperOwnerFromRequest'
  | 'helperUnverifiableScope'
  | 'configProblem'
  | 'schemaNotFound'
  | 'modelNotInSchema'
  | 'typeInformationMissing'
  | 'addOwnerFilter'
  | 'useSignedInUser';

const ADAPTERS: readonly DataLayerAdapter[] = [
  new PrismaAdapter(),
  new DrizzleAdapter(),
  new TypeOrmAdapter(),
  new SequelizeAdapter(),
  new MongooseAdapter(),
  new KyselyAdapter(),
  new RawSqlAdapter(),
];

type Finding = TSESLint.ReportDescriptor<MessageIds>;

/** What `analyze` decided about one query. */
interface Analysis {
  site: QuerySite;
  findings: Finding[];
  outcomes: ScopeOutcome[];
  /** Where the query's first finding goes, for the access report. */
  reportedAt?: TSESTree.Node;
}

const VERB = { read: 'return', write: 'change', create: 'create' } as const;
const PAST = { read: 'returned', write: 'changed', create: 'created' } as const;

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
              'Also report what cannot be verified: filters that cannot be read statically (a `where` received as a parameter) and owner values of unknown origin (a plain function parameter, a value loaded from the database). Off in `recommended`, on in `strict`.',
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
      missingInferredScope:
        '`{{operation}}` on {{model}} is not filtered by its {{scope}} ({{fields}}, inferred from {{inferredFrom}}), so it can {{verb}} other users\' {{model}} rows. Add {{fields}} to `where`, set from the signed-in user, and confirm the classification with `/// @{{scope}}({{annotation}})` on the model.',
      unscopedOrBranch:
        'This `OR` branch is not filtered by {{model}}\'s {{scope}} ({{fields}}), so rows that match it are {{affected}} for every user. Add the filter to this branch, or move it out of the `OR`.',
      possiblyUndefinedOwner:
        'The value of `{{field}}` may be `undefined`, and {{dropped}}, so `{{operation}}` would then {{verb}} every user\'s {{model}} rows. Make sure the value is defined before the query (check the session first).',
      ownerFromRequest:
        '`{{field}}` is filtered by {{source}}, which comes from the request, so any user can {{verb}} anyone\'s {{model}} rows by changing it (IDOR). Filter by the signed-in user instead, for example from the session.',
      filterFromRequest:
        '`{{operation}}` on {{model}} takes its filter from {{source}}, which comes from the request, so the caller picks the {{scope}} ({{fields}}) or leaves it out and can {{verb}} anyone\'s {{model}} rows. Build the `where` on the server from the values you allow, with {{fields}} set from the signed-in user after them.',
      ownerAssignedFromRequest:
        '`{{field}}` of the {{model}} row is set from {{source}}, which comes from the request, so any user can write rows into someone else\'s records. Set it from the signed-in user instead.',
      ownerWrittenThroughObject:
        '`{{operation}}` writes {{source}} into the {{model}} row, and its type has `{{field}}`: the request chooses that {{scope}} field, so any user can write rows into someone else\'s records. Write the fields one by one and set `{{field}}` from the signed-in user.',
      unverifiedOwnerValue:
        '`{{field}}` is filtered by a value of unknown origin ({{reason}}), so `{{operation}}` on {{model}} may not be limited to the signed-in user\'s rows. Use a value from the session, or declare its source in `settings["data-isolation"].principal`.',
      unverifiableScope:
        'The filter of `{{operation}}` on {{model}} cannot be read here, so its owner scope ({{fields}}) cannot be verified. Build the `where` in this function, or give it a type in which {{fields}} is required.',
      helperMissingScope:
        '`{{helper}}` is not filtered by {{model}}\'s {{scope}} ({{fields}}) with anything this call passes, so it can {{verb}} any user\'s {{model}} rows. Pass the signed-in user\'s {{scope}} to it and filter by it there, or check the returned row\'s {{fields}} before using it.',
      helperOwnerFromRequest:
        '`{{helper}}` filters {{model}} by `{{field}}`, which this call sets from {{source}}, so any user can {{verb}} anyone\'s {{model}} rows by changing it (IDOR). Pass the signed-in user instead, for example from the session.',
      helperUnverifiableScope:
        'The {{scope}} scope ({{fields}}) of `{{helper}}` cannot be verified from this call (its filter or the value this call passes cannot be traced to the signed-in user). Pass a value from the session, or give the parameter a type in which {{fields}} is required.',
      configProblem: 'data-isolation configuration problem: {{problem}}',
      schemaNotFound:
        '{{model}} is a Prisma model, but no Prisma schema was found for this file (looked for prisma.config.ts, package.json "prisma.schema", prisma/schema.prisma, prisma/schema/ and schema.prisma), so its queries are not checked. Set `settings["data-isolation"].schema` to the schema\'s path.',
      modelNotInSchema:
        '{{model}} is a Prisma model, but the schema found for this file ({{schema}}) does not declare it, so its queries are not checked. Point `settings["data-isolation"].schema` at the schema the client is generated from, or regenerate the client.',
      typeInformationMissing:
        'data-isolation/require-owner-scope needs type information, and the linter gave none for this file, so none of its queries were checked. Run it with ESLint and typescript-eslint\'s typed linting (`parserOptions.projectService: true`): oxlint\'s JS plugins and ESLint without a typed parser give rules no TypeScript program.',
      addOwnerFilter: 'Filter by `{{filter}}`.',
      useSignedInUser: 'Use `{{value}}` instead.',
    },
  },
  defaultOptions: [{ reportUnverifiable: false, matchUntypedByName: true }],
  create(context, [options]) {
    // Without a TypeScript program (ESLint without typed linting, oxlint's JS plugins) nothing can be
    // checked: one problem per file says so, where getParserServices would throw and end the whole run.
    const program = context.sourceCode.parserServices?.program;
    const nodeMap = context.sourceCode.parserServices?.esTreeNodeToTSNodeMap;
    const esNodeMap = context.sourceCode.parserServices?.tsNodeToESTreeNodeMap;
    if (!program || !nodeMap || !esNodeMap) {
      return {
        Program() {
          context.report({ loc: { line: 1, column: 0 }, messageId: 'typeInformationMissing' });
        },
      };
    }
    const checker = program.getTypeChecker();
    // A filter a helper of another module builds (see `helperFilter`) brings that module's nodes here.
    const tsNode = (node: TSESTree.Node) => nodeMap.get(node) ?? workspace.tsNode(node);
    const scopeOf = (node: TSESTree.Node) => (nodeMap.has(node) ? context.sourceCode.getScope(node) : workspace.scopeOf(node));
    const rawSettings = (context.settings as Record<string, unknown>)['data-isolation'];
    const loadOptions = { filename: context.filename, cwd: context.cwd, settings: rawSettings, extraTopLevelKeys: PROVENANCE_KEYS };
    let config = loadProjectConfig(loadOptions);
    /** The filter paths that meet a model's declared owner or tenant paths (see acceptedPaths), with the schema found. */
    const pathsOf = (model: QuerySite['model'], paths: readonly FieldPath[]): readonly FieldPath[] => {
      if (!model) return acceptedPaths(model, paths, config.models, config.policies);
      // Asked for the same model and paths by every check of every query: worked out once per lint and schema.
      if (acceptedFor !== config) {
        acceptedFor = config;
        acceptedByModel = new WeakMap();
      }
      let known = acceptedByModel.get(model);
      if (!known) acceptedByModel.set(model, (known = new Map()));
      const key = paths.map((p) => p.join('.')).join(' ');
      let accepted = known.get(key);
      if (!accepted) known.set(key, (accepted = acceptedPaths(model, paths, config.models, config.policies)));
      return accepted;
    };
    let acceptedFor: ProjectConfig | undefined;
    let acceptedByModel = new WeakMap<NonNullable<QuerySite['model']>, Map<string, readonly FieldPath[]>>();
    /** No schema around the file: the one the queried client was generated from, looked for once. */
    let clientLooked = false;
    const fromClient = (site: QuerySite) => {
      if (clientLooked || site.clientFile === undefined) return;
      clientLooked = true;
      const found = loadProjectConfig({ ...loadOptions, clientFile: site.clientFile });
      if (found.schemaFiles.length === 0) return;
      config = found;
      ctx.config = found;
      // Helper files' queries are matched with their own context: it reads the same schema.
      anyFile.config = found;
      site.model = found.models.get(site.modelName);
    };
    const sources = provenanceSettings(rawSettings);
    const resolver = new Resolver(scopeOf);
    const ctx: AdapterContext = { checker, tsNode, resolver, config, helperFilter: (call) => helperFilter(call, null) };
    const principal = createPrincipalFinder(checker, tsNode, scopeOf);
    // A call is matched once: the visitor, value provenance ("loaded from the database") and guards all ask.
    const matches = new Map<TSESTree.CallExpression, { site: QuerySite; adapter: DataLayerAdapter } | null>();
    const match = (call: TSESTree.CallExpression) => {
      let found = matches.get(call);
      if (found === undefined) {
        found = null;
        for (const adapter of ADAPTERS) {
          const site = adapter.matchQuery(call, ctx);
          if (site) {
            fromClient(site);
            found = { site, adapter };
            break;
          }
        }
        matches.set(call, found);
      }
      return found;
    };
    const isQuery = (call: TSESTree.CallExpression) => match(call) !== null;
    const provenance = new Provenance(checker, tsNode, scopeOf, resolver, sources.settings, isQuery, context.filename);
    const acceptsOrigin = (origin: Origin) =>
      origin.kind === 'principal' || (origin.kind === 'unknown' && !options.reportUnverifiable);
    const guards: GuardContext = {
      checker,
      tsNode,
      scopeOf,
      acceptsOrigin,
      // A comparison drops nothing: `row.ownerId !== req.user?.id` with no user still rejects the row.
      originOf: (node) => provenance.originOf(node, false),
      assertions: sources.settings.ownershipAssertions,
      readsParentOf: (row, statement, name, accepted) => safely(() => readsParentOf(row, statement, name, accepted), false),
    };
    const privileged = (test: TSESTree.Node, holds: boolean) => privilegedWhen(test, holds, guards) || safely(() => neverTaken(test, holds), false);
    /**
     * `where: user ? { AND: [ids, canRead(ids, user)] } : { id: { in: ids } }` in a function given `user`,
     * where every call of the function in the program passes a value for it whose type has neither
     * `undefined` nor `null` (nor is `any`/`unknown`): the path taken without it is never taken, so no
     * caller reaches what it selects. A function nothing calls by its name is not such a function.
     */
    function neverTaken(test: TSESTree.Node, holds: boolean): boolean {
      const def = parameterAbsentWhen(test, holds, (id) => findVariable(scopeOf(id), id));
      if (!def) return false;
      const fn = def.node as TSESTree.FunctionLike;
      const index = fn.params.findIndex((p) => p.range[0] <= def.name.range[0] && def.name.range[1] <= p.range[1]);
      const calls = index < 0 ? [] : workspace.callsOf(fn);
      return (
        calls.length > 0 &&
        calls.every((call) => {
          const argument = call.arguments[index];
          return !!argument && !call.arguments.slice(0, index + 1).some(ts.isSpreadElement) && neverAbsent(argument);
        })
      );
    }
    /** The same at one call of a helper: the branch taken without a parameter, when this call always passes one. */
    function notTakenAtCall(check: CallCheck, test: TSESTree.Node, holds: boolean): boolean {
      const def = parameterAbsentWhen(test, holds, (id) => check.resolver.variableOf(id));
      if (!def) return false;
      const argument = check.bound(def.name as TSESTree.Identifier);
      return !!argument && argument.type !== AST_NODE_TYPES.SpreadElement && neverAbsent(workspace.tsNode(argument));
    }
    /** A value whose type has neither `undefined` nor `null` (and is not `any`/`unknown`). */
    const neverAbsent = (node: ts.Node) => !mayBeAbsent(checker.getTypeAtLocation(node));
    const proofs = new OwnershipProofs({
      checker,
      tsNode,
      scopeOf,
      isQuery: (call) => isQuery(call) || helperRead(call) !== null || helperCreate(call) !== null,
      factsOf: (call) => factsOf(call),
      isGuardedRead: (call, until) => guardedRead(call, until),
      ownedThrough: (model, relation) => ownedThrough(model, relation),
    });
    /** See `ProofContext.ownedThrough`: the schema's relation and the loaded model's declared policy. */
    function ownedThrough(model: string, relation: string): string | null {
      const field = config.models.get(model)?.fields.get(relation);
      const target = field?.kind === 'object' && field.type !== model ? config.models.get(field.type) : undefined;
      const policy = target && config.policies.get(target.name);
      if (!target || !policy || policy.publicReason !== undefined || policy.owners.length + policy.tenants.length === 0) return null;
      // The one relation back to `model`, by a one-field key (`Folder.team` by `teamId`).
      const back = [...target.fields.values()].filter((f) => f.kind === 'object' && f.type === model && f.relationFromFields?.length === 1);
      if (back.length !== 1) return null;
      const [{ name, relationFromFields, relationToFields }] = back;
      // Owned by that row itself (`@owner(teamId)`, `@owner(team.id)`), not by a field of it.
      const isThatRow = (p: FieldPath) => (p.length === 1 && p[0] === relationFromFields![0]) || (p.length === 2 && p[0] === name && p[1] === relationToFields?.[0]);
      const through = (paths: readonly FieldPath[]) => paths.length === 0 || paths.some(isThatRow);
      return through(policy.owners) && through(policy.tenants) ? target.name : null;
    }
    /** Whether the row a read (or a helper's read) returns is checked against the signed-in user after it. */
    function guardedRead(call: TSESTree.CallExpression, until?: TSESTree.Node): boolean {
      const found = match(call);
      if (!found) return helperRead(call)?.guarded(until) ?? false;
      const policy = policyOf(found.site, found.adapter);
      if (found.site.access !== 'read') return false;
      // A row of a model with no owner declared: any of its fields compared with a value of the user's.
      if (!policy) return isSingleRead(found.site) && isGuardedRead(call, ANY_OWNER_PATH, guards, until);
      return isGuardedRead(call, pathsOf(found.site.model, [...policy.owners, ...policy.tenants]), guards, until);
    }
    /** Filter values count as the signed-in user's when an earlier read tied to them proves them. */
    const provenCheck = (site: QuerySite, undefinedDrops: boolean): ValueCheck => (value, path) => {
      // A whole filter (`path` empty: `where: input.where`) is judged by where it comes from, not by whether it may be absent.
      const origin = provenance.originOf(value, undefinedDrops && path.length > 0);
      if (origin.kind === 'principal' || origin.kind === 'mayBeUndefined') return origin;
      if (proofs.proves(value, site.call, (proof) => provesValue(proof, site, path, config.models))) return PRINCIPAL;
      // A value the code leaves without unless it is in a list the signed-in user holds (their organisations).
      return proofs.isInUsersList(value, site.call, isUsersList) ? PRINCIPAL : origin;
    };
    /** A list of the signed-in user's (their organisations), or an allow-list computed for them. */
    const isUsersList = (list: TSESTree.Node) => isUserValue(list, guards) || isComputedForUser(list);
    /**
     * A collection a helper of the app's own computes from its queries for the signed-in user, kept in a
     * `const`: `const ids = await getAccessibleServerIds(ctx.session)` (an allow-list of what they may use).
     */
    function isComputedForUser(list: TSESTree.Node): boolean {
      let node: TSESTree.Node | undefined = list;
      if (node.type === AST_NODE_TYPES.Identifier) {
        const variable = resolver.variableOf(node);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (def?.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id !== def.name) return false;
        node = def.node.init ?? undefined;
      }
      if (node?.type === AST_NODE_TYPES.AwaitExpression) node = node.argument;
      if (node?.type !== AST_NODE_TYPES.CallExpression || !node.arguments.some((a) => a.type !== AST_NODE_TYPES.SpreadElement && isUserValue(a, guards))) return false;
      const fn = workspace.calleeOf(node);
      return !!fn && summarise(fn, isQueryAnywhere).queries.length > 0;
    }
    const facts = new Map<TSESTree.CallExpression, ReadFacts | null>();
    /** What an earlier query tells about the rows it returns: whether it is tied to the signed-in user. */
    function factsOf(call: TSESTree.CallExpression): ReadFacts | null {
      if (facts.has(call)) return facts.get(call)!;
      facts.set(call, null); // re-entered while being computed: proves nothing
      const found = match(call);
      if (!found) {
        const read = helperRead(call)?.facts ?? helperCreate(call);
        facts.set(call, read);
        return read;
      }
      const { site, adapter } = found;
      const policy = policyOf(site, adapter);
      const scoped = policy && policy.publicReason === undefined && policy.owners.length + policy.tenants.length > 0 ? policy : undefined;
      const filter = site.access === 'create' ? null : filterOf(site, adapter);
      const equalities = equalitiesOf(filter);
      // As for the query itself, `recommended` accepts an owner value of unknown origin; a lookup in an
      // unclassified model (a membership row) must name the signed-in user.
      const plain = provenCheck(site, false);
      const accepts = (value: TSESTree.Node, path: readonly string[]) => acceptsOrigin(plain(value, path));
      const byUser = (value: TSESTree.Node, path: readonly string[]) => plain(value, path).kind === 'principal';
      let tied = false;
      let createdForUser = false;
      if (site.access === 'create') {
        const accepted = scoped ? pathsOf(site.model, [...scoped.owners, ...scoped.tenants]) : undefined;
        createdForUser = adapter
          .readAssignments(site, ctx)
          // An object written whole proves nothing: its owner field is only possibly there.
          .some((a) => !a.carried && (accepted ? accepted.some((p) => p.join('.') === a.path.join('.')) && accepts(a.value, a.path) : byUser(a.value, a.path)));
      } else if (scoped) {
        const check = provenCheck(site, adapter.undefinedFilterValue?.(site, ctx) !== undefined);
        // Tied as far as this rule accepts the read where it is written: scoped; a value or a filter it
        // cannot verify, which only `strict` reports; or a filter made wholly of the function's parameters,
        // which its callers are checked for (ids taken from its rows are then as good as the read).
        tied = capabilityLookup(filter) !== null || [scoped.owners, scoped.tenants].some((paths) => {
          if (paths.length === 0 || !filter) return false;
          const result = evaluate(filter, pathsOf(site.model, paths), check, privileged);
          if (result.status === 'scoped') return true;
          if (result.status === 'unverifiedValue') return acceptsOrigin(result.unverified!.origin) || !options.reportUnverifiable;
          if (result.status === 'unreadable') return !options.reportUnverifiable;
          return (
            result.status === 'unscoped' && !options.reportUnverifiable && !result.badValue && !result.fromRequest && !result.branch &&
            !principal.valueFor(site.call, 'id', { functionOnly: true }) && fromCallerOnly(filter, resolver, provenance, site.call, undefined, calledByName, ownRowSelector)
          );
        });
        // A read by an id an earlier check proved returns one of the user's rows (a re-read after the check).
        if (!tied && site.access === 'read' && isSingleRead(site)) tied = isProvenSelector(site, filter, pathsOf(site.model, [...scoped.owners, ...scoped.tenants]));
      } else {
        // An unclassified lookup (a membership row) tied to the user by one of its filter values, or by
        // a guard on its row.
        tied = equalities.some((e) => byUser(e.value, e.path)) || (!policy && guardedRead(call));
      }
      const result: ReadFacts = { site, tied, equalities, createdForUser };
      facts.set(call, result);
      return result;
    }
    /** A query's filter in this file, read once: its analysis, its context and proofs all ask. */
    const filters = new Map<QuerySite, Constraint | null>();
    function filterOf(site: QuerySite, adapter: DataLayerAdapter): Constraint | null {
      let filter = filters.get(site);
      if (filter === undefined) filters.set(site, (filter = adapter.readFilter(site, ctx)));
      return filter;
    }
    function policyOf(site: QuerySite, adapter: DataLayerAdapter, context: AdapterContext = ctx): ScopePolicy | undefined {
      const declared = adapter.policyFor?.(site, context);
      return declared ? declared.policy : config.policies.get(site.modelName);
    }
    /**
     * What the call in this file passes for a helper's value (see callerArgument); `via`: the value is a key
     * (`field`) of the one row a query in a helper selects by what the call passes (`site` by `path`).
     */
    type CallerArgument = { node: TSESTree.Node; path: readonly string[]; via?: RowById & { field: readonly string[] } };
    /** The one row a query selects by its id, as `rowById` reads it. */
    type RowById = { site: QuerySite; path: readonly string[]; value: TSESTree.Node; read: TSESTree.Node };
    /** `guarded(until)`: whether the caller checks the returned row against the user (before `until`). */
    type HelperRead = { facts: ReadFacts; guarded: (until?: TSESTree.Node) => boolean };
    /** By the frame a call is made in: `null` for this file, a helper's frame for a call in its body. */
    const helperReads = new Map<Frame | null, Map<TSESTree.CallExpression, HelperRead | null>>();
    /**
     * A call of a helper that reads one owned row by what the call passes (`findServerById(input.serverId)`),
     * as a proof sees it: the row is tied to the signed-in user when the helper's read is scoped by what the
     * call passes, or when the caller checks the returned row against the user; the filter values are the
     * call's arguments.
     */
    function helperRead(call: TSESTree.CallExpression, parent: Frame | null = null): HelperRead | null {
      const reads = memoIn(helperReads, parent);
      if (reads.has(call)) return reads.get(call)!;
      reads.set(call, null);
      const result = safely(() => {
        if (!workspace.calleeOf(call)) return null;
        const check = ownRead(call, true, parent);
        if (!check) return parent ? null : unclassifiedRead(call);
        const { site, policy } = check;
        const accepted = pathsOf(site.model, [...policy.owners, ...policy.tenants]);
        const inHelper = guardedInHelper(check, accepted);
        // The caller's own check of the row (with its exit); a helper that hands out only the user's rows ties them
        // (`tied`), but proves the id it was given only where the caller leaves when nothing came back.
        const guarded = (until?: TSESTree.Node) => isGuardedRead(call, accepted, guards, until);
        const scopedInside = ([policy.owners, policy.tenants] as const).some(
          (paths) => paths.length > 0 && evaluate(check.filter!, pathsOf(site.model, paths), (v) => check.provenance.originOf(v, false)).status === 'scoped',
        );
        const equalities = equalitiesOf(check.filter).flatMap((e) => {
          const argument = argumentOf(e.value, check);
          return argument ? [{ path: e.path, value: argument }] : [];
        });
        // Tied by itself (a guard of the caller's counts only before the query it proves for: `guarded`).
        // A read by an id the caller proved before the call (a re-read after its check) hands out the user's row too.
        const reread = !parent && !inHelper && !scopedInside && isSingleRead(site) && provenForCall(call, check, accepted);
        return { facts: { site, tied: inHelper || scopedInside || reread, equalities }, guarded };
      }, null);
      reads.set(call, result);
      return result;
    }
    const helperCreates = new Map<TSESTree.CallExpression, ReadFacts | null>();
    /**
     * `const server = await createServer(input, ctx.session.activeOrganizationId)`: a helper that creates one
     * owned row with its owner (or tenant) set from what the call passes for the signed-in user (a value
     * `recommended` accepts, as for a row created inline), and returns it. The row's keys (`server.serverId`)
     * are then the user's, as those of a row created inline.
     */
    function helperCreate(call: TSESTree.CallExpression): ReadFacts | null {
      let known = helperCreates.get(call);
      if (known !== undefined) return known;
      helperCreates.set(call, null);
      known = safely(() => {
        const fn = workspace.calleeOf(call);
        if (!fn || summarise(fn, isQueryAnywhere).returns !== 'row') return null;
        const creates = callChecks(call).filter((c) => c.frame.parent === null && c.site.access === 'create');
        if (creates.length !== 1) return null;
        const [{ site, adapter, policy, frame, provenance: frameProvenance }] = creates;
        const accepted = pathsOf(site.model, [...policy.owners, ...policy.tenants]);
        const byUser = adapter
          .readAssignments(site, frameContext(frame).ctx)
          .some((a) => !a.carried && accepted.some((p) => p.join('.') === a.path.join('.')) && acceptsOrigin(frameProvenance.originOf(a.value, false)));
        return byUser ? { site, tied: false, equalities: [], createdForUser: true } : null;
      }, null);
      helperCreates.set(call, known);
      return known;
    }
    /** The row a helper call returns is checked: by the caller (a guard after the call) or inside the helper. */
    function guardedCall(call: TSESTree.CallExpression, check: CallCheck, accepted: readonly FieldPath[]): boolean {
      return isGuardedRead(call, accepted, guards) || guardedInHelper(check, accepted);
    }
    /**
     * A helper that checks the row it read against a value its caller passes, and leaves without it
     * (`if (row?.workspaceId !== workspaceId) return null`): as scoped as `where: { id, workspaceId }`,
     * judged with what the call passes for that value.
     */
    function guardedInHelper(check: CallCheck, accepted: readonly FieldPath[]): boolean {
      if (check.site.access !== 'read' || check.site.call.type !== AST_NODE_TYPES.CallExpression) return false;
      let outer: Frame = check.frame;
      while (outer.parent) outer = outer.parent;
      const call = outer.call;
      // A value the caller proved (`workspaceId` checked against the user before the call) is theirs.
      const provenInCaller = (node: TSESTree.Node) => {
        const argument = callerArgument(node, check.frame);
        return !!argument && !argument.via && proofs.proves(argument.node, call, (proof) => accepted.some((path) => provesValue(proof, check.site, path, config.models)), argument.path);
      };
      const frameGuards: GuardContext = {
        ...guards,
        tsNode: workspace.tsNode,
        scopeOf: workspace.scopeOf,
        originOf: (node) => {
          const origin = check.provenance.originOf(node, false);
          return origin.kind !== 'principal' && safely(() => provenInCaller(node), false) ? PRINCIPAL : origin;
        },
        readsParentOf: undefined,
      };
      return safely(() => isGuardedRead(check.site.call as TSESTree.CallExpression, accepted, frameGuards), false);
    }
    /**
     * `const project = await findProjectById(environment.projectId)`, the project then tied to the user:
     * the environment's owner path runs through that project (`project.organizationId`), so the
     * environment read before it is theirs too.
     */
    function readsParentOf(row: TSESTree.Expression, statement: TSESTree.Statement, name: string, accepted: readonly FieldPath[]): boolean {
      if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1 || row.type !== AST_NODE_TYPES.CallExpression) return false;
      let init = statement.declarations[0].init;
      if (init?.type === AST_NODE_TYPES.AwaitExpression) init = init.argument;
      if (init?.type !== AST_NODE_TYPES.CallExpression || !init.arguments.some((a) => mentions(a, name))) return false;
      const rowSite = match(row)?.site ?? ownRead(row)?.site;
      if (!rowSite) return false;
      const parent = factsOf(init);
      if (!parent || (!parent.tied && !guardedRead(init))) return false;
      return parent.equalities.some((e) => {
        const p = memberPath(e.value);
        if (!p || p.length !== 2 || p[0] !== name) return false;
        return provesSelector({ model: parent.site.modelName, path: e.path, read: init }, rowSite, [p[1]], accepted, config.models);
      });
    }
    /**
     * A helper that reads one row of a model with no owner declared (`findApplicationById(id)`), as a proof
     * sees it: tied to the signed-in user when the caller compares a field of the row with a value of
     * theirs and leaves otherwise (`if (app.environment.project.organizationId !== session.activeOrganizationId) throw`).
     * Its foreign keys then point at rows of theirs (`application.serverId`).
     */
    function unclassifiedRead(call: TSESTree.CallExpression): HelperRead | null {
      const fn = workspace.calleeOf(call);
      if (!fn) return null;
      const frame: Frame = { fn, call, parent: null };
      for (const query of summarise(fn, isQueryAnywhere).queries) {
        const found = matchAnywhere(query);
        if (!found || found.site.access !== 'read' || !isSingleRead(found.site)) continue;
        const { site, adapter } = found;
        const { ctx: frameCtx } = frameContext(frame);
        const declared = adapter.policyFor?.(site, frameCtx);
        if (declared ? declared.policy : config.policies.get(site.modelName)) return null;
        if (!isGuardedRead(call, ANY_OWNER_PATH, guards)) return null;
        const guarded = (until?: TSESTree.Node) => isGuardedRead(call, ANY_OWNER_PATH, guards, until);
        const equalities = equalitiesOf(adapter.readFilter(site, frameCtx)).flatMap((e) => {
          const argument = argumentOf(e.value, { frame });
          return argument ? [{ path: e.path, value: argument }] : [];
        });
        return { facts: { site, tied: false, equalities }, guarded };
      }
      return null;
    }
    /** The read a helper itself runs (not one of the helpers it calls), of an owned model; with a filter when asked. */
    function ownRead(call: TSESTree.CallExpression, withFilter = false, parent: Frame | null = null): CallCheck | undefined {
      return callChecks(call, parent).find((c) => c.frame.parent === parent && c.site.access === 'read' && (!withFilter || !!c.filter));
    }
    /** The call passes, for the helper's filter, an id (or owner value) an earlier read tied to the user proves. */
    function provenForCall(call: TSESTree.CallExpression, check: { site: QuerySite; filter: Constraint | null; frame: Frame }, accepted: readonly FieldPath[]): boolean {
      return equalitiesOf(check.filter).some((e) => {
        const argument = callerArgument(e.value, check.frame);
        if (!argument) return false;
        const { via } = argument;
        if (via) {
          // The call passes a proven id of the row the helper reads, and the query selects by a key of that row
          // (`removeCertificateById(input.certificateId)` after its check; inside, `findServerById(certificate.serverId)`).
          const ownRow: Proof = { model: via.site.modelName, path: via.field, read: via.read };
          return (
            provesSelector(ownRow, check.site, e.path, accepted, config.models) &&
            proofs.proves(argument.node, call, (proof) => provesSelector(proof, via.site, via.path, [], config.models), argument.path)
          );
        }
        if (argument.path.length === 0 && selectsById(check.site, e.path) && proofs.isInUsersList(argument.node, call, isUsersList)) return true;
        return proofs.proves(
          argument.node,
          call,
          (proof) => provesSelector(proof, check.site, e.path, accepted, config.models) || (accepted.some((p) => p.join('.') === e.path.join('.')) && provesValue(proof, check.site, e.path, config.models)),
          argument.path,
        );
      });
    }
    /**
     * A query of this file that its own analysis judges where it is written (its filter is not made of
     * its function's parameters): reported there once, not again at each call on the way to it.
     */
    function judgedWhereWritten(check: CallCheck): boolean {
      const query = check.site.call;
      if (query.type !== AST_NODE_TYPES.CallExpression || workspace.fileOf(query) !== workspace.current) return false;
      const found = match(query);
      const filter = found && filterOf(found.site, found.adapter);
      return !!filter && !fromCallerOnly(filter, resolver, provenance, query, undefined, calledByName, ownRowSelector);
    }
    /**
     * A helper of this file whose query an earlier read in the helper itself proves (`apiToken.update`
     * by the id of the row its lookup returned): checked where it is written, not at each call.
     */
    function provenWhereWritten(check: CallCheck, accepted: readonly FieldPath[]): boolean {
      if (workspace.fileOf(check.site.call) !== workspace.current) return false;
      const found = check.site.call.type === AST_NODE_TYPES.CallExpression ? match(check.site.call) : null;
      return !!found && isProvenSelector(found.site, filterOf(found.site, found.adapter), accepted);
    }
    /**
     * A helper's query whose selector an earlier read in the helper's own body proves, with what this call
     * passes: `getGoogleSpreadsheet({ credentialsId, workspaceId })` reads the credentials through
     * `getCredentials(credentialsId, workspaceId)`, which checks them against `workspaceId`, leaves when
     * nothing is found, and only then updates them by `credentialsId`; the caller verified the workspace.
     * Helper calls in the body are read with the frame they are made in, so that their parameters lead
     * back to this call's arguments. (A helper of this file: see provenWhereWritten.)
     */
    const frameProofs = new Map<Frame, OwnershipProofs>();
    function proofsInFrame(frame: Frame): OwnershipProofs {
      let found = frameProofs.get(frame);
      if (!found) {
        found = new OwnershipProofs({
          checker,
          tsNode,
          scopeOf,
          isQuery: (c) => helperRead(c, frame) !== null,
          factsOf: (c) => helperRead(c, frame)?.facts ?? null,
          isGuardedRead: (c, until) => helperRead(c, frame)?.guarded(until) ?? false,
          ownedThrough,
        });
        frameProofs.set(frame, found);
      }
      return found;
    }
    function provenInHelperBody(check: CallCheck, accepted: readonly FieldPath[]): boolean {
      if (workspace.fileOf(check.site.call) === workspace.current) return false;
      const inHelper = proofsInFrame(check.frame);
      return equalitiesOf(check.filter).some((e) => inHelper.proves(e.value, check.site.call, (proof) => provesSelector(proof, check.site, e.path, accepted, config.models)));
    }
    /**
     * The row a `const` holds when it is the one row a query selects by its id: `const certificate =
     * await findCertificateById(certificateId)`, `await db.query.t.findFirst({ where: eq(t.id, id) })`,
     * `updated[0]` or `const [row] = …` of a read or a write by id that returns what it changed. With the
     * query, the selector's path and its value as the function writes it (for a helper, the argument its
     * call passes). `frame`: the frame of the function the variable is in (null in this file's caller).
     */
    function rowById(row: TSESTree.Node, frame: Frame | null): RowById | null {
      let init: TSESTree.Node | null | undefined = firstOf(row);
      let element = !!init;
      if (!init) {
        if (row.type !== AST_NODE_TYPES.Identifier) return null;
        const held = constInit(row, anyFile.resolver);
        if (!held) return null;
        // `const [row] = await …`: the first element, as `updated[0]`
        element = held.element;
        init = held.init;
        const first = element ? null : firstOf(init);
        if (first) {
          init = first;
          element = true;
        }
      }
      if (init?.type !== AST_NODE_TYPES.CallExpression) return null;
      const query = init;
      const inline = matchAnywhere(query);
      if (inline) {
        const { site, adapter } = inline;
        if (site.access === 'create' || (!element && !isSingleRead(site))) return null;
        const filter = adapter.readFilter(site, anyFile);
        if (filtersByOwner(site, filter, policyOf(site, adapter, anyFile))) return null;
        const selector = equalitiesOf(filter).find((e) => selectsById(site, e.path));
        return selector ? { site, path: selector.path, value: selector.value, read: query } : null;
      }
      const check = ownRead(query, true, frame);
      if (!check || !isSingleRead(check.site) || filtersByOwner(check.site, check.filter, check.policy)) return null;
      const selector = equalitiesOf(check.filter).find((e) => selectsById(check.site, e.path));
      const value = selector && argumentOf(selector.value, check);
      return selector && value ? { site: check.site, path: selector.path, value, read: query } : null;
    }
    /**
     * The filter has a term on the model's owner or tenant, whatever its value (`{ id, orgId }`): such a read
     * ties its row by its own terms (proven, or left to its callers, as before), not by the id alone.
     */
    function filtersByOwner(site: QuerySite, filter: Constraint | null, policy: ScopePolicy | undefined): boolean {
      if (!filter || !policy) return false;
      return [policy.owners, policy.tenants].some((paths) => paths.length > 0 && evaluate(filter, pathsOf(site.model, paths), () => PRINCIPAL).status === 'scoped');
    }
    /**
     * `updated[0]` of `const updated = await db.update(t).set(…).where(eq(t.id, id)).returning()`: the query
     * whose result's first element the node is (the query unwrapped of `await`), or null.
     */
    function firstOf(node: TSESTree.Node): TSESTree.Node | null {
      if (node.type !== AST_NODE_TYPES.MemberExpression || !node.computed || node.property.type !== AST_NODE_TYPES.Literal || node.property.value !== 0) return null;
      if (node.object.type !== AST_NODE_TYPES.Identifier) return null;
      const list = constInit(node.object, anyFile.resolver);
      return list && !list.element ? list.init : null;
    }
    /** The frame, among `frame` and those it was called from, of the function `node` is written in; null for this file's caller. */
    function frameHolding(node: TSESTree.Node, frame: Frame | null): Frame | null {
      for (let f = frame; f; f = f.parent) if (containsNode(f.fn, node) && workspaceRoot(f.fn) === workspaceRoot(node)) return f;
      return null;
    }
    /** `rowById` for a variable of this file's functions, or of the functions on the way from a call (`frame`). */
    const ownRowSelector: RowSelector = (row) => safely(() => rowById(row, null)?.value, undefined);
    const rowSelectorIn = (frame: Frame): RowSelector => (row) => safely(() => rowById(row, frameHolding(row, frame))?.value, undefined);
    /** The frame running `fn`: `frame` or one of the frames it was called from; null when none does. */
    function frameRunning(frame: Frame | null, fn: TSESTree.Node): Frame | null {
      let f = frame;
      while (f && f.fn !== fn) f = f.parent;
      return f;
    }
    /**
     * What the call in this file passes for a helper's parameter, through every level of helpers between:
     * a node of this file and, for a property of a parameter (`input.notificationId` given
     * `{ ...input, organizationId }`), the path still to take from it (`input` + `notificationId`).
     */
    function callerArgument(value: TSESTree.Node, frame: Frame): CallerArgument | undefined {
      let node: TSESTree.Node | undefined = value;
      let path: string[] = [];
      let via: CallerArgument['via'];
      let outermost = frame;
      while (outermost.parent) outermost = outermost.parent;
      let f: Frame | null = frame;
      while (f && node) {
        // `removeForwardAuth(serverId ?? undefined)`: the value passed on, or nothing that selects a row.
        node = orNothing(node) ?? node;
        const chain = propertyChain(node);
        if (chain) {
          path = [...chain.path, ...path];
          node = chain.root;
        }
        // A key of the one row a query in the helper selects by an id (once): the id, followed to the caller.
        const throughRow = (holder: TSESTree.Node): boolean => {
          const row = rowById(holder, frameHolding(holder, f));
          if (!row) return false;
          via = { ...row, field: path };
          node = row.value;
          path = [];
          return true;
        };
        // `updated[0].serverId`: a key of the one row a write by id returned
        if (node.type === AST_NODE_TYPES.MemberExpression && !via && path.length > 0) {
          if (!throughRow(node)) return undefined;
          continue;
        }
        if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
        const variable = findVariable(workspace.scopeOf(node), node);
        const def = variable?.defs[0];
        // A closure of this file that the call runs (`const run = async () => { … execRemote(input.serverId) }`
        // then `run()`), using a binding from outside it: the same binding the caller's proofs are about.
        if (def && !(def.type === 'Parameter' && frameRunning(f, def.node)) && workspace.fileOf(node) === workspace.current && workspace.fileOf(outermost.fn) === workspace.current && !containsNode(outermost.fn, def.name)) {
          return { node, path, via };
        }
        // `certificate.serverId` of `const certificate = await findCertificateById(certificateId)` in the helper
        if (def?.type === 'Variable' && !via && path.length > 0) {
          if (!throughRow(node)) return undefined;
          continue;
        }
        if (def?.type !== 'Parameter') return undefined;
        // A closure's captured parameter (`const exec = (cmd) => execRemote(serverId, cmd)` inside the
        // function given `serverId`) is the enclosing frame's.
        f = frameRunning(f, def.node);
        if (!f) return undefined;
        const current: Frame = f;
        // `({ sshKeyId, ...input }) => …` given `input`: the binding is a property of the argument.
        const key = destructuredKey(current.fn, def.name);
        if (key) {
          const index = current.fn.params.findIndex((p) => p.range[0] <= def.name.range[0] && def.name.range[1] <= p.range[1]);
          const argument = current.call.arguments[index];
          if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
          node = argument;
          path.unshift(key);
        } else {
          node = boundArgument(current, def.name as TSESTree.Identifier, () => current.fn);
        }
        // Into an object written at the call: its property, or the spread that may carry it; an array's
        // element at a written index.
        while (node && path.length > 0 && (node.type === AST_NODE_TYPES.ObjectExpression || node.type === AST_NODE_TYPES.ArrayExpression)) {
          const step = stepInto(node, path[0]);
          if (!step) return undefined;
          node = step.node;
          if (step.whole) path = path.slice(1);
        }
        if (node && !f.parent) return { node, path, via };
        f = f.parent;
      }
      return undefined;
    }
    /**
     * A function of the program's own, not an entry point a framework calls: the program calls it by name
     * (and it is no Next.js server action, which the browser calls).
     */
    const calledByName = (fn: TSESTree.Node) => !isServerAction(fn) && safely(() => workspace.isCalledByName(fn), false);
    const contexts = new Contexts(checker, tsNode, scopeOf, sources.settings.contexts, context.filename, context.cwd);
    const currentFile = program.getSourceFile(context.filename)?.fileName ?? context.filename;
    const workspace = new Workspace(checker, program, {
      ast: context.sourceCode.ast,
      fileName: currentFile,
      tsNode: (node) => nodeMap.get(node),
      esNode: (node) => esNodeMap.get(node as never) as TSESTree.Node | undefined,
      scopeOf,
    });
    let configReported = false;
    const undeclared = new Set<string>();
    const recorder = currentRecorder();

    function reportConfig(site: QuerySite, adapter: DataLayerAdapter): void {
      if (configReported) return;
      reportProblemsAt(site.operationNode);
      if (adapter.name === 'prisma' && config.schemaFiles.length === 0 && !config.policies.has(site.modelName)) {
        context.report({ node: site.operationNode, messageId: 'schemaNotFound', data: { model: site.modelName } });
      }
    }

    function reportProblemsAt(node: TSESTree.Node): void {
      configReported = true;
      for (const problem of [...config.problems, ...sources.problems]) {
        context.report({ node, messageId: 'configProblem', data: { problem: problem.message } });
      }
    }

    /**
     * Configuration problems reach the user even where no query could be typed (a client not generated
     * yet, a schema too broken to match delegates by name): once per file, on the first call that looks
     * like a query.
     */
    function reportProblemsOnLookalike(call: TSESTree.CallExpression): void {
      if (configReported || (config.problems.length === 0 && sources.problems.length === 0)) return;
      for (const adapter of ADAPTERS) {
        const node = adapter.looksLikeQuery?.(call, ctx);
        if (node) return reportProblemsAt(node);
      }
    }

    /** A schema that parsed (a malformed one is already reported) but lacks a model the client has. */
    function reportUndeclared(site: QuerySite, adapter: DataLayerAdapter): void {
      if (adapter.name !== 'prisma' || !config.schemaParsed) return;
      if (config.models.has(site.modelName) || config.policies.has(site.modelName) || undeclared.has(site.modelName)) return;
      undeclared.add(site.modelName);
      const shown = path.relative(context.cwd, config.schemaFiles[0]).split(path.sep).join('/');
      const schema = config.schemaFiles.length > 1 ? `${shown} and ${config.schemaFiles.length - 1} more` : shown;
      context.report({ node: site.operationNode, messageId: 'modelNotInSchema', data: { model: site.modelName, schema } });
    }

    /**
     * Decides what is wrong with one query (pure: nothing is reported here): the findings to report, and
     * the outcome of each scope for the access report.
     */
    function analyze(site: QuerySite, adapter: DataLayerAdapter, policy: ScopePolicy): Analysis {
      const findings: Finding[] = [];
      const data = { operation: site.operation, model: site.modelName, verb: VERB[site.access] };
      const requirements: { scope: 'owner' | 'tenant'; paths: readonly FieldPath[] }[] = [
        { scope: 'owner', paths: policy.owners },
        { scope: 'tenant', paths: policy.tenants },
      ];
      checkAssignments(site, adapter, policy, findings);
      const outcomes: ScopeOutcome[] = [];
      if (site.access === 'create') return { site, findings, outcomes };
      const filter = filterOf(site, adapter);
      const dropped = adapter.undefinedFilterValue?.(site, ctx);
      const check = provenCheck(site, dropped !== undefined);
      // Where this query's first finding went, for the access report; and whether it lacks a scope,
      // after which its other requirements are not reported (that needs fixing first).
      let reported: TSESTree.Node | undefined;
      let unscoped = false;
      for (const { scope, paths } of requirements) {
        if (paths.length === 0) continue;
        const accepted = pathsOf(site.model, paths);
        const result: Evaluation = filter
          ? evaluate(filter, accepted, check, privileged)
          : { status: 'unscoped' };
        const checkedAfter = result.status !== 'scoped' && isGuarded(site, accepted);
        const proven = result.status !== 'scoped' && !checkedAfter && isProvenSelector(site, filter, accepted);
        const guarded = checkedAfter || proven;
        outcomes.push(outcome(scope, result, guarded, proven ? PROVEN : undefined));
        if (guarded || unscoped) continue;
        const fields = describePaths(paths);
        switch (result.status) {
          case 'scoped':
            break;
          case 'unreadable':
            if (options.reportUnverifiable) {
              findings.push({ node: site.operationNode, messageId: 'unverifiableScope', data: { ...data, fields } });
              reported ??= site.operationNode;
            }
            break;
          case 'unverifiedValue': {
            const { node, path, origin } = result.unverified!;
            if (options.reportUnverifiable) {
              const reason = origin.kind === 'unknown' ? origin.reason : '';
              findings.push({ node, messageId: 'unverifiedOwnerValue', data: { ...data, field: path.join('.'), reason } });
              reported ??= node;
            }
            break;
          }
          case 'unscoped': {
            // Where the signed-in user is in the function's scope (a route handler given the session), the fix belongs here.
            if (!result.badValue && !result.fromRequest && !result.branch && filter && !principal.valueFor(site.call, 'id', { functionOnly: true }) && fromCallerOnly(filter, resolver, provenance, site.call, undefined, calledByName, ownRowSelector)) {
              // Its callers are checked with what they pass (see analyzeCall); `strict` says it cannot be verified here.
              outcomes[outcomes.length - 1] = { scope, status: 'unverified', source: CALLERS };
              if (options.reportUnverifiable) {
                findings.push({ node: site.operationNode, messageId: 'unverifiableScope', data: { ...data, fields: describePaths(paths) } });
                reported ??= site.operationNode;
              }
              unscoped = true;
              break;
            }
            const node = reportUnscoped(site, adapter, result, scope, policy, data, findings);
            reported ??= node;
            unscoped = true;
            break;
          }
        }
      }
      return { site, findings, outcomes, reportedAt: reported };
    }

    /** Queries of helper files are matched with a context that reads any file of the program. */
    const anyFile: AdapterContext = { checker, tsNode: workspace.tsNode, resolver: new Resolver(workspace.scopeOf), config };
    const anyPrincipal = createPrincipalFinder(checker, workspace.tsNode, workspace.scopeOf);
    let anyProvenance: Provenance | undefined;
    const ownProvenance = () =>
      (anyProvenance ??= new Provenance(checker, workspace.tsNode, workspace.scopeOf, anyFile.resolver, sources.settings, isQueryAnywhere as (c: TSESTree.CallExpression) => boolean, context.filename));
    const helperMatches = new Map<TSESTree.Node, { site: QuerySite; adapter: DataLayerAdapter } | null>();
    const matchAnywhere = (node: TSESTree.Node) => {
      let found = helperMatches.get(node);
      if (found === undefined) {
        found = null;
        for (const adapter of ADAPTERS) {
          const site =
            node.type === AST_NODE_TYPES.CallExpression
              ? adapter.matchQuery(node, anyFile)
              : node.type === AST_NODE_TYPES.TaggedTemplateExpression
                ? adapter.matchTaggedQuery?.(node, anyFile) ?? null
                : null;
          if (site) {
            // A file that only calls helpers (a router over a package's services) finds its schema
            // through the client the helpers query.
            fromClient(site);
            found = { site, adapter };
            break;
          }
        }
        helperMatches.set(node, found);
      }
      return found;
    };
    const isQueryAnywhere = (node: TSESTree.Node) => matchAnywhere(node) !== null;

    /** The queries a call runs through the functions it calls, each with the frames that lead to it. */
    function reachedQueries(call: TSESTree.CallExpression, parent: Frame | null = null): { frame: Frame; query: TSESTree.Node }[] {
      const out: { frame: Frame; query: TSESTree.Node }[] = [];
      const walk = (frame: Frame, level: number, seen: Set<TSESTree.Node>) => {
        const summary = summarise(frame.fn, isQueryAnywhere);
        for (const query of summary.queries) if (!notReachedAt(query, frame)) out.push({ frame, query });
        if (level >= MAX_LEVELS) return;
        for (const inner of summary.calls) {
          if (notReachedAt(inner, frame)) continue;
          const fn = workspace.calleeOf(inner);
          if (!fn || seen.has(fn)) continue;
          walk({ fn, call: inner, parent: frame }, level + 1, new Set([...seen, fn]));
        }
      };
      const fn = workspace.calleeOf(call);
      if (!fn) return out;
      // A call inside a helper frame: as deep as that frame, and not back into a function on the way.
      let level = 1;
      const seen = new Set<TSESTree.Node>();
      for (let f = parent; f; f = f.parent) {
        level++;
        seen.add(f.fn);
      }
      if (level <= MAX_LEVELS && !seen.has(fn)) walk({ fn, call, parent }, level, new Set([...seen, fn]));
      return out;
    }

    /**
     * `reloadDockerResource('dokploy', undefined, version)` of a helper that runs `execAsyncRemote(serverId, …)`
     * only `if (serverId)`: a query or call in a branch taken only when a parameter is there (`if (p)`,
     * `p ? … : …`, `p && …`, the `else` of `if (!p)`), where this call passes nothing for it (no argument, or
     * `undefined`/`null`, also through a parameter of the frames on the way), is never reached from this call.
     */
    function notReachedAt(node: TSESTree.Node, frame: Frame): boolean {
      for (let child: TSESTree.Node = node, parent = node.parent; parent && child !== frame.fn; child = parent, parent = parent.parent) {
        let test: TSESTree.Node | undefined;
        let whenTrue = true;
        if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && child !== parent.test) {
          test = parent.test;
          whenTrue = parent.consequent === child;
        } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child) {
          test = parent.left;
        }
        const presence = test && presenceOf(test);
        // Taken only when the test is `whenTrue`, and an absent value makes it `absentWhen`.
        if (presence && presence.absentWhen !== whenTrue && presence.value.type === AST_NODE_TYPES.Identifier && safely(() => absentAt(presence.value as TSESTree.Identifier, frame), false)) return true;
      }
      return false;
    }
    /** The call of `frame` passes nothing for this parameter of its function (see notReachedAt). */
    function absentAt(binding: TSESTree.Identifier, frame: Frame | null): boolean {
      const def = findVariable(workspace.scopeOf(binding), binding)?.defs[0];
      if (def?.type !== 'Parameter' || def.name.parent?.type === AST_NODE_TYPES.AssignmentPattern || !isWholeParameter(def.name)) return false;
      const running = frameRunning(frame, def.node);
      if (!running) return false;
      const index = running.fn.params.findIndex((p) => p === def.name);
      if (index < 0 || running.call.arguments.slice(0, index + 1).some((a) => a.type === AST_NODE_TYPES.SpreadElement)) return false;
      const argument = running.call.arguments[index];
      if (!argument || isNullish(argument) || (argument.type === AST_NODE_TYPES.UnaryExpression && argument.operator === 'void')) return true;
      return argument.type === AST_NODE_TYPES.Identifier && absentAt(argument, running.parent);
    }

    interface CallCheck {
      helper: string;
      site: QuerySite;
      adapter: DataLayerAdapter;
      policy: ScopePolicy;
      filter: Constraint | null;
      frame: Frame;
      provenance: Provenance;
      resolver: Resolver;
      bound: (binding: TSESTree.Identifier) => TSESTree.Node | undefined;
    }

    /** Each owned query a call reaches, read with the call's arguments standing for the parameters. */
    // Asked for the same call by its analysis, by proofs and by guards: read once.
    const checksOfCall = new Map<Frame | null, Map<TSESTree.CallExpression, CallCheck[]>>();
    /** `parent`: the helper frame whose body makes the call (a call inside a helper, read for a proof there). */
    function callChecks(call: TSESTree.CallExpression, parent: Frame | null = null): CallCheck[] {
      const memo = memoIn(checksOfCall, parent);
      let checks = memo.get(call);
      if (!checks) memo.set(call, (checks = readCallChecks(call, parent)));
      return checks;
    }
    function readCallChecks(call: TSESTree.CallExpression, parent: Frame | null): CallCheck[] {
      const out: CallCheck[] = [];
      for (const { frame, query } of reachedQueries(call, parent)) {
        const found = matchAnywhere(query);
        if (!found) continue;
        const { site, adapter } = found;
        if (!site.typed && !options.matchUntypedByName) continue;
        const { bound, resolver: frameResolver, ctx: frameCtx } = frameContext(frame);
        const policy = policyOf(site, adapter, frameCtx);
        if (!policy || policy.publicReason !== undefined) continue;
        const frameProvenance = new Provenance(checker, workspace.tsNode, workspace.scopeOf, frameResolver, sources.settings, isQueryAnywhere as (c: TSESTree.CallExpression) => boolean, context.filename, bound);
        const names: string[] = [];
        for (let f: Frame | null = frame; f; f = f.parent) names.unshift(calleeText(f.call));
        const helper = `${names.join(' → ')} → ${site.modelName.charAt(0).toLowerCase()}${site.modelName.slice(1)}.${site.operation} at ${locationOf(site, workspace.fileOf(site.call), context.cwd)}`;
        out.push({ helper, site, adapter, policy, filter: site.access === 'create' ? null : adapter.readFilter(site, frameCtx), frame, provenance: frameProvenance, resolver: frameResolver, bound });
      }
      return out;
    }

    /** How the code of a helper frame is read: its parameters stand for what the call passes. */
    function frameContext(frame: Frame) {
      const bound = (binding: TSESTree.Identifier) => boundArgument(frame, binding, functionOfParameter);
      const resolver = new Resolver(workspace.scopeOf, bound);
      const ctx: AdapterContext = { checker, tsNode: workspace.tsNode, resolver, config, helperFilter: (call) => helperFilter(call, frame) };
      return { bound, resolver, ctx };
    }

    /**
     * `where: canReadTypebots(id, user)`: a filter built by a function of the program (any module), read
     * from what it returns with its parameters standing for the call's arguments; a few helpers deep.
     */
    function helperFilter(call: TSESTree.CallExpression, parent: Frame | null): { returned: readonly TSESTree.Node[]; ctx: AdapterContext } | undefined {
      let depth = 0;
      for (let f = parent; f; f = f.parent) depth++;
      if (depth >= MAX_FILTER_HELPERS) return undefined;
      const fn = safely(() => workspace.calleeOf(call), undefined);
      if (!fn) return undefined;
      for (let f = parent; f; f = f.parent) if (f.fn === fn) return undefined;
      const returned = returnedValues(fn);
      if (!returned) return undefined;
      return { returned, ctx: frameContext({ fn, call, parent }).ctx };
    }

    /** The parameter binding's function, for a binding declared as a parameter. */
    function functionOfParameter(binding: TSESTree.Identifier): TSESTree.Node | undefined {
      const variable = findVariable(workspace.scopeOf(binding), binding);
      const def = variable?.defs[0];
      return def?.type === 'Parameter' ? def.node : undefined;
    }

    /** A read inside a function that returns only a boolean (see `existenceCheck`); one type question per function. */
    type Existence = ReturnType<typeof existenceCheck>;
    const existence = new Map<TSESTree.Node, Existence>();
    function existenceIn(fn: TSESTree.Node): Existence {
      let found = existence.get(fn);
      if (found === undefined) existence.set(fn, (found = existenceCheck(fn, checker, workspace.tsNode)));
      return found;
    }
    function existenceOf(query: TSESTree.Node): Existence {
      const fn = enclosingFunction(query);
      return (fn ? existenceIn(fn) : null) ?? presenceTest(query, scopeOf, (statement) => exits(statement, { checker, tsNode }));
    }
    /** The same, for a query reached through helpers: the query's own function, or any on the way to it. */
    function existenceOnTheWay(check: CallCheck): Existence {
      const own = existenceOf(check.site.call);
      if (own) return own;
      for (let f: Frame | null = check.frame; f; f = f.parent) {
        const found = existenceIn(f.fn);
        if (found) return found;
      }
      return null;
    }

    /** What a call of a helper decided: findings to report here, and a line of the access report per query reached. */
    interface CallAnalysis {
      findings: Finding[];
      records: { check: CallCheck; outcomes: ScopeOutcome[]; reportedAt?: TSESTree.Node; context?: { kind: SiteContext; reason: string } }[];
    }

    /**
     * A call of a function that runs queries, checked like an inline query with the arguments it passes:
     * the finding goes here, where the request or the session is, naming the helper and its query. Every
     * owned query the call reaches is a line of the access report, listed at this call.
     */
    function analyzeCall(call: TSESTree.CallExpression): CallAnalysis {
      const out: CallAnalysis = { findings: [], records: [] };
      const checked = new Set<TSESTree.Node>();
      const listed = new Set<TSESTree.Node>();
      let who: ReturnType<Contexts['of']> | undefined;
      for (const check of callChecks(call)) {
        const { site, policy, filter } = check;
        if (site.access === 'create' || checked.has(site.call)) continue;
        // A job, a verified webhook, a public page: listed, not checked (as an inline query would be).
        who ??= contexts.of(call);
        const onlyExists = who.kind === 'user' ? (site.access === 'read' ? existenceOnTheWay(check) : null) ?? capabilityLookup(filter) : null;
        if (onlyExists) {
          if (recorder && !listed.has(site.call)) {
            listed.add(site.call);
            out.records.push({ check, outcomes: [], context: { kind: onlyExists.kind, reason: onlyExists.reason } });
          }
          continue;
        }
        // Only a query whose filter is made of what this call passes is this call's to fix; one that
        // filters by the helper's own values is reported where it is written.
        const ours =
          who.kind === 'user' &&
          (!filter || fromThisCall(filter, check.resolver, check.bound, (node) => workspace.fileOf(node) === workspace.current, (object, property) => constructedField(object, property, checker, workspace.tsNode), (node) => provenance.originOf(node, false).kind === 'request', rowSelectorIn(check.frame))) &&
          !reportedOnTheWay(check, policy) &&
          !judgedWhereWritten(check);
        if (ours) checked.add(site.call);
        else if (!recorder || listed.has(site.call)) continue;
        listed.add(site.call);
        if (who.kind !== 'user') {
          out.records.push({ check, outcomes: [], context: { kind: who.kind, reason: who.reason } });
          continue;
        }
        const { finding, outcomes } = judgeCall(call, check, ours);
        if (finding) out.findings.push(finding);
        out.records.push({ check, outcomes, reportedAt: finding ? call.callee : undefined });
      }
      return out;
    }

    /** One query reached through a call, with the call's arguments: how each scope is met, and the finding if `ours`. */
    function judgeCall(call: TSESTree.CallExpression, check: CallCheck, ours: boolean): { finding?: Finding; outcomes: ScopeOutcome[] } {
      const { site, policy, filter, helper, adapter } = check;
      const outcomes: ScopeOutcome[] = [];
      const dropped = adapter.undefinedFilterValue?.(site, anyFile);
      for (const [scope, paths] of [['owner', policy.owners], ['tenant', policy.tenants]] as const) {
        if (paths.length === 0) continue;
        const accepted = pathsOf(site.model, paths);
        const result: Evaluation = filter
          ? evaluate(filter, accepted, (value) => check.provenance.originOf(value, dropped !== undefined), (test, holds) => safely(() => notTakenAtCall(check, test, holds), false))
          : { status: 'unscoped' };
        if (result.status === 'scoped') {
          outcomes.push(outcome(scope, result, false));
          continue;
        }
        // As for an inline query: where the signed-in user is in this function's scope, the fix belongs here.
        const leftToCallers =
          result.status === 'unscoped' &&
          !!filter &&
          !result.badValue &&
          !principal.valueFor(call, 'id', { functionOnly: true }) &&
          fromCallerOnly(filter, check.resolver, check.provenance, call, check.bound, calledByName, rowSelectorIn(check.frame));
        if (result.status !== 'unscoped' || leftToCallers) {
          const guarded = guardedCall(call, check, accepted);
          outcomes.push(leftToCallers && !guarded ? { scope, status: 'unverified', source: CALLERS } : outcome(scope, result, guarded));
          if (ours && options.reportUnverifiable && !guarded) {
            return { outcomes, finding: { node: call.callee, messageId: 'helperUnverifiableScope', data: { helper, scope, fields: describePaths(paths) } } };
          }
          return { outcomes };
        }
        if (guardedCall(call, check, accepted)) {
          outcomes.push(outcome(scope, result, true));
          continue;
        }
        if (safely(() => provenForCall(call, check, accepted) || provenWhereWritten(check, accepted) || provenInHelperBody(check, accepted), false)) {
          outcomes.push(outcome(scope, result, true, PROVEN));
          continue;
        }
        outcomes.push(outcome(scope, result, false));
        if (!ours) return { outcomes };
        const data = { helper, model: site.modelName, verb: VERB[site.access], scope, fields: describePaths(paths) };
        const bad = result.badValue;
        if (bad && bad.origin.kind === 'request') {
          return { outcomes, finding: { node: call.callee, messageId: 'helperOwnerFromRequest', data: { ...data, field: bad.path.join('.'), source: bad.origin.source } } };
        }
        return { outcomes, finding: { node: call.callee, messageId: 'helperMissingScope', data } };
      }
      return { outcomes };
    }

    /** The files a helper call's query passes through: each function on the way, and the query's own. */
    function filesOf(check: CallCheck): string[] {
      const files = new Set<string>();
      for (let f: Frame | null = check.frame; f; f = f.parent) {
        const file = workspace.fileOf(f.fn)?.fileName;
        if (file) files.add(file);
      }
      const own = workspace.fileOf(check.site.call)?.fileName;
      if (own) files.add(own);
      files.delete(workspace.current.fileName);
      return [...files];
    }

    /**
     * A function on the way from this call to the query that has the signed-in user at hand (a service
     * method given the session) is where the fix belongs: the query is reported there — at the query, or
     * at that function's call of the next helper — and not again at each of its callers.
     */
    function reportedOnTheWay(check: CallCheck, policy: ScopePolicy): boolean {
      // Only a query that lacks the scope in its own terms; one filtered by a parameter (`{ id, userId }`)
      // is scoped where it is written, and what each caller passes for it is checked at the caller.
      const own = check.adapter.readFilter(check.site, anyFile);
      const ownTerms = (value: TSESTree.Node) => ownProvenance().originOf(value);
      const lacking = [policy.owners, policy.tenants].some((paths) => {
        if (paths.length === 0) return false;
        return !own || evaluate(own, pathsOf(check.site.model, paths), ownTerms).status === 'unscoped';
      });
      if (!lacking) return false;
      let next: TSESTree.Node = check.site.call;
      for (let f: Frame | null = check.frame; f; next = f.call, f = f.parent) {
        if (anyPrincipal.valueFor(next, 'id', { functionOnly: true })) return true;
      }
      return false;
    }

    /**
     * A helper in another module that cannot be read (a syntax the converter rejects, a node without a
     * TypeScript counterpart) must not stop the lint of this file: its call is then left unchecked.
     */
    function analyzeCallSafely(call: TSESTree.CallExpression): CallAnalysis {
      return safely(() => analyzeCall(call), { findings: [], records: [] });
    }

    /** The one place where the analysis of a helper call becomes reports and lines of the access report. */
    function reportCall(call: TSESTree.CallExpression, { findings, records }: CallAnalysis): void {
      for (const finding of findings) context.report(finding);
      if (!recorder) return;
      const { start, end } = call.callee.loc;
      for (const { check, outcomes, reportedAt, context: who } of records) {
        recorder({
          file: context.filename,
          line: start.line,
          column: start.column + 1,
          endLine: end.line,
          endColumn: end.column + 1,
          model: check.site.modelName,
          operation: check.site.operation,
          access: check.site.access,
          outcomes,
          ...(reportedAt ? { reportedAt: { line: reportedAt.loc.start.line, column: reportedAt.loc.start.column + 1 } } : {}),
          ...(who ? { context: who } : {}),
          through: { helper: check.helper, files: filesOf(check) },
        });
      }
    }

    /**
     * `provesIds`: the argument expressions of a call that are proven to be the signed-in user's rows
     * once the call returns — the call reads a row scoped to the signed-in user and throws when it is
     * missing (`getLinkOrThrow(id, org.id)`), or it is an existence predicate used as `if (!ok) throw`.
     */
    function provesIds(call: TSESTree.CallExpression, model: string): TSESTree.Node[] {
      const fn = workspace.calleeOf(call);
      if (!fn) return [];
      const summary = summarise(fn, isQueryAnywhere);
      const exits = summary.throwsWhenMissing || (summary.returns === 'exists' && isNegatedExitTest(call));
      if (!exits) return [];
      const proven: TSESTree.Node[] = [];
      for (const check of callChecks(call)) {
        if (check.site.modelName !== model || check.frame.parent !== null || !check.filter) continue;
        const { policy, site } = check;
        const allScoped = ([policy.owners, policy.tenants] as const).every((paths) => {
          if (paths.length === 0) return true;
          const accepted = pathsOf(site.model, paths);
          return evaluate(check.filter!, accepted, (v) => check.provenance.originOf(v, false)).status === 'scoped';
        });
        if (!allScoped) continue;
        for (const leaf of leaves(check.filter)) {
          if (leaf.kind !== 'equals') continue;
          const argument = argumentOf(leaf.value, check);
          if (argument) proven.push(argument);
        }
      }
      return proven;
    }

    /** The argument of the checked call a helper's filter value stands for. */
    function argumentOf(value: TSESTree.Node, check: { frame: Frame }): TSESTree.Node | undefined {
      if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = findVariable(workspace.scopeOf(value), value);
      const def = variable?.defs[0];
      if (def?.type !== 'Parameter' || def.node !== check.frame.fn) return undefined;
      return boundArgument(check.frame, def.name as TSESTree.Identifier, () => check.frame.fn);
    }

    /** A write or read selected by an id that an earlier helper call in the same function proved. */
    function provenByHelper(site: QuerySite): boolean {
      if (site.call.type !== AST_NODE_TYPES.CallExpression) return false;
      const fn = enclosingFunction(site.call);
      const earlier = fn ? callsBefore(fn, site.call).filter((call) => !matches.get(call)) : [];
      if (earlier.length === 0) return false;
      const found = matches.get(site.call);
      const filter = found && filterOf(site, found.adapter);
      if (!filter) return false;
      const ids = leaves(filter).filter((l): l is Extract<Constraint, { kind: 'equals' }> => l.kind === 'equals' && l.value.type === AST_NODE_TYPES.Identifier);
      if (ids.length === 0) return false;
      for (const call of earlier) {
        for (const argument of provesIds(call, site.modelName)) {
          if (argument.type !== AST_NODE_TYPES.Identifier) continue;
          const proven = resolver.variableOf(argument);
          if (proven && ids.some((id) => resolver.variableOf(id.value as TSESTree.Identifier) === proven)) return true;
        }
      }
      return false;
    }

    /** The one place where the analysis of a query becomes reports (and a line of the access report). */
    function report({ site, findings, outcomes, reportedAt }: Analysis): void {
      for (const finding of findings) context.report(finding);
      if (site.access === 'create') return;
      recorder?.({
        file: context.filename,
        line: site.operationNode.loc.start.line,
        column: site.operationNode.loc.start.column + 1,
        endLine: site.operationNode.loc.end.line,
        endColumn: site.operationNode.loc.end.column + 1,
        model: site.modelName,
        operation: site.operation,
        access: site.access,
        outcomes,
        reportedAt: reportedAt && { line: reportedAt.loc.start.line, column: reportedAt.loc.start.column + 1 },
      });
    }

    function isGuarded(site: QuerySite, accepted: readonly FieldPath[]): boolean {
      if (safely(() => provenByHelper(site), false)) return true;
      if (site.access === 'read') return isGuardedRead(site.call, accepted, guards);
      if (site.call.type !== AST_NODE_TYPES.CallExpression) return false;
      const sameModelRead = (candidate: TSESTree.CallExpression) => {
        const read = match(candidate)?.site;
        return read?.access === 'read' && read.modelName === site.modelName;
      };
      return isGuardedWrite(site.call, accepted, guards, sameModelRead, (node) => context.sourceCode.getText(node));
    }

    /** The query selects by an id (or a parent's foreign key) that an earlier read tied to the user proves. */
    function isProvenSelector(site: QuerySite, filter: ReturnType<DataLayerAdapter['readFilter']>, accepted: readonly FieldPath[]): boolean {
      return equalitiesOf(filter).some(
        (e) =>
          proofs.proves(e.value, site.call, (proof) => provesSelector(proof, site, e.path, accepted, config.models)) ||
          // An id the code leaves without unless it is in the user's list selects one of their rows, and so
          // do ids taken from an allow-list computed for them (`inArray(t.id, [...accessibleIds])`).
          (selectsById(site, e.path) && (proofs.isInUsersList(e.value, site.call, isUsersList) || isAllowList(e.value))),
      );
    }
    /** `ids`, `[...ids]`, `Array.from(ids)` of an allow-list computed for the user (see isComputedForUser). */
    function isAllowList(value: TSESTree.Node): boolean {
      let list: TSESTree.Node | undefined = value;
      if (list.type === AST_NODE_TYPES.ArrayExpression) list = list.elements.length === 1 && list.elements[0]?.type === AST_NODE_TYPES.SpreadElement ? list.elements[0].argument : undefined;
      else if (list.type === AST_NODE_TYPES.CallExpression && list.arguments.length === 1 && memberPath(list.callee)?.join('.') === 'Array.from') list = list.arguments[0];
      return !!list && isComputedForUser(list);
    }

    function reportUnscoped(
      site: QuerySite,
      adapter: DataLayerAdapter,
      result: Evaluation,
      scope: 'owner' | 'tenant',
      policy: ScopePolicy,
      data: { operation: string; model: string; verb: string },
      findings: Finding[],
    ): TSESTree.Node {
      const paths = scope === 'owner' ? policy.owners : policy.tenants;
      const fields = describePaths(paths);
      if (result.badValue) {
        reportBadValue(site, adapter, result.badValue, scope, data, 'ownerFromRequest', findings);
        return result.badValue.node;
      }
      if (result.fromRequest?.origin.kind === 'request') {
        const { node, origin } = result.fromRequest;
        findings.push({ node, messageId: 'filterFromRequest', data: { ...data, scope, fields, source: origin.source } });
        return node;
      }
      if (result.branch) {
        findings.push({
          node: result.branch,
          messageId: 'unscopedOrBranch',
          data: { ...data, scope, fields, affected: PAST[site.access] },
        });
        return result.branch;
      }
      const messageId =
        policy.source === 'inferred'
          ? 'missingInferredScope'
          : scope === 'tenant'
            ? 'missingTenantScope'
            : site.typed
              ? 'missingOwnerScope'
              : 'missingOwnerScopeUntyped';
      findings.push({
        node: site.operationNode,
        messageId,
        data: {
          ...data,
          owners: fields,
          tenants: fields,
          fields,
          scope,
          inferredFrom: policy.inferredFrom ?? '',
          annotation: paths.map((p) => p.join('.')).join(', '),
        },
        suggest: suggestions(site, adapter, paths, scope),
      });
      return site.operationNode;
    }

    function reportBadValue(
      site: QuerySite,
      adapter: DataLayerAdapter,
      finding: ValueFinding,
      scope: 'owner' | 'tenant',
      data: { operation: string; model: string; verb: string },
      messageId: 'ownerFromRequest' | 'ownerAssignedFromRequest',
      findings: Finding[],
    ): void {
      const field = finding.path.join('.');
      if (finding.origin.kind === 'mayBeUndefined') {
        const dropped = adapter.undefinedFilterValue?.(site, ctx) ?? '';
        findings.push({ node: finding.node, messageId: 'possiblyUndefinedOwner', data: { ...data, field, dropped } });
        return;
      }
      if (finding.origin.kind !== 'request') return;
      const replacement = principal.valueFor(site.call, scope === 'owner' ? 'id' : finding.path[finding.path.length - 1]);
      findings.push({
        node: finding.node,
        messageId,
        data: { ...data, field, source: finding.origin.source },
        suggest: replacement
          ? [{ messageId: 'useSignedInUser', data: { value: replacement }, fix: (fixer) => fixer.replaceText(finding.node, replacement) }]
          : [],
      });
    }

    /** Owner and tenant values written by the query must not come from the request. */
    function checkAssignments(site: QuerySite, adapter: DataLayerAdapter, policy: ScopePolicy, findings: Finding[]): void {
      const ownerPaths = pathsOf(site.model, policy.owners);
      const tenantPaths = pathsOf(site.model, policy.tenants);
      const accepted = [...ownerPaths, ...tenantPaths];
      const carriedReported = new Set<TSESTree.Node>();
      for (const assignment of adapter.readAssignments(site, ctx)) {
        if (!accepted.some((p) => p.length === assignment.path.length && p.every((s, i) => s === assignment.path[i]))) continue;
        const origin = provenCheck(site, false)(assignment.value, assignment.path);
        if (origin.kind !== 'request') continue;
        const isTenant = tenantPaths.some((p) => p.join('.') === assignment.path.join('.'));
        if (assignment.carried) {
          // One finding per object written whole, at its first owner field: one fix covers them all.
          if (carriedReported.has(assignment.value)) continue;
          carriedReported.add(assignment.value);
          findings.push({
            node: assignment.value,
            messageId: 'ownerWrittenThroughObject',
            data: { operation: site.operation, model: site.modelName, field: assignment.path.join('.'), source: origin.source, scope: isTenant ? 'tenant' : 'owner' },
          });
          continue;
        }
        reportBadValue(
          site,
          adapter,
          { node: assignment.value, path: assignment.path, origin },
          isTenant ? 'tenant' : 'owner',
          { operation: site.operation, model: site.modelName, verb: VERB[site.access] },
          'ownerAssignedFromRequest',
          findings,
        );
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

    /**
     * A Prisma policy that goes through a relation (`note.userId`) needs the schema to read the filter
     * (which key is a relation, to which model): without it a correct `note: { userId }` would look
     * unscoped. It is a configuration problem, said once per model and file, and the query is not judged.
     */
    const unresolvedModels = new Set<string>();
    function unresolvableRelation(site: QuerySite, adapter: DataLayerAdapter, policy: ScopePolicy): boolean {
      if (adapter.name !== 'prisma' || site.model !== undefined) return false;
      const relation = [...policy.owners, ...policy.tenants].find((p) => p.length > 1);
      if (relation === undefined) return false;
      if (!unresolvedModels.has(site.modelName)) {
        unresolvedModels.add(site.modelName);
        const why = config.schemaFiles.length === 0 ? 'no Prisma schema was found' : 'the Prisma schema that was read does not declare it';
        context.report({
          node: site.operationNode,
          messageId: 'configProblem',
          data: {
            problem: `${site.modelName} is scoped through the relation \`${relation.join('.')}\`, but ${why}, so its queries cannot be checked; point settings["data-isolation"].schema at the schema that declares ${site.modelName}.`,
          },
        });
      }
      return true;
    }

    /** Problems of policies declared next to entities (JSDoc), each reported once per file. */
    const entityProblems = new Set<string>();
    function visit(site: QuerySite, adapter: DataLayerAdapter): void {
      if (!site.typed && !options.matchUntypedByName) return;
      reportConfig(site, adapter);
      reportUndeclared(site, adapter);
      const declared = adapter.policyFor?.(site, ctx);
      for (const { message } of declared?.problems ?? []) {
        if (entityProblems.has(message)) continue;
        entityProblems.add(message);
        context.report({ node: site.operationNode, messageId: 'configProblem', data: { problem: message } });
      }
      const policy = declared ? declared.policy : config.policies.get(site.modelName);
      if (!policy || policy.publicReason !== undefined) return;
      // A query that no signed-in user reaches (or that serves anyone by design) is listed, not checked.
      let who = contexts.of(site.call);
      if (who.kind === 'user' && site.access === 'read') who = existenceOf(site.call) ?? who;
      if (who.kind === 'user' && site.access !== 'create') who = capabilityLookup(filterOf(site, adapter)) ?? who;
      if (who.kind === 'user') {
        if (unresolvableRelation(site, adapter, policy)) return;
        return report(analyze(site, adapter, policy));
      }
      const { start, end } = site.operationNode.loc;
      recorder?.({
        file: context.filename,
        line: start.line,
        column: start.column + 1,
        endLine: end.line,
        endColumn: end.column + 1,
        model: site.modelName,
        operation: site.operation,
        access: site.access,
        outcomes: [],
        context: { kind: who.kind, reason: who.reason },
      });
    }

    let runsQueries = false;
    return {
      CallExpression(node) {
        const found = match(node);
        if (found) runsQueries = true;
        if (found && (found.site.typed || options.matchUntypedByName)) visit(found.site, found.adapter);
        else {
          if (!found) reportCall(node, analyzeCallSafely(node));
          reportProblemsOnLookalike(node);
        }
      },
      TaggedTemplateExpression(node) {
        for (const adapter of ADAPTERS) {
          const site = adapter.matchTaggedQuery?.(node, ctx);
          if (site) {
            runsQueries = true;
            return visit(site, adapter);
          }
        }
      },
      'Program:exit'() {
        if (runsQueries) workspace.keepCurrent();
      },
    };
  },
});

const PROVEN = 'its id is proven by an earlier read tied to the signed-in user';

function outcome(scope: 'owner' | 'tenant', result: Evaluation, guarded: boolean, how?: string): ScopeOutcome {
  if (guarded) return how ? { scope, status: 'guarded', source: how } : { scope, status: 'guarded' };
  switch (result.status) {
    case 'scoped': {
      const by = result.scopedBy;
      return by ? { scope, status: 'scoped', field: by.path.join('.'), source: 'signed-in user' } : { scope, status: 'scoped', source: 'declared type' };
    }
    case 'unverifiedValue': {
      const { path, origin } = result.unverified!;
      return { scope, status: 'unverified', field: path.join('.'), source: origin.kind === 'unknown' ? `unknown: ${origin.reason}` : undefined };
    }
    case 'unreadable':
      return { scope, status: 'unreadable' };
    case 'unscoped':
      return { scope, status: 'unscoped' };
  }
}

/** The leaves of a constraint tree (a tree's, worked out once: every check of its query asks). */
function leaves(c: Constraint): readonly Constraint[] {
  if (c.kind !== 'all' && c.kind !== 'any') return [c];
  let found = leavesOf.get(c);
  if (!found) leavesOf.set(c, (found = c.of.flatMap(leaves)));
  return found;
}
const leavesOf = new WeakMap<Constraint, readonly Constraint[]>();

/**
 * A test of a whole parameter's presence (`user`, `!user`, `user == null`) that is `holds` exactly when the
 * parameter is absent: the parameter's definition; null for any other test.
 */
function parameterAbsentWhen(test: TSESTree.Node, holds: boolean, variableOf: (id: TSESTree.Identifier) => TSESLint.Scope.Variable | null | undefined): ParameterDefinition | null {
  const presence = presenceOf(test);
  if (!presence || presence.absentWhen !== holds || presence.value.type !== AST_NODE_TYPES.Identifier) return null;
  const def = variableOf(presence.value)?.defs[0];
  return def?.type === 'Parameter' && isWholeParameter(def.name) ? def : null;
}
type ParameterDefinition = Extract<TSESLint.Scope.Definition, { type: 'Parameter' }>;

/** For a variable that holds the one row a query selects by its id (see `rowById`), that id's value. */
type RowSelector = (row: TSESTree.Node) => TSESTree.Node | undefined;

/**
 * A filter that comes wholly from the parameters of the function it is in (`(id) => findUnique({ where:
 * { id } })`): every value in it is a plain parameter (not request input, not the signed-in user). Such
 * a query is checked at its call sites, with what they pass.
 */
function fromCallerOnly(
  filter: Constraint,
  resolver: Resolver,
  provenance: Provenance,
  within: TSESTree.Node,
  bound?: (binding: TSESTree.Identifier) => TSESTree.Node | undefined,
  calledByName?: (fn: TSESTree.Node) => boolean,
  rowOf?: RowSelector,
): boolean {
  // Constants (`status: 'open'`) say nothing about whose rows these are.
  const all = leaves(filter).filter((l) => (l.kind === 'equals' && !isConstant(l.value)) || l.kind === 'unknown');
  if (all.length === 0) return false;
  return all.every((leaf) => {
    let node: TSESTree.Node = leaf.kind === 'equals' ? leaf.value : leaf.node;
    // Whether `node` stands for a property of itself (`state.queue[0].resultId` of the helper's `state`,
    // the caller having passed its own `state` on whole).
    let ofProperty = false;
    for (let hops = 0; hops <= MAX_LEVELS + 1; hops++) {
      if (node.type === AST_NODE_TYPES.SpreadElement) node = node.argument;
      while (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSNonNullExpression) node = node.expression;
      node = orNothing(node) ?? node;
      // `input.id`, and `state.queue[0].resultId`: an element at a written index is as much a property.
      const root: TSESTree.Node = propertyChain(node)?.root ?? node;
      const def = root.type === AST_NODE_TYPES.Identifier ? resolver.variableOf(root)?.defs[0] : undefined;
      if (def?.type !== 'Parameter') {
        // A key of the one row the function reads by an id its callers pass (`certificate.serverId` of
        // `const certificate = await findCertificateById(certificateId)`): as much theirs as the id.
        let holder: TSESTree.Node = node;
        while (holder.type === AST_NODE_TYPES.MemberExpression && !holder.computed) holder = holder.object;
        const selector = holder !== node ? rowOf?.(holder) : undefined;
        if (!selector) return false;
        node = selector;
        continue;
      }
      // A parameter of the function the query is in, not of a local helper whose result it uses.
      const fn = def.node as TSESTree.Node;
      const inside = (node: TSESTree.Node) => fn.range[0] <= node.range[0] && node.range[1] <= fn.range[1] && workspaceRoot(fn) === workspaceRoot(node);
      const argument = bound?.(def.name as TSESTree.Identifier);
      // `certificate.serverId` of a helper given the row `cert` that its caller read by an id of its own.
      const rowSelector = root !== node && argument?.type === AST_NODE_TYPES.Identifier && isWholeParameter(def.name) ? rowOf?.(argument) : undefined;
      if (rowSelector) {
        node = rowSelector;
        continue;
      }
      if (root !== node || ofProperty || !isWholeParameter(def.name)) {
        // The same property of a variable the call passed (`parse(state)`, `run({ state })`): that
        // variable's callers, if it is a parameter too. (A binding passed as the value itself,
        // `find({ id: resultId })`, is judged at the call, as below.)
        if (argument?.type === AST_NODE_TYPES.Identifier && (root !== node || ofProperty)) {
          ofProperty = true;
          node = argument;
          continue;
        }
        // A property of a parameter (`input.notificationId`, `({ sshKeyId }) => …`): an entry point (a
        // handler the framework calls with `{ input, params }`) reads properties of its parameters, so
        // only in a function exported or called by name (a service), whose callers are then checked.
        return !argument && inside(within) && !!calledByName?.(fn) && provenance.originOf(node, false).kind === 'unknown';
      }
      // The value IS a parameter (`(id) => …`, `(clause) => …`).
      if (!inside(within) && !argument) return false;
      // A parameter of a helper stands for what its caller passed: follow it to the outermost caller.
      if (!argument) return provenance.originOf(node, false).kind === 'unknown';
      node = argument;
    }
    return false;
  });
}

/** Every value of the filter (constants aside) is, through the helpers' parameters, an argument written at this call. */
function fromThisCall(
  filter: Constraint,
  resolver: Resolver,
  bound: (binding: TSESTree.Identifier) => TSESTree.Node | undefined,
  atCall: (node: TSESTree.Node) => boolean,
  fieldOf: (object: TSESTree.Node, property: string) => TSESTree.Node | null,
  fromRequest?: (node: TSESTree.Node) => boolean,
  rowOf?: RowSelector,
): boolean {
  const all = leaves(filter).filter((l) => (l.kind === 'equals' && !isConstant(l.value)) || l.kind === 'unknown');
  return all.every((leaf) => {
    let node: TSESTree.Node = leaf.kind === 'equals' ? leaf.value : leaf.node;
    // Properties still to read of `node` (`queue`, `0`, `resultId` of `state.queue[0].resultId` once
    // `state` is followed to what a caller passed).
    let path: string[] = [];
    for (let hops = 0; hops <= MAX_LEVELS + 1; hops++) {
      if (path.length === 0 && atCall(node)) return true;
      if (node.type === AST_NODE_TYPES.SpreadElement) node = node.argument;
      while (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSNonNullExpression) node = node.expression;
      node = orNothing(node) ?? node;
      // `updated[0].orderId`: a key of the one row a write by id returned
      const first = path.length === 0 && node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.object.type === AST_NODE_TYPES.MemberExpression ? rowOf?.(node.object) : undefined;
      if (first) {
        node = first;
        continue;
      }
      const whole = node;
      const chain = propertyChain(node);
      if (chain) {
        node = chain.root;
        path = [...chain.path, ...path];
      }
      if (path.length > 0 && atCall(node)) {
        // The object written at the call (`run({ state: { queue: [{ resultId }] } })`): the value at that path.
        const written = valueAtPath(node, path, resolver);
        if (written && node.type !== AST_NODE_TYPES.Identifier) {
          node = written;
          path = [];
          continue;
        }
        // The request's own object handed on whole, or a `const` of the caller holding the request's value
        // there: the request chooses the value. (Anything else a variable holds, a key of a row the caller
        // loaded (`const jobData = { serverId: app.serverId }`), is the app's own data, see `pointsAt`.)
        return !!fromRequest?.(written ?? whole);
      }
      if (path.length > 0 && node.type === AST_NODE_TYPES.Identifier) {
        const def = resolver.variableOf(node)?.defs[0];
        const argument = def?.type === 'Parameter' ? bound(def.name as TSESTree.Identifier) : undefined;
        if (path.length === 1) {
          // `command.projectId`, `command` being `new Command(projectId)` written at the call;
          // `{ ...input, organizationId }` written at the call carries `input.notificationId` from there.
          const carried = argument?.type === AST_NODE_TYPES.ObjectExpression ? propertyCarrying(argument, path[0]) : undefined;
          const field = carried ? carried.node : argument && fieldOf(argument, path[0]);
          if (field) {
            node = field;
            path = [];
            continue;
          }
          // A key of the one row a helper reads by an id (`certificate.serverId`, the row held in the helper
          // or handed to it): the query is as much this call's as that id.
          const row = def?.type === 'Variable' ? node : argument?.type === AST_NODE_TYPES.Identifier ? argument : undefined;
          const selector = row && rowOf?.(row);
          if (selector) {
            node = selector;
            path = [];
            continue;
          }
        }
        // `input.serverId` in the helper, the request's `input` passed at the call: this call hands the
        // request's choice on; a variable passed on whole by a helper between: the same path of what its
        // caller passed. (A row the caller loaded is the app's own data: its keys are trusted as a
        // checked row's are, see `pointsAt`.)
        if (!argument) return false;
        node = argument;
        continue;
      }
      if (path.length > 0 || node.type !== AST_NODE_TYPES.Identifier) return false;
      const def = resolver.variableOf(node)?.defs[0];
      const argument = def?.type === 'Parameter' ? bound(def.name as TSESTree.Identifier) : undefined;
      if (!argument) return false;
      node = argument;
    }
    return false;
  });
}

/** `state.queue[0].resultId` as `state` and `['queue', '0', 'resultId']` (names and written indices only). */
function propertyChain(node: TSESTree.Node): { root: TSESTree.Node; path: string[] } | undefined {
  const path: string[] = [];
  let root = node;
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    if (!root.computed && root.property.type === AST_NODE_TYPES.Identifier) path.unshift(root.property.name);
    else if (root.computed && root.property.type === AST_NODE_TYPES.Literal && (typeof root.property.value === 'number' || typeof root.property.value === 'string')) path.unshift(String(root.property.value));
    else return undefined;
    root = root.object;
  }
  return path.length > 0 ? { root, path } : undefined;
}

/**
 * `const x = await …` (or `const [x] = await …`, `element`): the initialiser of the `const` an identifier
 * reads, unwrapped of `await`; null for any other binding.
 */
function constInit(id: TSESTree.Identifier, resolver: Resolver): { init: TSESTree.Node; element: boolean } | null {
  const def = resolver.variableOf(id)?.defs[0];
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return null;
  const element = def.node.id.type === AST_NODE_TYPES.ArrayPattern && def.node.id.elements[0] === def.name;
  if (!element && def.node.id !== def.name) return null;
  const init = def.node.init;
  return { init: init.type === AST_NODE_TYPES.AwaitExpression ? init.argument : init, element };
}

/**
 * One step into an object or array literal: the property `key` (or the spread after it that may carry it:
 * not `whole`), an array's element at a written index before any spread.
 */
function stepInto(node: TSESTree.Node, key: string): { node: TSESTree.Node; whole: boolean } | undefined {
  if (node.type === AST_NODE_TYPES.ObjectExpression) return propertyCarrying(node, key);
  if (node.type !== AST_NODE_TYPES.ArrayExpression || !/^\d+$/.test(key)) return undefined;
  const elements = node.elements.slice(0, Number(key) + 1);
  const element = elements[Number(key)];
  return element && !elements.some((e) => e?.type === AST_NODE_TYPES.SpreadElement) ? { node: element, whole: true } : undefined;
}

/**
 * The value written at `path` in an object or array literal (`{ queue: [{ resultId: x }] }` at
 * `queue.0.resultId` is `x`), also through a `const` initialised with one; what a spread after it may
 * replace is not read.
 */
function valueAtPath(node: TSESTree.Node, path: readonly string[], resolver: Resolver): TSESTree.Node | undefined {
  const unwrapped = (n: TSESTree.Node): TSESTree.Node => (n.type === AST_NODE_TYPES.TSAsExpression || n.type === AST_NODE_TYPES.TSSatisfiesExpression ? unwrapped(n.expression) : n);
  let value: TSESTree.Node = node;
  for (const key of path) {
    let literal: TSESTree.Node | undefined = unwrapped(value);
    if (literal.type === AST_NODE_TYPES.Identifier) {
      const held = constInit(literal, resolver);
      literal = held && !held.element ? unwrapped(held.init) : undefined;
    }
    const step = literal && stepInto(literal, key);
    if (!step?.whole) return undefined;
    value = step.node;
  }
  return value;
}

function workspaceRoot(node: TSESTree.Node): TSESTree.Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/** `sshKeyId` for the binding `sshKeyId` of a parameter written `({ sshKeyId, ...rest })` (one level deep). */
function destructuredKey(fn: TSESTree.FunctionLike, binding: TSESTree.Node): string | undefined {
  for (const written of fn.params) {
    const param: TSESTree.Node = written.type === AST_NODE_TYPES.AssignmentPattern ? written.left : written;
    if (param.type !== AST_NODE_TYPES.ObjectPattern) continue;
    for (const prop of param.properties) {
      if (prop.type !== AST_NODE_TYPES.Property || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier) continue;
      const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
      if (value === binding) return prop.key.name;
    }
  }
  return undefined;
}

/** A function under a `'use server'` directive, of its module or its own body. */
function isServerAction(fn: TSESTree.Node): boolean {
  const directive = (body: readonly TSESTree.Node[]) =>
    body.some((s) => s.type === AST_NODE_TYPES.ExpressionStatement && s.directive === 'use server');
  if ('body' in fn && fn.body && (fn.body as TSESTree.Node).type === AST_NODE_TYPES.BlockStatement && directive((fn.body as TSESTree.BlockStatement).body)) return true;
  return directive(workspaceRoot(fn).type === AST_NODE_TYPES.Program ? (workspaceRoot(fn) as TSESTree.Program).body : []);
}

/** How the access report describes a filter made wholly of the function's parameters (its callers are checked). */
const CALLERS = 'passed in by the callers of this function';

/** How many helpers deep a filter built by helpers is read (`where: canRead(id, user)` → `membersOf(user)`). */
const MAX_FILTER_HELPERS = 3;

/** The memo of one frame in a memo by frame, made on first use. */
function memoIn<K, V>(byFrame: Map<Frame | null, Map<K, V>>, frame: Frame | null): Map<K, V> {
  let memo = byFrame.get(frame);
  if (!memo) byFrame.set(frame, (memo = new Map()));
  return memo;
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

function isWholeParameter(binding: TSESTree.Node): boolean {
  const parent = binding.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.left === binding) return isWholeParameter(parent);
  return (
    parent?.type === AST_NODE_TYPES.FunctionDeclaration ||
    parent?.type === AST_NODE_TYPES.FunctionExpression ||
    parent?.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/** The callee as written, for messages: `getReport`, `this.reports.get`. */
function calleeText(call: TSESTree.CallExpression): string {
  const parts: string[] = [];
  let node: TSESTree.Node = call.callee;
  while (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    parts.unshift(node.property.name);
    node = node.object;
  }
  if (node.type === AST_NODE_TYPES.Identifier) parts.unshift(node.name);
  else if (node.type === AST_NODE_TYPES.ThisExpression) parts.unshift('this');
  return parts.join('.') || 'call';
}

/** Calls in `fn` that end before `node` starts, not inside nested functions. */
function callsBefore(fn: TSESTree.FunctionLike, node: TSESTree.Node): TSESTree.CallExpression[] {
  return fn.body ? ownCalls(fn.body).filter((call) => call.range[1] <= node.range[0]) : [];
}

/** `if (!(await ok(…))) throw …` / `if (!ok) return …` with `const ok = await ok(…)`. */
function isNegatedExitTest(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  let test: TSESTree.Node | undefined;
  if (node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === '!') test = node.parent;
  if (node.parent?.type === AST_NODE_TYPES.VariableDeclarator && node.parent.id.type === AST_NODE_TYPES.Identifier) {
    const name = node.parent.id.name;
    const declaration = node.parent.parent;
    const block = declaration?.parent;
    if (block && 'body' in block && Array.isArray(block.body)) {
      const statements = block.body as TSESTree.Node[];
      const next = statements[statements.indexOf(declaration!) + 1];
      return (
        next?.type === AST_NODE_TYPES.IfStatement &&
        next.test.type === AST_NODE_TYPES.UnaryExpression &&
        next.test.operator === '!' &&
        next.test.argument.type === AST_NODE_TYPES.Identifier &&
        next.test.argument.name === name &&
        exitsHere(next.consequent)
      );
    }
  }
  const statement = test?.parent;
  return statement?.type === AST_NODE_TYPES.IfStatement && statement.test === test && exitsHere(statement.consequent);
}

function exitsHere(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.ReturnStatement) return true;
  return node.type === AST_NODE_TYPES.BlockStatement && node.body.some((s) => s.type === AST_NODE_TYPES.ThrowStatement || s.type === AST_NODE_TYPES.ReturnStatement);
}

function hasKey(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some(
    (p) =>
      p.type === AST_NODE_TYPES.Property &&
      ((p.key.type === AST_NODE_TYPES.Identifier && !p.computed && p.key.name === key) ||
        (p.key.type === AST_NODE_TYPES.Literal && p.key.value === key)),
  );
}

