import type { FieldPath, ModelInfo, ScopePolicy } from '../schema/types';

/**
 * The filter paths that constrain a declared owner path. Besides the path itself, a foreign key
 * can be filtered through its relation: `patientId` is also constrained by `patient: { id }`, and, with
 * `policies`, by the owner paths of the model it points at (`workspaceId` by `workspace: { members: { some:
 * { userId } } }` when Workspace is owned through `members.userId`: only the user's workspaces match).
 */
export function acceptedPaths(
  model: ModelInfo | undefined,
  declared: readonly FieldPath[],
  models: ReadonlyMap<string, ModelInfo>,
  policies?: ReadonlyMap<string, ScopePolicy>,
): FieldPath[] {
  return declared.flatMap((path) => expand(model, path, models, policies));
}

function expand(model: ModelInfo | undefined, path: FieldPath, models: ReadonlyMap<string, ModelInfo>, policies?: ReadonlyMap<string, ScopePolicy>): FieldPath[] {
  const [head, ...rest] = path;
  if (!model) return [path];
  if (rest.length > 0) {
    const relation = model.fields.get(head);
    const target = relation ? models.get(relation.type) : undefined;
    return expand(target, rest, models).map((p) => [head, ...p]);
  }
  const out: FieldPath[] = [[head]];
  for (const field of model.fields.values()) {
    const from = field.relationFromFields;
    const to = field.relationToFields;
    if (field.kind === 'object' && from?.length === 1 && from[0] === head && to?.length === 1) {
      out.push([field.name, to[0]]);
      // One level only: the target's own owner paths, as written (no foreign keys of its own followed).
      for (const owner of policies?.get(field.type)?.owners ?? []) out.push([field.name, ...owner]);
    }
  }
  return out;
}

/** `` `patientId` or `clinicianId` `` */
export function describePaths(paths: readonly FieldPath[]): string {
  return paths.map((p) => `\`${p.join('.')}\``).join(' or ');
}

/** The `where` entry that filters `path` by `value`: `consultation: { patientId: value }`, `some` for lists. */
export function filterText(
  model: ModelInfo | undefined,
  path: FieldPath,
  value: string,
  models: ReadonlyMap<string, ModelInfo>,
): string {
  const [head, ...rest] = path;
  if (rest.length === 0) return `${head}: ${value}`;
  const relation = model?.fields.get(head);
  const inner = filterText(relation ? models.get(relation.type) : undefined, rest, value, models);
  return relation?.isList ? `${head}: { some: { ${inner} } }` : `${head}: { ${inner} }`;
}
