import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProjectConfig } from '../../src/schema';
import type { ProjectConfig } from '../../src/schema/types';

const roots: string[] = [];
process.on('exit', () => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

/** A fresh directory holding `files` (relative path → content), removed when the test process exits. */
export function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(os.tmpdir() + '/di-'));
  roots.push(root);
  for (const [relative, content] of Object.entries(files)) write(root, relative, content);
  return root;
}

export function write(root: string, relative: string, content: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Rewrites a file and moves its mtime forward, so a change is visible even on coarse-mtime file systems. */
export function rewrite(root: string, relative: string, content: string): void {
  write(root, relative, content);
  const future = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(root, relative), future, future);
}

export interface LoadAt {
  /** The linted file, relative to root. */
  file?: string;
  settings?: unknown;
  /** ESLint's cwd, relative to root. */
  cwd?: string;
  extraTopLevelKeys?: readonly string[];
}

export function load(root: string, { file = 'src/app.ts', settings, cwd = '.', extraTopLevelKeys }: LoadAt = {}): ProjectConfig {
  return loadProjectConfig({
    filename: path.join(root, file),
    cwd: path.join(root, cwd),
    settings,
    ...(extraTopLevelKeys ? { extraTopLevelKeys } : {}),
  });
}

export function messages(config: ProjectConfig): string[] {
  return config.problems.map((problem) => problem.message);
}

/** A policy in a comparable shape: paths dotted. */
export function policy(config: ProjectConfig, model: string) {
  const found = config.policies.get(model);
  if (found === undefined) return undefined;
  return {
    owners: found.owners.map((p) => p.join('.')),
    tenants: found.tenants.map((p) => p.join('.')),
    publicReason: found.publicReason,
    source: found.source,
  };
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in text`);
  return index + 1;
}

export const SIMPLE_SCHEMA = `datasource db {
  provider = "postgresql"
}

/// @owner(userId)
model Note {
  id     String @id
  userId String
}
`;
