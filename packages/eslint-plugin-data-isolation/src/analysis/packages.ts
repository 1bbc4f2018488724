import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { isWorkspaceRoot } from '../schema/discovery';
import { unaliased } from './types';

/** The file that declares a symbol (through import aliases). */
export function fileOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string | undefined {
  if (!symbol) return undefined;
  return unaliased(checker, symbol).declarations?.[0]?.getSourceFile().fileName;
}

const packageNames = new Map<string, string>();

/**
 * The npm package a declaration file belongs to, by the `name` in its package.json, so that aliased
 * installs (`next-auth-v4@npm:next-auth@4`) and pnpm's layout are recognised too.
 */
export function packageNameOf(file: string): string | undefined {
  let name = packageOfFile.get(file);
  if (name === undefined) packageOfFile.set(file, (name = readPackageNameOf(file) ?? ''));
  return name || undefined;
}
/** Asked for the declaring file of every type the provenance checks: the answer per file name. */
const packageOfFile = new Map<string, string>();

function readPackageNameOf(file: string): string | undefined {
  const normalised = file.split(path.sep).join('/');
  const at = normalised.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const rest = normalised.slice(at + '/node_modules/'.length).split('/');
  const root = normalised.slice(0, at) + '/node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/');
  let name = packageNames.get(root);
  if (name === undefined) {
    const declared = readJson(`${root}/package.json`)?.name;
    name = typeof declared === 'string' ? declared : '';
    packageNames.set(root, name);
  }
  return name || undefined;
}

/** Whether a declaration file belongs to one of `packages` (`'@clerk/'` stands for every package of that scope). */
export function fromPackage(file: string | undefined, packages: readonly string[]): boolean {
  const name = file && packageNameOf(file);
  return !!name && packages.some((pkg) => (pkg.endsWith('/') ? name.startsWith(pkg) : name === pkg));
}

/** How deep below a workspace root its packages are looked for (`packages/app-store/stripe`). */
const MEMBER_DEPTH = 3;

const dependedOn = new Map<string, Set<string>>();
const ownPackages = new Map<string, { name: string; root: string } | null>();

/**
 * Whether `file` belongs to a package of a monorepo that another package of the same repository depends
 * on (dokploy's `@dokploy/server`, used by `apps/dokploy`): its exported functions are a library, called
 * from the programs of the packages that use it. The nearest package.json above the file gives the
 * package; the repository is the first directory above it that declares workspaces (pnpm-workspace.yaml
 * or `workspaces` in package.json), whose package.json files down to three levels (node_modules and
 * hidden folders aside) are read once per process for their dependencies.
 */
export function isDependedOnPackage(file: string): boolean {
  const own = ownPackage(path.dirname(file));
  if (!own) return false;
  let users = dependedOn.get(own.root);
  if (!users) {
    users = new Set();
    collectDependencies(own.root, 0, users);
    dependedOn.set(own.root, users);
  }
  return users.has(own.name);
}

function ownPackage(dir: string): { name: string; root: string } | null {
  let found = ownPackages.get(dir);
  if (found !== undefined) return found;
  found = null;
  for (let at = dir; ; ) {
    if (/[\\/]node_modules([\\/]|$)/.test(at)) break;
    const manifest = readJson(path.join(at, 'package.json'));
    if (manifest) {
      const name = typeof manifest.name === 'string' ? manifest.name : undefined;
      // The package itself may be the workspace root: its exports are then nobody else's dependency.
      const root = name ? workspaceRootAbove(path.dirname(at)) : undefined;
      found = name && root ? { name, root } : null;
      break;
    }
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  ownPackages.set(dir, found);
  return found;
}

function workspaceRootAbove(dir: string): string | undefined {
  for (let at = dir; ; ) {
    if (isWorkspaceRoot(at)) return at;
    const up = path.dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

function collectDependencies(dir: string, depth: number, into: Set<string>): void {
  const manifest = readJson(path.join(dir, 'package.json'));
  if (manifest && depth > 0) {
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = manifest[key];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) into.add(name);
    }
  }
  if (depth >= MEMBER_DEPTH) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    collectDependencies(path.join(dir, entry.name), depth + 1, into);
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
