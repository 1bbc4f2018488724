import type { InferenceSettings } from './settings';
import { closestName, didYouMean, problem } from './text';
import type { ConfigProblem, FieldPath, ModelInfo, ScopePolicy } from './types';

export const DEFAULT_PRINCIPAL_MODEL = 'User';
/** Any annotation, valid or not: a schema the user has started to annotate is not inferred. */
const ANNOTATION = /(?:^|\s)@(?:own|tenant|public)/im;

/**
 * Zero configuration: a model with a required relation to the principal model is owned through that
 * relation's foreign key, and one with a required relation to the tenant model is tenant-scoped.
 * Runs when asked (`infer: true`) or when the schema has no annotation at all and settings classify no
 * model; never overrides a declaration.
 */
export function inferPolicies(
  models: ReadonlyMap<string, ModelInfo>,
  declared: ReadonlyMap<string, ScopePolicy>,
  settings: InferenceSettings,
  settingsModels: number,
): { policies: ScopePolicy[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const annotated = [...models.values()].some((m) => ANNOTATION.test(m.documentation ?? ''));
  const enabled = settings.infer ?? (!annotated && declared.size === 0 && settingsModels === 0);
  if (!enabled) return { policies: [], problems };
  const principal = settings.principalModel ?? DEFAULT_PRINCIPAL_MODEL;
  for (const [key, name] of [['principalModel', settings.principalModel], ['tenantModel', settings.tenantModel]] as const) {
    if (name !== undefined && !models.has(name)) {
      const suggestion = closestName(name, models.keys());
      problems.push(problem(`settings["data-isolation"].${key} names no model in the schema${suggestion ? didYouMean(suggestion) : ''}`));
    }
  }
  const policies: ScopePolicy[] = [];
  for (const model of models.values()) {
    if (model.name === principal || model.name === settings.tenantModel || declared.has(model.name)) continue;
    const owners = requiredForeignKeys(model, principal);
    const tenants = settings.tenantModel ? requiredForeignKeys(model, settings.tenantModel) : [];
    if (owners.length === 0 && tenants.length === 0) continue;
    const from = [...owners, ...tenants].map((k) => `\`${k.relation}\` to ${k.target}`).join(' and ');
    policies.push({
      model: model.name,
      owners: owners.map((k) => k.path),
      tenants: tenants.map((k) => k.path),
      source: 'inferred',
      inferredFrom: `the required relation${owners.length + tenants.length > 1 ? 's' : ''} ${from}`,
    });
  }
  return { policies, problems };
}

function requiredForeignKeys(model: ModelInfo, target: string): { path: FieldPath; relation: string; target: string }[] {
  const out: { path: FieldPath; relation: string; target: string }[] = [];
  for (const field of model.fields.values()) {
    const from = field.relationFromFields;
    if (field.kind === 'object' && field.type === target && field.isRequired && !field.isList && from?.length === 1) {
      out.push({ path: [from[0]], relation: field.name, target });
    }
  }
  return out;
}
