// Fresh copies of the fixture workspace for each test session, under test/vscode/.work (inside the
// repository, so the workspace's node_modules — ESLint, typescript-eslint, the plugin — resolve).
// The Prisma client is generated once into a template (remade when a fixture file changes) and copied.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const fixtureDir = join(here, 'fixtures/app');
export const workDir = join(here, '.work');

function template() {
  const dir = join(workDir, 'template');
  const stamp = join(dir, '.generated');
  const hash = createHash('sha256');
  for (const file of readdirSync(fixtureDir, { recursive: true }).sort()) {
    const full = join(fixtureDir, file);
    if (statSync(full).isFile()) hash.update(`${file}\0`).update(readFileSync(full)).update('\0');
  }
  const digest = hash.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(fixtureDir, dir, { recursive: true });
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', join(dir, 'prisma/schema.prisma')], {
    cwd: dir,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(stamp, digest);
  return dir;
}

/** A fresh copy of the fixture workspace named `name`, with its generated Prisma client; returns its path. */
export function prepareWorkspace(name) {
  const source = template();
  const dir = join(workDir, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true, filter: (src) => !src.endsWith('.generated') });
  return dir;
}

/**
 * The workspace of an extension test session (`trusted` or `restricted`). For `trusted`, also what the
 * `eslint` CLI reports there (eslint-cli-results.json), for the tests to compare the editor with; the
 * marker its config writes is removed, so that the tests see whether the editor ran the config.
 */
export async function prepareExtensionWorkspace(suite) {
  const workspace = prepareWorkspace(`vscode-${suite}`);
  if (suite !== 'trusted') return workspace;
  const { ESLint } = createRequire(join(workspace, 'package.json'))('eslint');
  const results = await new ESLint({ cwd: workspace }).lintFiles(['src']);
  const reference = Object.fromEntries(
    results.map((r) => [
      relative(workspace, r.filePath),
      r.messages.map(({ line, column, message, severity, ruleId }) => ({ line, column, message, severity, ruleId })),
    ]),
  );
  writeFileSync(join(workspace, 'eslint-cli-results.json'), JSON.stringify(reference, null, 2));
  rmSync(join(workspace, 'eslint-config-was-loaded.txt'));
  return workspace;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const suite of process.argv.slice(2)) console.log(await prepareExtensionWorkspace(suite));
}
