import path from 'node:path';
import { configuredLocations, type Discovery, discoverSchema, type ExpandedSchema, expandLocations, statOrUndefined } from './discovery';
import { type LoadedSchema, loadParsedSchema, loadSchema, loadSchemaSources } from './load-schema';
import type { SchemaParse, SchemaSource } from './prisma-schema';
import { schemaFolderOfClient, clearGeneratedClientCache, inlineSchemaFileOfClient } from './generated-client';
import { LruCache } from './lru-cache';
import { inferPolicies } from './inference';
import { resolvePolicy } from './policy';
import { isPlainObject, type SettingsModelDraft, type ValidatedSettings, validateSettings } from './settings';
import { closestName, didYouMean, displayPath, problem } from './text';
import type { ConfigProblem, LoadOptions, ModelInfo, ProjectConfig, ScopePolicy } from './types';

export type { ConfigProblem, FieldInfo, FieldPath, LoadOptions, ModelInfo, ProjectConfig, ScopePolicy } from './types';
export { SETTINGS_KEYS, SETTINGS_ROOT } from './settings';

export interface LoaderOptions extends LoadOptions {
  /**
   * Top-level keys of `settings["data-isolation"]` that other modules read (say `principal`). They are
   * accepted here without being checked; every other key not in SETTINGS_KEYS is reported as a typo.
   */
  extraTopLevelKeys?: readonly string[];
}

const discoveries = new LruCache<string, Discovery>(1024);
const validatedSettings = new LruCache<string, ValidatedSettings>(16);
const schemas = new LruCache<string, LoadedSchema>(16);
const results = new LruCache<string, ProjectConfig>(64);

/**
 * The schema's models and the classification of each, for the file being linted. Called once per
 * linted file: results are cached on the schema files' paths, mtimes and sizes plus the settings, so
 * an unchanged project costs a few `stat` calls, and an edited schema is picked up without a restart.
 * Never throws: whatever is wrong becomes a problem.
 */
