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
}

export const PROVENANCE_KEYS: readonly string[] = ['principal', 'untrusted', 'ownershipAssertions'];
const SOURCE_KEYS = ['types', 'expressions', 'functions', 'decorators'] as const;

const cache = new WeakMap<object, { settings: ProvenanceSettings; problems: ConfigProblem[] }>();
const EMPTY: SourceSettings = { types: [], expressions: [], functions: [], decorators: [] };

/** Reads and checks `principal`, `untrusted` and `ownershipAssertions` of `settings["data-isolation"]`. */
export function provenanceSettings(settings: unknown): { settings: ProvenanceSettings; problems: ConfigProblem[] } {
  if (!isPlainObject(settings)) return { settings: { principal: EMPTY, untrusted: EMPTY, ownershipAssertions: [] }, problems: [] };
  const known = cache.get(settings);
  if (known) return known;
  const problems: ConfigProblem[] = [];
  const report: Report = (message) => problems.push(problem(message));
  const result = {
    settings: {
      principal: sources(settings.principal, 'principal', report),
      untrusted: sources(settings.untrusted, 'untrusted', report),
      ownershipAssertions: names(settings.ownershipAssertions, `${SETTINGS_ROOT}.ownershipAssertions`, report),
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
