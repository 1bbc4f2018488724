// The plugin runs on TypeScript's classic JavaScript API (the one typescript-eslint builds its program
// with). TypeScript 7 ships no such API, so a project that installed `typescript@7` as `typescript`
// would make the plugin fail on load with an unrelated TypeError. This module is loaded first and
// stops with one message that names the fix instead.

/** The side-by-side setup of the TypeScript and typescript-eslint teams, as package.json lines. */
export const SIDE_BY_SIDE = '"@typescript/native": "npm:typescript@7.0.2", "typescript": "npm:@typescript/typescript6@6.0.2"';

/** Why `api` (what `require('typescript')` returned) cannot be used, or undefined when it can. */
export function typeScriptApiProblem(api: unknown, resolvedPath: string): string | undefined {
  const ts = api as { version?: unknown; SyntaxKind?: unknown; createProgram?: unknown } | null | undefined;
  if (ts && typeof ts.SyntaxKind === 'object' && typeof ts.createProgram === 'function') return undefined;
  const found = !ts
    ? 'could not be loaded'
    : `resolves to ${typeof ts.version === 'string' ? `TypeScript ${ts.version}` : 'a package'}, which has none (${resolvedPath})`;
  return (
    `eslint-plugin-data-isolation needs TypeScript's JavaScript API (typescript >=4.8.4 <6.1, as typescript-eslint does), ` +
    `but \`typescript\` ${found}. ` +
    `Keep TypeScript 7 for tsc and the 6.0 API for ESLint side by side, in package.json devDependencies: ${SIDE_BY_SIDE}. ` +
    'See the "TypeScript 7" section of the plugin\'s README.'
  );
}

/** Throws an error whose whole text (ESLint prints an error's stack) is the problem, if there is one. */
export function assertTypeScriptApi(): void {
  let resolvedPath = 'typescript';
  let api: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    api = require('typescript');
  } catch {
    api = undefined;
  }
  // Only for the message: a bundle (the VS Code extension's) has TypeScript inside it and no path to resolve.
  try {
    resolvedPath = require.resolve('typescript');
  } catch {
    // keep 'typescript'
  }
  const problem = typeScriptApiProblem(api, resolvedPath);
  if (problem === undefined) return;
  const error = new Error(problem);
  error.stack = problem;
  throw error;
}

assertTypeScriptApi();
