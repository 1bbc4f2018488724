// A corpus of real TypeScript that no one here wrote: the `.ts` sources that popular npm packages ship
// (installed as dev dependencies), copied into a temporary typed project with a Prisma schema that
// makes common names owner-scoped, so that the rule's name matching on untyped calls
// (`x.items.delete(…)` with `x: any`) and its type queries on every `.count()`/`.delete()`/`.update()`
// run against code it was never written for. Used by corpus.test.mjs (a subset) and by
// test/bench/corpus.mjs (everything, on demand). Not a test file.
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TSCONFIG, eslintConfig, repoRoot, writeFiles } from './lib.mjs';

/** Receiver names the rule may match by name when types are missing: each becomes an owned model. */
const COMMON_NAMES = [
  'User', 'Item', 'Items', 'Node', 'Nodes', 'Entry', 'Entries', 'Event', 'Message', 'Session', 'Account', 'Token', 'Key',
  'Keys', 'Value', 'Values', 'Data', 'Cache', 'Store', 'State', 'Config', 'Options', 'Context', 'Request', 'Response',
  'Result', 'Source', 'Target', 'Subscriber', 'Subscribers', 'Subscription', 'Observer', 'Observers', 'Listeners',
  'Scheduler', 'Action', 'Actions', 'Client', 'Server', 'Handler', 'Handlers', 'Schema', 'Module', 'Plugin', 'Route',
  'Router', 'Procedure', 'Layer', 'Fiber', 'Queue', 'Stream', 'Channel', 'Scope', 'Map', 'Set', 'List', 'Record', 'Task',
  'Tasks', 'Job', 'Order', 'File', 'Path', 'Children', 'Parent', 'Effects',
];

export function corpusSchema() {
  const models = COMMON_NAMES.map((name, i) => {
    const tenant = i % 3 === 0;
    return `${tenant ? '/// @tenant(orgId)\n' : ''}/// @owner(userId)
model ${name} {
  id     String @id
  userId String${tenant ? '\n  orgId  String' : ''}
}`;
  });
  return `// Common names, all owner-scoped: for the corpus robustness run.\ndatasource db {\n  provider = "postgresql"\n}\n\n${models.join('\n\n')}\n`;
}

/** The directory an installed package lives in (hoisted to the root node_modules, or under the plugin's). */
export function packageDir(name) {
  const candidates = [join(repoRoot, 'node_modules', name), join(repoRoot, 'packages', 'eslint-plugin-data-isolation', 'node_modules', name)];
  const found = candidates.find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`${name} is not installed (looked in ${candidates.join(', ')})`);
  return found;
}

/** `.ts`/`.tsx`/`.mts`/`.cts` sources (not declarations) under `dir`, relative to it, sorted. */
function sourcesUnder(dir) {
  const out = [];
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(full);
      } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.d\.(ts|mts|cts)$/.test(entry.name)) {
        out.push(relative(dir, full).split(sep).join('/'));
      }
    }
  };
  visit(dir);
  return out.sort();
}

/**
 * Copies each package's sources into `<dir>/src/<package>/…`, keeping their relative paths so that
 * relative imports resolve, and writes the project's tsconfig, schema and ESLint config. Returns the
 * files to lint (relative to `dir`): those under `under` (a folder inside the package), at most
 * `limit` of them; the rest of the package is still in the program, for the types.
 */
export function buildCorpus(dir, packages) {
  const files = [];
  for (const { name, under = '.', limit } of packages) {
    const from = packageDir(name);
    const target = (source) => join('src', name.replace('/', '__'), source).split(sep).join('/');
    const sources = sourcesUnder(from);
    for (const source of sources) cpSync(join(from, source), join(dir, target(source)));
    const prefix = under === '.' ? '' : `${under.replace(/\/$/, '')}/`;
    const chosen = sources.filter((s) => s.startsWith(prefix));
    files.push(...(limit === undefined ? chosen : chosen.slice(0, limit)).map(target));
  }
  writeFiles(dir, {
    'tsconfig.json': TSCONFIG.replace('"strict": true', '"strict": true,\n    "jsx": "react-jsx"'),
    'prisma/schema.prisma': corpusSchema(),
    'eslint.config.mjs': eslintConfig(),
  });
  return files;
}

/** Lines of code in `files` (relative to `dir`). */
export function linesOf(dir, files) {
  let lines = 0;
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    bytes += statSync(join(dir, file)).size;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  }
  return { lines, bytes };
}

/** The full corpus (test/bench/corpus.mjs): every installed package below that ships .ts sources. */
export const FULL_CORPUS = [
  { name: 'rxjs' },
  { name: 'effect' },
  { name: '@trpc/server' },
  { name: '@auth/core' },
  { name: 'next-auth' },
  { name: '@tanstack/query-core' },
  { name: '@supabase/auth-js' },
  { name: '@supabase/storage-js' },
  { name: '@supabase/postgrest-js' },
  { name: '@supabase/realtime-js' },
  { name: '@supabase/supabase-js' },
  { name: 'fastify' },
  { name: 'fast-json-stringify' },
  { name: 'pino' },
];

/** The subset `npm test` lints (modest: about a minute on 2 cores): rxjs's operators and tRPC's server. */
export const TEST_CORPUS = [
  { name: 'rxjs', under: 'src/internal/operators', limit: 60 },
  { name: '@trpc/server', under: 'src/unstable-core-do-not-import' },
];
