import { TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProjectConfig } from '../schema';
import { isFile, readText } from '../schema/discovery';
import { cacheFolder } from '../schema/parse-cache';
import { type DeclaredModel, parsePrismaSchema, type SchemaSource } from '../schema/prisma-schema';
import type { ModelInfo } from '../schema/types';

/**
 * An ESLint language for `schema.prisma`, so that rules can report on the schema itself (a model no
 * one classified). Parsing is Prisma's own (through the schema loader), over the whole schema the file
 * belongs to, so multi-file schemas resolve their relations.
 */
export interface Position {
  line: number;
  column: number;
}
export interface Located {
  loc: { start: Position; end: Position };
  range: [number, number];
}
export interface PrismaModelNode extends Located {
  type: 'Model';
  name: string;
  info: ModelInfo;
}
export interface PrismaSchemaNode extends Located {
  type: 'Schema';
  /** The models declared in this file. */
  models: PrismaModelNode[];
  /** The whole schema the file belongs to, as parsed: the rules read it instead of parsing it again. */
  schema: { sources: SchemaSource[]; models: DeclaredModel[] };
}
type PrismaNode = PrismaSchemaNode | PrismaModelNode;

export interface LanguageFile {
  path: string;
  physicalPath: string;
  body: string | Uint8Array;
}

export class PrismaSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, never>;
  RootNode: PrismaSchemaNode;
  SyntaxElementWithLoc: PrismaNode;
  ConfigNode: never;
}> {
  constructor({ text, ast }: { text: string; ast: PrismaSchemaNode }) {
    super({ text, ast });
  }

  *traverse(): Iterable<VisitNodeStep> {
    const root = this.ast;
    yield new VisitNodeStep({ target: root, phase: 1, args: [root, undefined] });
    for (const model of root.models) {
      yield new VisitNodeStep({ target: model, phase: 1, args: [model, root] });
      yield new VisitNodeStep({ target: model, phase: 2, args: [model, root] });
    }
    yield new VisitNodeStep({ target: root, phase: 2, args: [root, undefined] });
  }
}

function textOf(file: LanguageFile): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}

/**
 * The files of the schema `own` belongs to, with `text` for `own` itself (it may be an unsaved buffer):
 * the schema discovered around it (a prisma.config's `schema` folder, Prisma's default locations) when
 * it includes the file, else, as Prisma reads a folder, the `.prisma` files next to it.
 */
function schemaSources(own: string, text: string): SchemaSource[] {
  const discovered = loadProjectConfig({ filename: own, cwd: path.dirname(own), settings: undefined }).schemaFiles;
  const files = discovered.includes(own) ? discovered : prismaFilesBeside(own);
  return files.map((f) => ({ path: f, content: f === own ? text : readFileSync(f, 'utf8') }));
}

/**
 * Where Prisma's answer for the schema of `own` is kept between processes (see parse-cache), as for the
 * schema the rule loads for TypeScript files: beside the schema's project, when `text` is the saved file;
 * never for an editor's unsaved buffer, whose text changes with each keystroke.
 */
function parseCacheFor(own: string, text: string): string | undefined {
  return readText(own) === text ? cacheFolder(path.dirname(own)) : undefined;
}

function prismaFilesBeside(own: string): string[] {
  const folder = path.dirname(own);
  let names: string[] = [];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.prisma'));
  } catch {
    // The folder cannot be listed: the file alone, as ESLint gave it.
  }
  const files = names.map((name) => path.join(folder, name)).filter((file) => file === own || isFile(file));
  return files.includes(own) ? files.sort() : [own];
}

function locate(text: string, from: number, to: number): Located {
  const position = (index: number): Position => {
    const before = text.slice(0, index).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  return { loc: { start: position(from), end: position(to) }, range: [from, to] };
}

export const prismaLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 1 as const,
  nodeTypeKey: 'type',
  visitorKeys: { Schema: ['models'], Model: [] } as Record<string, string[]>,
  defaultLanguageOptions: {},
  validateLanguageOptions(options: Record<string, unknown>): void {
    const keys = Object.keys(options ?? {});
    if (keys.length > 0) throw new Error(`The data-isolation/prisma language takes no languageOptions, got: ${keys.join(', ')}.`);
  },
  parse(file: LanguageFile) {
    const text = textOf(file);
    const own = path.resolve(file.physicalPath || file.path);
    const sources = schemaSources(own, text);
    const parsed = parsePrismaSchema(sources, parseCacheFor(own, text));
    if (!parsed.ok) {
      const here = parsed.error.file === undefined || path.resolve(parsed.error.file) === own;
      const where = here ? '' : ` (in ${path.relative(path.dirname(own), parsed.error.file!)})`;
      return {
        ok: false as const,
        errors: [{ message: `${parsed.error.text}${where}`, line: here ? parsed.error.line ?? 1 : 1, column: 1 }],
      };
    }
    const models = parsed.models
      .filter((m) => path.resolve(m.info.file) === own)
      .map(({ info }): PrismaModelNode => {
        const match = new RegExp(`^\\s*model\\s+(${info.name})\\b`, 'm').exec(text);
        const start = match ? match.index + match[0].length - info.name.length : 0;
        return { type: 'Model', name: info.name, info, ...locate(text, start, start + info.name.length) };
      });
    const schema = { sources, models: parsed.models };
    return { ok: true as const, ast: { type: 'Schema' as const, models, schema, ...locate(text, 0, text.length) } };
  },
  createSourceCode(file: LanguageFile, input: { ast: PrismaSchemaNode }) {
    return new PrismaSourceCode({ text: textOf(file), ast: input.ast });
  },
};
