import { readFileSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
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
  const normalised = file.split(path.sep).join('/');
  const at = normalised.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const rest = normalised.slice(at + '/node_modules/'.length).split('/');
  const root = normalised.slice(0, at) + '/node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/');
  let name = packageNames.get(root);
  if (name === undefined) {
    try {
      name = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { name?: string }).name ?? '';
    } catch {
      name = '';
    }
    packageNames.set(root, name);
  }
  return name || undefined;
}

/** Whether a declaration file belongs to one of `packages` (`'@clerk/'` stands for every package of that scope). */
export function fromPackage(file: string | undefined, packages: readonly string[]): boolean {
  const name = file && packageNameOf(file);
  return !!name && packages.some((pkg) => (pkg.endsWith('/') ? name.startsWith(pkg) : name === pkg));
}
