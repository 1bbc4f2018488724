/** A field path from a model to an owner/tenant column, e.g. `['consultation', 'patientId']`. */
export type FieldPath = readonly string[];

export interface FieldInfo {
  name: string;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  /** Scalar type name (`String`, `Int`) or, for relations, the related model's name. */
  type: string;
  isList: boolean;
  isRequired: boolean;
  /** For the owning side of a relation: the scalar fields on this model (`[patientId]`). */
  relationFromFields?: readonly string[];
  /** For the owning side of a relation: the referenced fields on the other model (`[id]`). */
  relationToFields?: readonly string[];
  /** The model's id, generated unique across tables (`@default(cuid())`, `uuid()`, `ulid()`, `nanoid()`). */
  uniqueId?: boolean;
}

export interface ModelInfo {
  name: string;
  /** The client property that exposes this model (`recording` for `Recording`). */
  delegateName: string;
  fields: ReadonlyMap<string, FieldInfo>;
  /** Compound unique selectors usable in `findUnique` (`id_patientId` → `[id, patientId]`). */
  compoundUniques: ReadonlyMap<string, readonly string[]>;
  /** The `///` doc comment, as the schema parser reports it. */
  documentation?: string;
  /** Absolute path of the .prisma file that declares the model. */
  file: string;
}

export interface ScopePolicy {
  model: string;
  /** Any one of these paths, filtered by the signed-in user, scopes a query. */
  owners: readonly FieldPath[];
  /** Any one of these paths, filtered by the principal's tenant, tenant-scopes a query. */
  tenants: readonly FieldPath[];
  /** Set when the model is explicitly public (`@public("reason")`). */
  publicReason?: string;
  /** Where the classification came from, for messages. */
  source: 'schema' | 'settings' | 'inferred';
  /** For inferred policies: what it was inferred from (`the required relation \`patient\` to User`). */
  inferredFrom?: string;
}

export interface ConfigProblem {
  /** One sentence that names the file or settings key and says how to fix it. */
  message: string;
}

export interface ProjectConfig {
  /** Absolute paths of the schema files that were read (empty when none was found). */
  schemaFiles: readonly string[];
  /** Whether a schema was found and parsed (false when none was found, or it is malformed). */
  schemaParsed: boolean;
  models: ReadonlyMap<string, ModelInfo>;
  /** Only models that are classified (owner/tenant-scoped or public). */
  policies: ReadonlyMap<string, ScopePolicy>;
  problems: readonly ConfigProblem[];
}

export interface LoadOptions {
  /** The file being linted (absolute). Schema discovery starts from its directory. */
  filename: string;
  /** ESLint's cwd; relative paths in settings are resolved against it. */
  cwd: string;
  /** `context.settings['data-isolation']`, unvalidated. */
  settings: unknown;
  /**
   * A file of the generated Prisma client the linted code queries through (where its delegate types are
   * declared). When no schema is configured or found around `filename`, the schema is the one the client
   * was generated from: the folder its generator recorded, else the schema found around the client.
   */
  clientFile?: string;
}
