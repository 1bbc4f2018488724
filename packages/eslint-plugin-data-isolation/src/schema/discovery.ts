import fs from 'node:fs';
import path from 'node:path';
import { PRISMA_CONFIG_NAMES, readPrismaConfigSchema } from './prisma-config';
import type { ConfiguredSchemaPath } from './settings';
import { displayPath, problem } from './text';
import type { ConfigProblem } from './types';

/** Where a configured schema path was written, to name it when it leads nowhere. */
interface LocationOrigin {
  /** The path as written. */
  raw: string;
  /** The setting that holds it: a full settings key, or a property of `file`. */
  setting: string;
  /** The prisma.config or package.json that holds `setting`; absent for ESLint settings. */
  file?: string;
}

/** A schema file, or a folder whose `*.prisma` files (recursively) form one schema. */
export interface SchemaLocation {
  path: string;
  /** Absent for a default location found by looking, which cannot be wrong, only gone. */
  origin?: LocationOrigin;
}

export interface Discovery {
  locations: readonly SchemaLocation[];
  /** The prisma.config or package.json that chose the locations; when it changes, discover again. */
  decidedBy?: { path: string; mtimeMs: number };
}

export interface ExpandedSchema {
  /** Absolute, de-duplicated; each folder's files sorted. */
  files: string[];
  problems: ConfigProblem[];
  /** A location found by looking has since disappeared: the discovery is out of date. */
  stale: boolean;
  /** What was read of the locations that are files, for their fingerprint without a second `stat`. */
  stats?: ReadonlyMap<string, fs.Stats>;
}

const DEFAULT_LOCATIONS = [
  { relative: 'prisma/schema.prisma', folder: false },
  { relative: 'prisma/schema', folder: true },
  { relative: 'schema.prisma', folder: false },
] as const;

/**
 * Walks up from `startDir`; the first directory with a prisma.config, a `prisma.schema` package.json or
 * a default location wins. `known(dir)` may answer for a directory above `startDir` (a cache of earlier
 * walks); `walked` receives the directories passed on the way, whose discovery is the same.
 */
export function discoverSchema(
  startDir: string,
  known: (dir: string) => Discovery | undefined = () => undefined,
  walked: string[] = [],
): Discovery {
  const outer = listings;
  listings ??= new Map();
  try {
    for (let dir = startDir; ; dir = path.dirname(dir)) {
      const found = (dir !== startDir ? known(dir) : undefined) ?? discoverIn(dir);
      if (found) return found;
      walked.push(dir);
      // A schema above the workspace's root belongs to another project: the schema of a package
      // beside the linted one is found through the client the code imports (see LoadOptions.clientFile).
      if (path.dirname(dir) === dir || isWorkspaceRoot(dir)) return { locations: [] };
    }
  } finally {
    listings = outer;
  }
}

/**
 * During one discovery, each folder's entries, read once (lower-cased; null: no such folder; 'unread': a
 * folder that cannot be listed, whose files are looked at one by one). A folder of the app is asked for
 * about a dozen names (the prisma.config variants, package.json, the default schema locations,
 * pnpm-workspace.yaml) and usually has none of them: one listing answers them all.
 */
let listings: Map<string, Set<string> | null | 'unread'> | undefined;

function listing(dir: string): Set<string> | null | 'unread' {
  let names = listings!.get(dir);
  if (names !== undefined) return names;
  const parent = listings!.get(path.dirname(dir));
  if (parent === null || (parent instanceof Set && !parent.has(path.basename(dir).toLowerCase()))) names = null;
  else {
    try {
      names = new Set(fs.readdirSync(dir).map((name) => name.toLowerCase()));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      names = code === 'ENOENT' || code === 'ENOTDIR' ? null : 'unread';
    }
  }
  listings!.set(dir, names);
  return names;
}

/**
 * False when `file` surely does not exist (its folder's listing lacks its name); true means it has to
 * be looked at. Outside a discovery, always true. Lower-cased, for file systems that ignore case.
 */
function mayExist(file: string): boolean {
  if (listings === undefined) return true;
  const names = listing(path.dirname(file));
  return names === 'unread' || (names !== null && names.has(path.basename(file).toLowerCase()));
}

export function configuredLocations(paths: readonly ConfiguredSchemaPath[], cwd: string): SchemaLocation[] {
  return paths.map(({ path: raw, key }) => ({ path: path.resolve(cwd, raw), origin: { raw, setting: key } }));
}

export function expandLocations(locations: readonly SchemaLocation[], cwd: string): ExpandedSchema {
  const files = new Set<string>();
  const problems: ConfigProblem[] = [];
  let stale = false;
  const stats = new Map<string, fs.Stats>();
  for (const location of locations) {
    const stat = statOrUndefined(location.path);
    if (stat?.isFile()) stats.set(location.path, stat);
    const found = stat?.isDirectory() ? prismaFilesUnder(location.path) : stat?.isFile() ? [location.path] : [];
    found.forEach((file) => files.add(file));
    if (found.length > 0) continue;
    if (location.origin === undefined) stale = true;
    else problems.push(locationProblem(location.origin, stat, cwd));
  }
  return { files: [...files], problems, stale, stats };
}

