// Bundles the extension for the .vsix (and for F5): dist/extension.js (the client, `vscode` external) and
// dist/server.js (the language server with the ESLint, typescript-eslint, TypeScript and plugin it runs in
// Restricted Mode or without a workspace ESLint). Nothing is resolved from node_modules at run time but
// the workspace's own ESLint and plugin, which the server loads from the workspace as before.
// Two files are read from beside the bundle, so they are copied there: TypeScript's lib.*.d.ts (found
// next to the executing file) and Prisma's schema engine (prisma_schema_build_bg.wasm, read from __dirname).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(extensionDir, 'dist');
const serverDir = join(extensionDir, '../language-server');
const fromServer = createRequire(join(serverDir, 'package.json'));
const production = process.argv.includes('--production');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  keepNames: true,
  logLevel: 'warning',
  // Optional peers of ESLint and typescript-eslint that the bundled engine never loads.
  external: ['vscode', 'jiti'],
};

await Promise.all([
  build({ ...common, entryPoints: { extension: join(extensionDir, 'src/extension.ts') }, outdir: dist }),
  build({
    ...common,
    entryPoints: { server: join(serverDir, 'src/server.ts') },
    outdir: dist,
    define: { DATA_ISOLATION_BUNDLE: '"server.js"' },
  }),
]);

const tsLib = dirname(fromServer.resolve('typescript/lib/typescript.js'));
for (const file of readdirSync(tsLib)) if (/^lib\..*\.d\.ts$/.test(file)) copyFileSync(join(tsLib, file), join(dist, file));
const plugin = createRequire(fromServer.resolve('eslint-plugin-data-isolation/package.json'));
copyFileSync(plugin.resolve('@prisma/prisma-schema-wasm/src/prisma_schema_build_bg.wasm'), join(dist, 'prisma_schema_build_bg.wasm'));