export function loadProjectConfig(options: LoaderOptions): ProjectConfig {
  try {
    return load(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return emptyConfig([problem(`eslint-plugin-data-isolation failed to load its configuration (${reason}); this is a bug, please report it`)]);
  }
}

/**
 * The configuration for schema sources given in memory (no discovery, no cache); `parsed`: the engine's
 * parse of them, when the caller has made it already (the schema language's).
 */
export function configFromSources(sources: readonly SchemaSource[], options: Omit<LoaderOptions, 'filename'>, parsed?: SchemaParse): ProjectConfig {
  const cwd = path.resolve(options.cwd);
  const settings = validateSettings(options.settings, options.extraTopLevelKeys ?? []);
  const schema: ExpandedSchema = { files: sources.map((s) => s.path), problems: [], stale: false };
  const loaded = parsed ? loadParsedSchema(parsed, sources, cwd) : loadSchemaSources(sources, cwd);
  return assemble(schema, loaded, settings, cwd);
}

export function clearProjectConfigCache(): void {
  for (const cache of [discoveries, validatedSettings, schemas, results]) cache.clear();
  clearGeneratedClientCache();
}

function load(options: LoaderOptions): ProjectConfig {
  const cwd = path.resolve(options.cwd);
  const extraKeys = options.extraTopLevelKeys ?? [];
  const settingsKey = settingsFingerprint(options.settings, extraKeys);
  const settings = validatedSettings.getOrCreate(settingsKey, () => validateSettings(options.settings, extraKeys));
  let schema = settings.schema
    ? expandLocations(configuredLocations(settings.schema, cwd), cwd)
    : discovered(path.dirname(path.resolve(cwd, options.filename)), cwd);
  if (!settings.schema && schema.files.length === 0 && options.clientFile !== undefined) schema = ofClient(options.clientFile, cwd);
  const schemaKey = JSON.stringify([cwd, schema.files.map((file) => fileFingerprint(file, schema.stats?.get(file)))]);
  const resultKey = settingsKey && JSON.stringify([schemaKey, settingsKey, schema.problems]);
  return results.getOrCreate(resultKey, () =>
    assemble(schema, schemas.getOrCreate(schemaKey, () => loadSchema(schema.files, cwd)), settings, cwd),
  );
}

function discovered(startDir: string, cwd: string): ExpandedSchema {
  const known = discoveries.get(startDir);
  if (known !== undefined && !decisionChanged(known)) {
    const expanded = expandLocations(known.locations, cwd);
    if (!expanded.stale) return expanded;
  }
  // Every folder walked through has the same answer, and a parent's answer, while valid, ends the walk:
  // an app's 400 module folders share their `src/`'s instead of each probing every level again.
  const walked: string[] = [];
  // The expansion that showed a parent's answer still valid is the answer's expansion: not read twice.
  let reused: { discovery: Discovery; expanded: ExpandedSchema } | undefined;
  const fresh = discoverSchema(
    startDir,
    (dir) => {
      const parent = discoveries.get(dir);
      if (parent === undefined || decisionChanged(parent)) return undefined;
      const expanded = expandLocations(parent.locations, cwd);
      if (expanded.stale) return undefined;
      reused = { discovery: parent, expanded };
      return parent;
    },
    walked,
  );
  for (const dir of [startDir, ...walked]) discoveries.set(dir, fresh);
  return reused?.discovery === fresh ? reused.expanded : expandLocations(fresh.locations, cwd);
}

/**
 * The schema a generated client was made from, for code that imports a client generated elsewhere (an
 * app beside its `packages/database`): the folder its generator recorded, else discovery from the client,
 * else the schema inlined in the client itself (a Prisma 7 client generated outside any package).
 */
function ofClient(clientFile: string, cwd: string): ExpandedSchema {
  const recorded = schemaFolderOfClient(clientFile);
  if (recorded !== undefined) {
    const main = path.join(recorded, 'schema.prisma');
    const expanded = expandLocations([{ path: statOrUndefined(main)?.isFile() && !hasSchemaFolder(recorded) ? main : recorded }], cwd);
    if (expanded.files.length > 0) return expanded;
  }
  const around = discovered(path.dirname(clientFile), cwd);
  if (around.files.length > 0 || around.problems.length > 0) return around;
  const inlined = inlineSchemaFileOfClient(clientFile);
  return inlined === undefined ? around : { files: [inlined], problems: [], stale: false };
}

/** A folder that holds `.prisma` files besides `schema.prisma` (a multi-file schema), not counting migrations. */
function hasSchemaFolder(folder: string): boolean {
  return expandLocations([{ path: folder }], folder).files.some((file) => path.basename(file) !== 'schema.prisma');
}

function decisionChanged(discovery: Discovery): boolean {
  const { decidedBy } = discovery;
  return decidedBy !== undefined && statOrUndefined(decidedBy.path)?.mtimeMs !== decidedBy.mtimeMs;
}

/** `stat`: the file's, when the caller has just read it. */
function fileFingerprint(file: string, stat = statOrUndefined(file)): [string, number, number] {
  return [file, stat?.mtimeMs ?? -1, stat?.size ?? -1];
}

/** JSON of the settings; values JSON would drop or blur (undefined, functions, Maps) are tagged with their type. */
function settingsFingerprint(settings: unknown, extraKeys: readonly string[]): string | undefined {
  try {
    return JSON.stringify([settings, extraKeys], (_key, value: unknown) => {
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
      if (Array.isArray(value) || isPlainObject(value)) return value;
      return `\u0000${typeof value}:${String(value)}`;
    });
  } catch {
    return undefined; // a cycle: validate every time rather than fail
  }
}

function assemble(schema: ExpandedSchema, loaded: LoadedSchema, settings: ValidatedSettings, cwd: string): ProjectConfig {
  const problems: ConfigProblem[] = [...schema.problems, ...loaded.problems, ...settings.problems];
  const policies = new Map(loaded.policies);
  for (const draft of settings.models) {
    const prismaModel = !loaded.models || loaded.models.has(draft.model);
    if (!prismaModel && isPrismaTypo(draft.model, loaded.models!)) {
      problems.push(unknownModelProblem(draft, loaded.models!, schema.files, cwd));
      continue;
    }
    // A name the Prisma schema does not declare may name another data layer's entity or table
    // (a TypeORM entity, a Drizzle table): its paths are checked by syntax here, by the adapter later.
    const resolved = resolvePolicy(draft, prismaModel ? loaded.models : undefined);
    problems.push(...resolved.problems);
    // Settings win: an entry replaces the model's annotation, for teams that cannot edit the schema. An
    // entry left with no valid path keeps the annotation in force rather than leave the model unscoped.
    if (resolved.policy) policies.set(draft.model, resolved.policy);
  }
  if (loaded.models) {
    const inferred = inferPolicies(loaded.models, policies, settings.inference, settings.models.length);
    problems.push(...inferred.problems);
    for (const policy of inferred.policies) policies.set(policy.model, policy);
  }
  const schemaParsed = schema.files.length > 0 && loaded.models !== undefined;
  return { schemaFiles: schema.files, schemaParsed, models: loaded.models ?? new Map(), policies, problems };
}

/**
 * A settings name that is not a Prisma model is reported as a typo when it is close to one, or cannot
 * name a TypeScript entity or SQL table at all (`Lab-Result`); otherwise it is left to the other data
 * layers' adapters, which look entities up by name.
 */
function isPrismaTypo(name: string, models: ReadonlyMap<string, ModelInfo>): boolean {
  return !/^[A-Za-z_$][\w$]*$/.test(name) || closestName(name, models.keys()) !== undefined;
}

function unknownModelProblem(
  draft: SettingsModelDraft,
  models: ReadonlyMap<string, ModelInfo>,
  files: readonly string[],
  cwd: string,
): ConfigProblem {
  const suggestion = closestName(draft.model, models.keys());
  const fix = suggestion === undefined ? '; use a model name as the schema spells it' : didYouMean(suggestion);
  return problem(`${draft.key} names no model in ${describeFiles(files, cwd)}${fix}`);
}

function describeFiles(files: readonly string[], cwd: string): string {
  const shown = files.slice(0, 3).map((file) => displayPath(file, cwd));
  return files.length > 3 ? `${shown.join(', ')} and ${files.length - 3} more files` : shown.join(', ');
}

function emptyConfig(problems: ConfigProblem[]): ProjectConfig {
  return { schemaFiles: [], schemaParsed: false, models: new Map<string, ModelInfo>(), policies: new Map<string, ScopePolicy>(), problems };
}
