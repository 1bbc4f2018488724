import { FIELD_PATH_SYNTAX_HELP, fieldPathError, parseFieldPath } from './field-path';
import { problem } from './text';
import type { ConfigProblem, FieldPath, ModelInfo, ScopePolicy } from './types';

/** A field path as the user wrote it, with the words that name where it was written. */
export interface PathEntry {
  text: string;
  /** Subject of the problem sentence, e.g. ``prisma/schema.prisma:7: @owner path `x` on model Recording``. */
  label: string;
}

/** A classification before its paths are checked against the schema. */
export interface PolicyDraft {
  model: string;
  owners: readonly PathEntry[];
  tenants: readonly PathEntry[];
  publicReason?: string;
  source: ScopePolicy['source'];
}

export interface ResolvedPolicy {
  policy?: ScopePolicy;
  problems: ConfigProblem[];
}

/**
 * Drops the paths that do not fit the schema, reporting each. Without `models` (no schema, or a
 * schema that does not parse) only the path syntax can be checked.
 */
export function resolvePolicy(draft: PolicyDraft, models: ReadonlyMap<string, ModelInfo> | undefined): ResolvedPolicy {
  const problems: ConfigProblem[] = [];
  const keep = (entries: readonly PathEntry[]): FieldPath[] => {
    const kept = new Map<string, FieldPath>();
    for (const entry of entries) {
      const path = parseFieldPath(entry.text);
      const error = path === undefined ? FIELD_PATH_SYNTAX_HELP : models && fieldPathError(models, draft.model, path);
      if (error !== undefined) problems.push(problem(`${entry.label} is invalid: ${error}`));
      else if (path !== undefined) kept.set(path.join('.'), path);
    }
    return [...kept.values()];
  };
  const owners = keep(draft.owners);
  const tenants = keep(draft.tenants);
  if (owners.length === 0 && tenants.length === 0 && draft.publicReason === undefined) return { problems };
  const policy: ScopePolicy = { model: draft.model, owners, tenants, source: draft.source };
  if (draft.publicReason !== undefined) policy.publicReason = draft.publicReason;
  return { policy, problems };
}
