import { cachedJson } from './parse-cache';
import type { FieldInfo, ModelInfo } from './types';

type PrismaSchemaWasm = typeof import('@prisma/prisma-schema-wasm');

export interface SchemaSource {
  /** Absolute path; Prisma's error messages repeat it. */
  path: string;
  content: string;
}

export interface DeclaredModel {
  info: ModelInfo;
  /** 1-based line of `model Name {` in `info.file`. */
  line: number;
}

export interface SchemaError {
  file?: string;
  line?: number;
  /** The first error, one line. */
  text: string;
  /** How many errors Prisma found in total. */
  count: number;
}

export type SchemaParse = { ok: true; models: DeclaredModel[] } | { ok: false; error: SchemaError };

interface DmmfField {
  name: string;
  kind: FieldInfo['kind'];
  type: string;
  isList: boolean;
  isRequired: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  isId?: boolean;
  /** `@default(cuid())` → `{ name: 'cuid', args: [1] }`; a literal default is the value itself. */
  default?: unknown;
}

interface DmmfIndex {
  name: string | null;
  fields: string[];
}

interface DmmfModel {
  name: string;
  documentation?: string;
  fields: DmmfField[];
  primaryKey: DmmfIndex | null;
  uniqueIndexes: DmmfIndex[];
}

let wasm: PrismaSchemaWasm | undefined;

/** The bundled engine's version: its answers are kept on disk under it. */
function engineVersion(): string {
  return (require('@prisma/prisma-schema-wasm/package.json') as { version: string }).version;
}

/** Loaded on first use: compiling the wasm costs tens of milliseconds that a project without a schema never pays. */
function prismaSchemaWasm(): PrismaSchemaWasm {
  wasm ??= require('@prisma/prisma-schema-wasm') as PrismaSchemaWasm;
  return wasm;
}

/**
 * Parses and validates with Prisma's own engine; `get_datamodel` validates too, so one call does both.
 * It returns DMMF's `datamodel` alone: `get_dmmf` also builds the client's whole query schema, which
 * takes about 30 times longer (1.2 s instead of 40 ms for 25 models) and is not used here.
 */
export function parsePrismaSchema(sources: readonly SchemaSource[], cacheFolder?: string): SchemaParse {
  const parse = () =>
    prismaSchemaWasm().get_datamodel(
      JSON.stringify({ prismaSchema: sources.map((source) => [source.path, versionNeutral(source.content)]), noColor: true }),
    );
  let datamodel: { models: DmmfModel[] };
  try {
    // The engine's answer for these sources, kept on disk between processes (see parse-cache).
    datamodel = cachedJson(cacheFolder, [engineVersion(), sources], parse) as typeof datamodel;
  } catch (error) {
    return { ok: false, error: schemaError(error) };
  }
  return { ok: true, models: datamodel.models.map((model) => declaredModel(model, sources)) };
}

/** Datasource properties Prisma 7 moved to prisma.config.ts; Prisma 4–6 schemas must have (some of) them. */
const CONNECTION_PROPERTIES = /^([ \t]*)(?:url|directUrl|shadowDatabaseUrl)[ \t]*=.*$/gm;
const BLOCK = /^[ \t]*(datasource|generator)[ \t]+\w+[ \t]*\{[^}]*\}/gm;
const PREVIEW_FEATURES = /previewFeatures[ \t]*=[ \t]*\[([^\]]*)\]/g;

/**
 * The schema as the bundled Prisma 7 validator accepts it, whatever Prisma 4–7 it was written for:
 * what the rule reads (models, fields, relations, `///` comments) is the same in every version; what
 * differs is connection settings in the datasource (moved to prisma.config.ts in 7) and preview
 * features that later versions made general or dropped. Both are set aside, line for line, so that
 * every other error still names its true line. Everything else is validated as Prisma 7 does.
 */
export function versionNeutral(content: string): string {
  if (!/\b(?:datasource|generator)\b/.test(content)) return content;
  return content.replace(BLOCK, (block, kind: string) =>
    kind === 'datasource'
      ? block.replace(CONNECTION_PROPERTIES, '$1')
      : block.replace(PREVIEW_FEATURES, (property, list: string) => {
          const kept = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]).filter((name) => knownPreviewFeatures().has(name));
          const lines = property.split('\n').length - 1;
          return `previewFeatures = [${kept.map((name) => JSON.stringify(name)).join(', ')}]${'\n'.repeat(lines)}`;
        }),
  );
}

