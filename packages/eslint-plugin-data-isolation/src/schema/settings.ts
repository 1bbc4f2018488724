import type { PathEntry, PolicyDraft } from './policy';
import { closestName, problem } from './text';
import type { ConfigProblem } from './types';

export const SETTINGS_ROOT = 'settings["data-isolation"]';

/**
 * The top-level keys this module reads. Keys read elsewhere (say `principal`) are allowed by passing
 * them as `extraTopLevelKeys` to the loader; anything else is reported, since that is how typos surface.
 */
export const SETTINGS_KEYS: readonly string[] = ['schema', 'models', 'infer', 'principalModel', 'tenantModel'];
const MODEL_KEYS: readonly string[] = ['owner', 'tenant', 'public'];

/** A `settings["data-isolation"].schema` entry, resolved later against ESLint's cwd. */
export interface ConfiguredSchemaPath {
  path: string;
  key: string;
}

export interface SettingsModelDraft extends PolicyDraft {
  /** `settings["data-isolation"].models.Recording`. */
  key: string;
}

export interface InferenceSettings {
  /** `true`: infer owners for unclassified models; `false`: never; unset: only when nothing is classified. */
  infer?: boolean;
  principalModel?: string;
  tenantModel?: string;
}

export interface ValidatedSettings {
  schema?: readonly ConfiguredSchemaPath[];
  models: readonly SettingsModelDraft[];
  inference: InferenceSettings;
  problems: readonly ConfigProblem[];
}

/** Checks the shape only; model names and field paths are checked against the schema later. */
export function validateSettings(settings: unknown, extraTopLevelKeys: readonly string[] = []): ValidatedSettings {
  if (settings === undefined) return { models: [], inference: {}, problems: [] };
  const problems: ConfigProblem[] = [];
  const report = (message: string) => problems.push(problem(message));
  if (!isPlainObject(settings)) {
    report(`${SETTINGS_ROOT} must be an object like { models: { Recording: { owner: "patientId" } } }, not ${describe(settings)}`);
    return { models: [], inference: {}, problems };
  }
  reportUnknownKeys(settings, SETTINGS_ROOT, [...SETTINGS_KEYS, ...extraTopLevelKeys], report);
  const schema = settings.schema === undefined ? undefined : schemaPaths(settings.schema, report);
  const models = settings.models === undefined ? [] : modelDrafts(settings.models, report);
  const inference = inferenceSettings(settings, report);
  return schema === undefined ? { models, inference, problems } : { schema, models, inference, problems };
}

function inferenceSettings(settings: Record<string, unknown>, report: Report): InferenceSettings {
  const out: InferenceSettings = {};
  if (settings.infer !== undefined) {
    if (typeof settings.infer === 'boolean') out.infer = settings.infer;
    else report(`${SETTINGS_ROOT}.infer must be true or false, not ${describe(settings.infer)}`);
  }
  for (const key of ['principalModel', 'tenantModel'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && value.length > 0) out[key] = value;
    else report(`${SETTINGS_ROOT}.${key} must be a model name, not ${describe(value)}`);
  }
  return out;
}

export function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export type Report = (message: string) => void;

function schemaPaths(value: unknown, report: Report): ConfiguredSchemaPath[] {
  const key = `${SETTINGS_ROOT}.schema`;
  const paths = stringList(value, key, report, {
    whole: `${key} must be a path or an array of paths to .prisma files or folders, relative to ESLint's working directory`,
    item: 'must be a path string, relative to ESLint\'s working directory',
    empty: `${key} is an empty array; list at least one schema path, or remove the key to find the schema automatically`,
  });
  return paths.map(({ text, key: itemKey }) => ({ path: text, key: itemKey }));
}

function modelDrafts(value: unknown, report: Report): SettingsModelDraft[] {
  const key = `${SETTINGS_ROOT}.models`;
  if (!isPlainObject(value)) {
    report(`${key} must be an object that maps model names to { owner, tenant, public }, not ${describe(value)}`);
    return [];
  }
  return Object.entries(value).flatMap(([model, entry]) => {
    const draft = modelDraft(model, entry, keyPath(key, model), report);
    return draft === undefined ? [] : [draft];
  });
}

function modelDraft(model: string, entry: unknown, key: string, report: Report): SettingsModelDraft | undefined {
  if (!isPlainObject(entry)) {
    report(`${key} must be an object like { owner: "userId" } or { public: "reference data" }, not ${describe(entry)}`);
    return undefined;
  }
  reportUnknownKeys(entry, key, MODEL_KEYS, report);
  if (!MODEL_KEYS.some((name) => entry[name] !== undefined)) {
    report(`${key} sets none of ${MODEL_KEYS.join(', ')}; add one, or remove the entry`);
    return undefined;
  }
  const owners = pathEntries(entry.owner, `${key}.owner`, report);
  const tenants = pathEntries(entry.tenant, `${key}.tenant`, report);
  const draft: SettingsModelDraft = { model, key, owners, tenants, source: 'settings' };
  const publicReason = reason(entry.public, `${key}.public`, report);
  if (publicReason !== undefined && (entry.owner !== undefined || entry.tenant !== undefined)) {
    report(`${key} sets public together with owner or tenant; remove one of them (until then owner/tenant applies)`);
  } else if (publicReason !== undefined) {
    draft.publicReason = publicReason;
  }
  return draft;
}

function pathEntries(value: unknown, key: string, report: Report): PathEntry[] {
  if (value === undefined) return [];
  const entries = stringList(value, key, report, {
    whole: `${key} must be a field path or an array of field paths, like "patientId" or ["patientId", "consultation.clinicianId"]`,
    item: 'must be a field path string, like "consultation.patientId"',
    empty: `${key} is an empty array; list at least one field path, or remove the key`,
  });
  return entries.map(({ text, key: itemKey }) => ({ text, label: `${itemKey} (\`${text}\`)` }));
}

function reason(value: unknown, key: string, report: Report): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  report(`${key} must be a non-empty string that says why every row may be read, like "reference data"`);
  return undefined;
}

interface StringListMessages {
  whole: string;
  /** Completes `<key>[i] …`. */
  item: string;
  empty: string;
}

export function stringList(
  value: unknown,
  key: string,
  report: Report,
  messages: StringListMessages,
): { text: string; key: string }[] {
  if (typeof value === 'string') return [{ text: value, key }];
  if (!Array.isArray(value)) {
    report(`${messages.whole}, not ${describe(value)}`);
    return [];
  }
  if (value.length === 0) report(messages.empty);
  return value.flatMap((item: unknown, index) => {
    const itemKey = `${key}[${index}]`;
    if (typeof item === 'string') return [{ text: item, key: itemKey }];
    report(`${itemKey} ${messages.item}, not ${describe(item)}`);
    return [];
  });
}

export function reportUnknownKeys(object: Record<string, unknown>, parent: string, allowed: readonly string[], report: Report): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const suggestion = closestName(key, allowed);
    const hint = suggestion === undefined ? '' : ` (did you mean \`${suggestion}\`?)`;
    report(`${keyPath(parent, key)} is not a known key; use one of ${allowed.join(', ')}${hint}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' || typeof value === 'function') return `a value of type ${typeof value}`;
  return `the ${typeof value} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}
