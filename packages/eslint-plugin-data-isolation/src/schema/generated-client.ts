import fs from 'node:fs';
import path from 'node:path';

/** How many folders above a declaration file the generated client's root may be (`models/Note.ts` is one). */
const MAX_LEVELS = 3;
/** The files in which a generator writes its runtime config: prisma-client-js, then the prisma-client generator. */
const CONFIG_FILES = ['index.js', 'internal/class.ts', 'internal/class.js'];

interface ClientConfig {
  /** The config file, and the folder its paths are relative to. */
  file: string;
  dir: string;
  /** The schema folder its generator records (`relativePath`), if it does. */
  schemaFolder?: string;
  /** Whether it inlines the schema (`"inlineSchema"`). */
  inlinesSchema: boolean;
}

/** Per folder above a declaration file: the client config found from it. */
const cache = new Map<string, ClientConfig>();

/** The runtime config of the generated client a declaration file belongs to, read once per folder. */
function clientConfigOf(declarationFile: string): ClientConfig | undefined {
  const walked: string[] = [];
  let found: ClientConfig | undefined;
  search: for (let dir = path.dirname(declarationFile), level = 0; level <= MAX_LEVELS; dir = path.dirname(dir), level++) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    walked.push(dir);
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      const head = readHead(file);
      if (head === undefined || !/clientVersion/.test(head)) continue;
      const relative = /"relativePath":\s*"((?:[^"\\]|\\.)*)"/.exec(head)?.[1];
      found = {
        file,
        dir,
        ...(relative === undefined ? {} : { schemaFolder: path.resolve(dir, JSON.parse(`"${relative}"`) as string) }),
        // Early in the config of every generator; a large schema's enums may come first in prisma-client-js's.
        inlinesSchema: /"inlineSchema":/.test(head) || /"inlineSchema":/.test(fs.readFileSync(file, 'utf8')),
      };
      break search;
    }
  }
  // A miss is not kept: the client may be generated later (an editor's session outlives it).
  if (found) for (const dir of walked) cache.set(dir, found);
  return found;
}

/**
 * The folder of the schema a generated Prisma client was made from, read from the `relativePath` its
 * generator records (Prisma 5 and 6, both generators; relative to the client's output folder). Undefined
 * when the client does not record it (Prisma 7): then the schema is looked for around the client.
 */
export function schemaFolderOfClient(declarationFile: string): string | undefined {
  return clientConfigOf(declarationFile)?.schemaFolder;
}

/**
 * The generated client's file that holds the schema it was made from, inlined (`"inlineSchema"` in its
 * runtime config; every generator of Prisma 5 to 7 writes it): the last resort for a Prisma 7 client
 * generated outside any package, which records no schema folder and has no schema around it.
 */
export function inlineSchemaFileOfClient(declarationFile: string): string | undefined {
  const config = clientConfigOf(declarationFile);
  return config?.inlinesSchema ? config.file : undefined;
}

/**
 * The schema text inlined in a generated client's config file; undefined when the file has none. Prisma
 * writes it as a JSON string (base64 in clients before Prisma 5).
 */
export function readInlineSchema(configFile: string): string | undefined {
  const text = fs.readFileSync(configFile, 'utf8'); // whole: a large schema's enums may come before the config
  const literal = /"inlineSchema":\s*("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
  if (literal === undefined) return undefined;
  const value = JSON.parse(literal) as string;
  return /^[A-Za-z0-9+/]+=*$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
}

/** A generated client's config file (which inlines its schema), as opposed to a schema file. */
export function isClientConfigFile(file: string): boolean {
  return CONFIG_FILES.some((name) => file.endsWith(path.sep + path.normalize(name)));
}

/** Generated config files are large (the inline schema, the DMMF): `relativePath` comes early, in the config object. */
function readHead(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(256 * 1024);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function clearGeneratedClientCache(): void {
  cache.clear();
}
