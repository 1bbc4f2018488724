// Generates the real Prisma clients the rule tests type-check against (both generators).
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/true lets `prisma generate` run offline: it needs no engine.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const schemas = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [join(here, '../tests/fixtures/schema.prisma')];

for (const schema of schemas) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: dirname(schema),
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
