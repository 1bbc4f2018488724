import fs from 'node:fs';
import { parseAnnotations } from './annotations';
import { cacheFolder } from './parse-cache';
import { isClientConfigFile, readInlineSchema } from './generated-client';
import { resolvePolicy } from './policy';
import { parsePrismaSchema, type SchemaError, type SchemaParse, type SchemaSource } from './prisma-schema';
import { displayPath, problem } from './text';
import type { ConfigProblem, ModelInfo, ScopePolicy } from './types';

export interface LoadedSchema {
  /** Undefined when there is no schema or it does not parse: then nothing can be checked against it. */
  models?: ReadonlyMap<string, ModelInfo>;
  /** Classifications from the models' `///` annotations. */
  policies: ReadonlyMap<string, ScopePolicy>;
  problems: readonly ConfigProblem[];
}

export function loadSchema(files: readonly string[], cwd: string): LoadedSchema {
  if (files.length === 0) return { policies: new Map(), problems: [] };
  const problems: ConfigProblem[] = [];
  const sources = files.flatMap((file): SchemaSource[] => {
    try {
      if (isSchemaFile(file)) return [{ path: file, content: fs.readFileSync(file, 'utf8') }];
      const content = readInlineSchema(file);
      if (content !== undefined) return [{ path: file, content }];
      problems.push(problem(`${displayPath(file, cwd)} holds no inlined schema; regenerate the client with \`prisma generate\`, or point settings["data-isolation"].schema at the schema`));
      return [];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      problems.push(problem(`${displayPath(file, cwd)} could not be read (${code}); check that the schema file exists and is readable`));
      return [];
    }
  });
  if (problems.length > 0) return { policies: new Map(), problems };
  // Read from disk, so kept between processes (an editor's unsaved buffers are not: see parse-cache).
  return loadSchemaSources(sources, cwd, cacheFolder(cwd));
}

/** The same, for sources already in memory (an editor's unsaved buffer); `cacheFolder`: see parse-cache. */
export function loadSchemaSources(sources: readonly SchemaSource[], cwd: string, cacheFolder?: string): LoadedSchema {
  if (sources.length === 0) return { policies: new Map(), problems: [] };
  return loadParsedSchema(parsePrismaSchema(sources, cacheFolder), sources, cwd);
}

/** What the engine's parse of `sources` declares: the models, the policies of their annotations, the problems. */
export function loadParsedSchema(parsed: SchemaParse, sources: readonly SchemaSource[], cwd: string): LoadedSchema {
  const problems: ConfigProblem[] = [];
  if (!parsed.ok) return { policies: new Map(), problems: [invalidSchemaProblem(parsed.error, sources[0].path, cwd)] };

  const models = new Map(parsed.models.map(({ info }) => [info.name, info]));
  const policies = new Map<string, ScopePolicy>();
  for (const { info, line } of parsed.models) {
    const annotations = parseAnnotations(info.documentation, { where: schemaWhere(info.file, line, cwd), model: info.name });
    const resolved = resolvePolicy(annotations.draft, models);
    problems.push(...annotations.problems, ...resolved.problems);
    if (resolved.policy) policies.set(info.name, resolved.policy);
  }
  return { models, policies, problems };
}

function invalidSchemaProblem(error: SchemaError, fallbackFile: string, cwd: string): ConfigProblem {
  const where = error.file === undefined ? schemaWhere(fallbackFile, undefined, cwd) : schemaWhere(error.file, error.line, cwd);
  const others = error.count > 1 ? `, ${error.count - 1} more error${error.count > 2 ? 's' : ''} after this one` : '';
  const text = error.text.replace(/\.$/, '');
  return problem(`${where}: ${text} (the Prisma schema is invalid${others}; run \`prisma validate\` and fix it)`);
}

function isSchemaFile(file: string): boolean {
  return !isClientConfigFile(file);
}

/** `schema.prisma:12`, or for a schema read from a generated client, where in it. */
function schemaWhere(file: string, line: number | undefined, cwd: string): string {
  const shown = displayPath(file, cwd);
  if (isSchemaFile(file)) return line === undefined ? shown : `${shown}:${line}`;
  return `${line === undefined ? 'the' : `line ${line} of the`} schema inlined in the generated client ${shown}`;
}