let previewFeatures: ReadonlySet<string> | undefined;

/**
 * The preview features the bundled Prisma knows, as its own error for an unknown one lists them
 * (features made general or removed are accepted silently, so only the rest must be set aside).
 */
function knownPreviewFeatures(): ReadonlySet<string> {
  if (previewFeatures) return previewFeatures;
  const probe = 'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["dataIsolationProbe"]\n}\n';
  let names: string[] = [];
  try {
    prismaSchemaWasm().get_datamodel(JSON.stringify({ prismaSchema: [['probe.prisma', probe]], noColor: true }));
  } catch (error) {
    const listed = /Expected one of: ([^\n]*)/.exec(reportOf(error));
    names = listed ? listed[1].split(',').map((name) => name.trim()).filter(Boolean) : [];
  }
  previewFeatures = new Set(names);
  return previewFeatures;
}

/** Reads Prisma's P1012 report: `error: <text>\n  -->  <file>:<line>\n … Validation Error Count: <n>`. */
function schemaError(error: unknown): SchemaError {
  const report = reportOf(error);
  const first = /^error: (?:Error validating: )?(.*)$/m.exec(report);
  const location = /-->\s+(.+):(\d+)\s*$/m.exec(report);
  const count = /Validation Error Count: (\d+)/.exec(report);
  const text = first?.[1] ?? report.replace(/\s+/g, ' ');
  const parsed: SchemaError = { text: text.trim(), count: count ? Number(count[1]) : 1 };
  if (location) {
    parsed.file = location[1];
    parsed.line = Number(location[2]);
  }
  return parsed;
}

/** The text of the engine's error: a JSON envelope around the report, or for a panic the bare message. */
function reportOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: a panic inside the engine; its message is all there is.
  }
  return raw;
}

function declaredModel(model: DmmfModel, sources: readonly SchemaSource[]): DeclaredModel {
  const declaration = findDeclaration(model.name, sources);
  const info: ModelInfo = {
    name: model.name,
    delegateName: model.name.charAt(0).toLowerCase() + model.name.slice(1),
    fields: new Map(model.fields.map((field) => [field.name, fieldInfo(field)])),
    compoundUniques: compoundUniques(model),
    file: declaration.file,
  };
  if (model.documentation !== undefined) info.documentation = model.documentation;
  return { info, line: declaration.line };
}

function fieldInfo(field: DmmfField): FieldInfo {
  const info: FieldInfo = {
    name: field.name,
    kind: field.kind,
    type: field.type,
    isList: field.isList,
    isRequired: field.isRequired,
  };
  if (field.relationFromFields?.length) info.relationFromFields = field.relationFromFields;
  if (field.relationToFields?.length) info.relationToFields = field.relationToFields;
  if (field.isId && isUniqueGenerator(field.default)) info.uniqueId = true;
  return info;
}

/** Ids no two rows of any tables share: `cuid()`, `uuid()`, `ulid()`, `nanoid()`, `dbgenerated("gen_random_uuid()")`. */
function isUniqueGenerator(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('name' in value)) return false;
  const { name, args } = value as { name: unknown; args?: unknown[] };
  if (name === 'cuid' || name === 'uuid' || name === 'ulid' || name === 'nanoid') return true;
  return name === 'dbgenerated' && typeof args?.[0] === 'string' && /uuid|ulid/i.test(args[0]);
}

/** Selector names as the client spells them: the index `name`, else the fields joined by `_`. */
function compoundUniques(model: DmmfModel): Map<string, readonly string[]> {
  const indexes = model.primaryKey ? [model.primaryKey, ...model.uniqueIndexes] : model.uniqueIndexes;
  return new Map(
    indexes.filter((index) => index.fields.length > 1).map((index) => [index.name ?? index.fields.join('_'), index.fields]),
  );
}

/** DMMF does not say which file declares a model, so look for the block opener in each file's text. */
function findDeclaration(name: string, sources: readonly SchemaSource[]): { file: string; line: number } {
  const opener = new RegExp(`^[ \\t]*(?:model|view)[ \\t]+${name}[ \\t]*\\{`, 'm');
  for (const source of sources) {
    const match = opener.exec(source.content);
    if (match) return { file: source.path, line: lineAt(source.content, match.index) };
  }
  return { file: sources[0].path, line: 1 };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