function locationProblem(origin: LocationOrigin, stat: fs.Stats | undefined, cwd: string): ConfigProblem {
  const reason = stat === undefined ? 'does not exist' : stat.isDirectory() ? 'is a folder with no .prisma files' : 'is neither a file nor a folder';
  const subject = origin.file ? `${origin.setting} in ${displayPath(origin.file, cwd)}` : origin.setting;
  const base = origin.file ? "that file's folder" : `ESLint's working directory, ${cwd}`;
  return problem(
    `${subject} is ${JSON.stringify(origin.raw)}, which ${reason}; fix the path (it is relative to ${base}) or remove it to find the schema automatically`,
  );
}

function discoverIn(dir: string): Discovery | undefined {
  const found = declaredIn(dir);
  if (found === undefined || found.decidedBy !== undefined || isFile(path.join(dir, 'package.json'))) return found;
  return claimedAbove(dir, found.locations[0].path) ?? found;
}

function declaredIn(dir: string): Discovery | undefined {
  const config = PRISMA_CONFIG_NAMES.map((name) => path.join(dir, name)).find(isFile);
  if (config !== undefined) return fromPrismaConfig(config);
  return fromPackageJson(path.join(dir, 'package.json')) ?? defaultsIn(dir);
}

/**
 * A default location found below a package's root (`prisma/schema.prisma` seen from `prisma/models/`,
 * `schema.prisma` inside `prisma/schema/`) may be one file of a larger schema that the package declares
 * (a prisma.config naming the folder) or finds by Prisma's own defaults (the `prisma/schema` folder):
 * Prisma resolves from the package, so the first declaration above that includes `found` wins.
 */
function claimedAbove(dir: string, found: string): Discovery | undefined {
  for (let up = path.dirname(dir); up !== dir; dir = up, up = path.dirname(up)) {
    const above = declaredIn(up);
    if (above !== undefined) return above.locations.some((location) => contains(location.path, found)) ? above : undefined;
    if (isFile(path.join(up, 'package.json'))) return undefined;
  }
  return undefined;
}

/** A directory that declares workspaces: pnpm-workspace.yaml, or `workspaces` in its package.json. */
export function isWorkspaceRoot(dir: string): boolean {
  if (isFile(path.join(dir, 'pnpm-workspace.yaml'))) return true;
  const text = readText(path.join(dir, 'package.json'));
  if (text === undefined || !text.includes('"workspaces"')) return false;
  try {
    return (JSON.parse(text) as { workspaces?: unknown } | null)?.workspaces !== undefined;
  } catch {
    return false;
  }
}

function contains(location: string, file: string): boolean {
  const relative = path.relative(location, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function fromPrismaConfig(file: string): Discovery {
  const decidedBy = witness(file);
  const schema = readPrismaConfigSchema(readText(file) ?? '', file);
  if (schema === undefined) return { locations: defaultsIn(path.dirname(file))?.locations ?? [], decidedBy };
  return { locations: [fromSetting(file, 'schema', schema)], decidedBy };
}

function fromPackageJson(file: string): Discovery | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  let schema: unknown;
  try {
    schema = (JSON.parse(text) as { prisma?: { schema?: unknown } } | null)?.prisma?.schema;
  } catch {
    return undefined; // a broken package.json is for npm to report, not us
  }
  return typeof schema === 'string' ? { locations: [fromSetting(file, 'prisma.schema', schema)], decidedBy: witness(file) } : undefined;
}

function fromSetting(file: string, setting: string, raw: string): SchemaLocation {
  return { path: path.resolve(path.dirname(file), raw), origin: { raw, setting, file } };
}

function defaultsIn(dir: string): Discovery | undefined {
  for (const candidate of DEFAULT_LOCATIONS) {
    const location = path.join(dir, candidate.relative);
    const exists = candidate.folder ? prismaFilesUnder(location).length > 0 : isFile(location);
    if (exists) return { locations: [{ path: location }] };
  }
  return undefined;
}

function prismaFilesUnder(dir: string): string[] {
  const files: string[] = [];
  if (!mayExist(dir)) return files;
  const visit = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') visit(full);
      else if (entry.isFile() && entry.name.endsWith('.prisma')) files.push(full);
    }
  };
  visit(dir);
  return files.sort();
}

function witness(file: string): { path: string; mtimeMs: number } {
  return { path: file, mtimeMs: statOrUndefined(file)?.mtimeMs ?? 0 };
}

export function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export function isFile(file: string): boolean {
  return mayExist(file) && (statOrUndefined(file)?.isFile() ?? false);
}

export function readText(file: string): string | undefined {
  if (!mayExist(file)) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
