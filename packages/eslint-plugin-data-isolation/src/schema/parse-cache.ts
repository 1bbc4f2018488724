import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { statOrUndefined } from './discovery';

/**
 * Prisma's schema engine is a 3 MB WebAssembly module: compiling it and its first answer cost 100–150 ms,
 * which every `eslint` process pays again (a third of what the rule costs on a pre-commit lint of a few
 * files), while the answer depends only on the schema's text and the engine's version. So the answer is
 * kept on disk where build tools keep theirs: `node_modules/.cache/eslint-plugin-data-isolation` in the
 * nearest `node_modules` at or above ESLint's working directory (none: nothing is kept).
 *
 * - Only answers are kept: an invalid schema throws in `compute` and is read by the engine again.
 * - Only schemas read from disk: an editor's unsaved text changes with each keystroke, in a process that
 *   keeps the engine loaded anyway.
 * - An entry is written to a temporary file and renamed, so parallel ESLint processes never read half
 *   of one; an entry that does not parse as JSON is computed again.
 * - The newest KEEP entries stay (each edit of a schema makes one); a hit marks its entry as new.
 * - A cache that cannot be read or written is skipped: the answer is computed, never an error.
 */
export const CACHE_FOLDER = path.join('node_modules', '.cache', 'eslint-plugin-data-isolation');
const KEEP = 16;
/** The layout of an entry: raised when what is stored changes. */
const FORMAT = 1;

/**
 * The cache's folder for ESLint's working directory: in the nearest `node_modules` at or above it (where
 * Node finds the project's packages), or undefined when there is none. Asked once per schema parsed
 * (for the schema language, once per lint of a `.prisma` file, from the file's folder).
 */
export function cacheFolder(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (statOrUndefined(path.join(dir, 'node_modules'))?.isDirectory()) return path.join(dir, CACHE_FOLDER);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The value of `compute()`'s JSON text, read from `folder` when an entry for `key` (any JSON value that
 * determines the answer) is there, else computed and stored. Errors of `compute` are thrown as they are.
 */
export function cachedJson(folder: string | undefined, key: unknown, compute: () => string): unknown {
  if (folder === undefined) return JSON.parse(compute());
  const file = path.join(folder, `${crypto.createHash('sha256').update(JSON.stringify([FORMAT, key])).digest('hex')}.json`);
  const stored = read(file);
  if (stored !== undefined) return stored.value;
  const text = compute();
  const value: unknown = JSON.parse(text);
  store(folder, file, text);
  return value;
}

/** The entry's value, or undefined when there is none or it is not JSON (a torn write). */
function read(file: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only: the entry is still good, only its age is not renewed.
  }
  return { value };
}

function store(folder: string, file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
    prune(folder);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

/** Removes all but the KEEP newest entries (and temporary files a killed process left, once old). */
function prune(folder: string): void {
  const names = fs.readdirSync(folder);
  if (names.length <= KEEP) return;
  const entries = names.flatMap((name) => {
    try {
      return [{ name, mtime: fs.statSync(path.join(folder, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of entries.slice(KEEP)) fs.rmSync(path.join(folder, name), { force: true });
}
