// Generates the app's Prisma Client into src/generated/prisma (the `prisma-client` generator).
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/true lets `prisma generate` run offline: it needs no engine.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

execFileSync(process.execPath, [prismaCli, 'generate', '--schema', join(appDir, 'prisma/schema.prisma')], {
  cwd: appDir,
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
