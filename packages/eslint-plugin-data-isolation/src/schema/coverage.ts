import { DEFAULT_PRINCIPAL_MODEL } from './inference';
import type { ModelInfo, ProjectConfig } from './types';

/** Columns that usually hold the id of the user a row belongs to, or of their organisation. */
const OWNER_COLUMN = /^(?:user|owner|patient|author|createdBy|creator|member|account|customer|profile)Id$/;
const TENANT_COLUMN = /^(?:tenant|organization|organisation|org|clinic|workspace|company|team)Id$/;

export interface UnclassifiedModel {
  model: ModelInfo;
  /** Why it looks private: "a relation `patient` to User". */
  evidence: string;
  /** The annotation that would classify it, when one follows from the evidence: `@owner(patientId)`. */
  annotation?: string;
}

/**
 * Models that look like they hold someone's rows — a relation to the principal model, or an
 * owner- or tenant-like column — but are neither owner/tenant-scoped nor public, so nothing checks them.
 */
export function unclassifiedModels(config: ProjectConfig, principalModel = DEFAULT_PRINCIPAL_MODEL): UnclassifiedModel[] {
  const out: UnclassifiedModel[] = [];
  for (const model of config.models.values()) {
    if (model.name === principalModel || config.policies.has(model.name)) continue;
    const found = evidence(model, principalModel);
    if (found) out.push({ model, ...found });
  }
  return out;
}

function evidence(model: ModelInfo, principal: string): Omit<UnclassifiedModel, 'model'> | undefined {
  const fields = [...model.fields.values()];
  const relation = fields.find((f) => f.kind === 'object' && f.type === principal && !f.isList);
  if (relation) {
    const fk = relation.relationFromFields?.length === 1 ? relation.relationFromFields[0] : undefined;
    return { evidence: `a relation \`${relation.name}\` to ${principal}`, annotation: fk && `@owner(${fk})` };
  }
  const owner = fields.find((f) => f.kind === 'scalar' && OWNER_COLUMN.test(f.name));
  if (owner) return { evidence: `an owner-like column \`${owner.name}\``, annotation: `@owner(${owner.name})` };
  const tenant = fields.find((f) => f.kind === 'scalar' && TENANT_COLUMN.test(f.name));
  if (tenant) return { evidence: `a tenant-like column \`${tenant.name}\``, annotation: `@tenant(${tenant.name})` };
  return undefined;
}
