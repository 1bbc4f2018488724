import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPrismaConfigSchema } from '../../src/schema/prisma-config';

describe('readPrismaConfigSchema', () => {
  const found: [string, string][] = [
    ['export default defineConfig({ schema: "a.prisma" })', 'a.prisma'],
    ['export default defineConfig({ earlyAccess: true, "schema": `a.prisma` } as const)', 'a.prisma'],
    ['export default <PrismaConfig>{ schema: "a.prisma" }', 'a.prisma'],
    ['const base = { schema: "a.prisma" };\nconst config = base;\nexport default config;', 'a.prisma'],
    ['module.exports = defineConfig({ schema: "prisma/schema" });', 'prisma/schema'],
    // The parser recovers from a file being typed, so the editor keeps working mid-edit.
    ['export default defineConfig({ schema: "a.prisma"', 'a.prisma'],
    // Computed from strings and the config's own folder, the ways real configs spell it.
    ['export default defineConfig({ schema: path.join("prisma", "schema.prisma") })', 'prisma/schema.prisma'],
    ['import path from "node:path";\nexport default defineConfig({ schema: path.join(__dirname, "prisma") })', 'prisma'],
    ['export default defineConfig({ schema: path.resolve(__dirname, "./prisma/schema") })', 'prisma/schema'],
    ['import { join } from "path";\nexport default defineConfig({ schema: join(__dirname, "..", "db", "schema.prisma") })', '/app/db/schema.prisma'],
    ['export default defineConfig({ schema: `${__dirname}/prisma` })', 'prisma'],
    ['const dir = import.meta.dirname;\nexport default defineConfig({ schema: `${dir}/prisma/schema.prisma` })', 'prisma/schema.prisma'],
    ['export default defineConfig({ schema: fileURLToPath(new URL("./prisma", import.meta.url)) })', 'prisma'],
    ['export default defineConfig({ schema: new URL("prisma/schema.prisma", import.meta.url).pathname })', 'prisma/schema.prisma'],
    ['const schema = path.join(__dirname, "prisma");\nexport default defineConfig({ schema })', 'prisma'],
  ];
  for (const [source, schema] of found) {
    it(`reads ${JSON.stringify(source)}`, () => {
      assert.equal(readPrismaConfigSchema(source, '/app/api/prisma.config.ts'), schema);
    });
  }

  const notFound = [
    'export default defineConfig({ schema: `${dir}/schema.prisma` })',
    'export default defineConfig({ schema: path.join(process.cwd(), "prisma") })',
    'export default defineConfig({ schema: new URL("./prisma", "file:///elsewhere/").pathname })',
    'export default defineConfig({ schema: process.env.SCHEMA })',
    'export default defineConfig({ migrations: { path: "x" } })',
    'export default makeConfig()',
    'const config = { schema: "a.prisma" };',
  ];
  for (const source of notFound) {
    it(`finds no static schema in ${JSON.stringify(source)}`, () => {
      assert.equal(readPrismaConfigSchema(source, 'prisma.config.ts'), undefined);
    });
  }
});
