// Generates the real Prisma clients the rule tests type-check against (and links Kysely 0.29 into its
// fixture folder, below): both generators of the project's
// Prisma 7, and under tests/fixtures/prisma-versions/ the clients of Prisma 5, 6 and 7 (installed as the
// exact-pinned npm aliases prisma-5, prisma-client-5, prisma-6, prisma-client-6).
// `prisma generate` runs offline: PRISMA_SCHEMA_ENGINE_BINARY=/bin/true and, for Prisma 5 and 6, whose
// CLI looks for a query engine library, PRISMA_QUERY_ENGINE_LIBRARY=/bin/true; none is run. Prisma 5 and 6
// run prisma-client-js from the @prisma/client they find next to the schema, and install one when there
// is none: the fixture folder gets node_modules links to the aliases, so they find their own version.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fixtures = join(here, '../tests/fixtures');
const args = process.argv.slice(2);

const jobs =
  args.length > 0
    ? args.map((schema) => ({ schema, cli: 'prisma' }))
    : [
        { schema: join(fixtures, 'schema.prisma'), cli: 'prisma' },
        { schema: join(fixtures, 'prisma-versions/v5/schema.prisma'), cli: 'prisma-5', client: 'prisma-client-5' },
        { schema: join(fixtures, 'prisma-versions/v6/schema.prisma'), cli: 'prisma-6', client: 'prisma-client-6' },
        { schema: join(fixtures, 'prisma-versions/v7/schema.prisma'), cli: 'prisma' },
        { schema: join(fixtures, 'monorepo/packages/database/prisma'), cli: 'prisma-6', client: 'prisma-client-6' },
        { schema: join(fixtures, 'monorepo/packages/database7/prisma/schema.prisma'), cli: 'prisma' },
        { schema: join(fixtures, 'monorepo/packages/schema-elsewhere/db/schema.prisma'), cli: 'prisma' },
      ];

for (const { schema, cli, client } of jobs) {
  const folder = dirname(schema);
  if (client) {
    link(packageDir(cli), join(folder, 'node_modules/prisma'));
    link(packageDir(client), join(folder, 'node_modules/@prisma/client'));
  }
  execFileSync(process.execPath, [join(packageDir(cli), 'build/index.js'), 'generate', '--schema', schema], {
    cwd: folder,
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
      PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Kysely 0.29 beside the project's 0.28: the fixture folder's node_modules/kysely links to the alias (its
// tsconfig keeps the link's path, preserveSymlinks, so the declarations are found under node_modules/kysely/).
if (args.length === 0) link(packageDir('kysely-0.29'), join(fixtures, 'kysely-0.29/node_modules/kysely'));

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // A package whose `exports` hide package.json (kysely): the folder named after it on the way up from its entry.
    let dir = dirname(require.resolve(name));
    while (!dir.endsWith(`${'/'}node_modules/${name}`) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}

function link(target, at) {
  fs.mkdirSync(dirname(at), { recursive: true });
  fs.rmSync(at, { force: true, recursive: true });
  fs.symlinkSync(target, at, 'dir');
}
