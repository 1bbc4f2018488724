import { isPlainObject, reportUnknownKeys, SETTINGS_ROOT, stringList, type Report } from './settings';
import { problem } from './text';
import type { ConfigProblem } from './types';

/** Sources of owner values the user declares, in addition to the built-in ones for common stacks. */
export interface SourceSettings {
  /** Type names whose values are the signed-in user (`SessionUser`). Only for `principal`. */
  types: readonly string[];
  /** Expression paths: `ctx.viewer` covers `ctx.viewer.id`. */
  expressions: readonly string[];
  /** Functions whose result is a source: `requireUser` for `requireUser(req).id`. */
  functions: readonly string[];
  /** Parameter decorators: `@AuthUser()`. */
  decorators: readonly string[];
}

export interface ProvenanceSettings {
  principal: SourceSettings;
  untrusted: SourceSettings;
  /** Functions that throw unless their argument belongs to the signed-in user: `assertOwns(rec, user)`. */
  ownershipAssertions: readonly string[];
  /** Code that no signed-in user reaches (`system`) or that serves anyone by design (`public`). */
  contexts: ContextSettings;
}

export interface ContextSettings {
  /** Globs of files, relative to ESLint's working directory: `scripts/**`, `app/api/cron/**`. */
  system: readonly string[];
  public: readonly string[];
  /** Names of functions whose bodies run as system code (`runNightlyBilling`) or serve anyone (`getSharedReport`). */
  systemFunctions: readonly string[];
  publicFunctions: readonly string[];
}

export const PROVENANCE_KEYS: readonly string[] = ['principal', 'untrusted', 'ownershipAssertions', 'contexts'];
const CONTEXT_KEYS = ['system', 'public', 'systemFunctions', 'publicFunctions'] as const;
const SOURCE_KEYS = ['types', 'expressions', 'functions', 'decorators'] as const;

const cache = new WeakMap<object, { settings: ProvenanceSettings; problems: ConfigProblem[] }>();
const EMPTY: SourceSettings = { types: [], expressions: [], functions: [], decorators: [] };
const NO_CONTEXTS: ContextSettings = { system: [], public: [], systemFunctions: [], publicFunctions: [] };

/** Reads and checks `principal`, `untrusted`, `ownershipAssertions` and `contexts` of `settings["data-isolation"]`. */
export function provenanceSettings(settings: unknown): { settings: ProvenanceSettings; problems: ConfigProblem[] } {
  if (!isPlainObject(settings)) return { settings: { principal: EMPTY, untrusted: EMPTY, ownershipAssertions: [], contexts: NO_CONTEXTS }, problems: [] };
  const known = cache.get(settings);
  if (known) return known;
  const problems: ConfigProblem[] = [];
  const report: Report = (message) => problems.push(problem(message));
  const result = {
    settings: {
      principal: sources(settings.principal, 'principal', report),
      untrusted: sources(settings.untrusted, 'untrusted', report),
      ownershipAssertions: names(settings.ownershipAssertions, `${SETTINGS_ROOT}.ownershipAssertions`, report),
      contexts: contexts(settings.contexts, report),
    },
    problems,
  };
  cache.set(settings, result);
  return result;
}

function sources(value: unknown, name: 'principal' | 'untrusted', report: Report): SourceSettings {
  const key = `${SETTINGS_ROOT}.${name}`;
  if (value === undefined) return EMPTY;
  if (!isPlainObject(value)) {
    report(`${key} must be an object like { ${name === 'principal' ? 'types: ["SessionUser"], ' : ''}expressions: ["ctx.viewer"], functions: ["requireUser"] }`);
    return EMPTY;
  }
  const allowed = name === 'principal' ? SOURCE_KEYS : SOURCE_KEYS.filter((k) => k !== 'types');
  reportUnknownKeys(value, key, allowed, report);
  const read = (k: (typeof SOURCE_KEYS)[number]) => ((allowed as readonly string[]).includes(k) ? names(value[k], `${key}.${k}`, report) : []);
  return { types: read('types'), expressions: read('expressions'), functions: read('functions'), decorators: read('decorators') };
}

function names(value: unknown, key: string, report: Report): string[] {
  if (value === undefined) return [];
  return stringList(value, key, report, {
    whole: `${key} must be a name or an array of names`,
    item: 'must be a string',
    empty: `${key} is an empty array; list at least one name or remove the key`,
  }).map((entry) => entry.text);
}

function contexts(value: unknown, report: Report): ContextSettings {
  const key = `${SETTINGS_ROOT}.contexts`;
  if (value === undefined) return NO_CONTEXTS;
  if (!isPlainObject(value)) {
    report(`${key} must be an object like { system: ["scripts/**", "app/api/cron/**"], public: ["app/share/**"] }`);
    return NO_CONTEXTS;
  }
  reportUnknownKeys(value, key, CONTEXT_KEYS, report);
  return {
    system: globs(value.system, `${key}.system`, report),
    public: globs(value.public, `${key}.public`, report),
    systemFunctions: names(value.systemFunctions, `${key}.systemFunctions`, report),
    publicFunctions: names(value.publicFunctions, `${key}.publicFunctions`, report),
  };
}

function globs(value: unknown, key: string, report: Report): string[] {
  if (value === undefined) return [];
  return stringList(value, key, report, {
    whole: `${key} must be a glob or an array of globs of files, relative to ESLint's working directory, like "scripts/**"`,
    item: 'must be a glob string, like "app/api/cron/**"',
    empty: `${key} is an empty array; list at least one glob or remove the key`,
  }).flatMap(({ text, key: itemKey }) => {
    if (text.trim() === '' || text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('../')) {
      report(`${itemKey} (${JSON.stringify(text)}) must be a non-empty glob relative to ESLint's working directory, like "scripts/**"`);
      return [];
    }
    return [text];
  });
}
