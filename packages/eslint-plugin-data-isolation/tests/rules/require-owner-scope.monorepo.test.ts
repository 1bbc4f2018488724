// An app beside its database package (tests/fixtures/monorepo): walking up from the app never reaches the
// schema, so it is found through the generated client the code queries, Prisma 6 (whose generator records
// the schema's folder) and Prisma 7 (whose schema is found around the client's output, or, for a client
// generated into a folder of the workspace root, is the schema the client inlines).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, typedRuleTester } from '../RuleTester';

const ruleTester = typedRuleTester();
const filename = 'monorepo/apps/web/file.ts';

for (const { label, from } of [
  { label: 'Prisma 6, multi-file schema named by prisma.config.ts with path.join(__dirname, …)', from: '../../packages/database/generated/client' },
  { label: 'Prisma 7, prisma-client generator', from: '../../packages/database7/src/generated/prisma/client' },
  { label: 'Prisma 7, prisma-client output outside any package', from: '../../generated/prisma/client' },
]) {
  const code = (body: string) => `import { PrismaClient } from '${from}';
declare const prisma: PrismaClient;
declare const session: { user: { id: string } };
${body}`;
  ruleTester.run(`require-owner-scope (schema of a sibling package: ${label})`, rule, {
    valid: [{ code: code('prisma.note.findMany({ where: { userId: session.user.id } });'), filename }],
    invalid: [
      (() => {
        const source = code('prisma.note.findMany({ where: { title: "a" } });');
        return {
          code: source,
          filename,
          errors: [{
            messageId: 'missingOwnerScope' as const,
            ...at(source, 'findMany'),
            data: { model: 'Note', operation: 'findMany', owners: '`userId`', verb: 'return' },
            suggestions: [{ messageId: 'addOwnerFilter' as const, data: { filter: 'userId: session.user.id' }, output: source.replace('title: "a" }', 'title: "a", userId: session.user.id }') }],
          }],
        };
      })(),
    ],
  });
}

// A relation path with no schema to resolve it: a configuration problem saying why, never a finding.
const relationTester = typedRuleTester(undefined, { 'data-isolation': { models: { Comment: { owner: 'note.userId' }, Note: { owner: 'userId' } } } });
relationTester.run('require-owner-scope (a relation path without a schema)', rule, {
  valid: [],
  invalid: [
    (() => {
      const code = `declare const db: any;
declare const session: { user: { id: string } };
db.comment.findMany({ where: { note: { userId: session.user.id } } });
db.comment.findMany({ where: { body: "x" } });
db.note.findMany({ where: { userId: session.user.id } });`;
      return {
        code,
        filename,
        errors: [{
          messageId: 'configProblem' as const,
          ...at(code, 'findMany'),
          data: { problem: 'Comment is scoped through the relation `note.userId`, but no Prisma schema was found, so its queries cannot be checked; point settings["data-isolation"].schema at the schema that declares Comment.' },
        }],
      };
    })(),
  ],
});

// A package another package of the repository depends on (apps/web → @repo/services): its exported
// services are called from the programs of the packages that use it, so a filter built from their
// parameters is checked at those calls, not where it is written. A package nobody depends on
// (@repo/database) keeps its exported functions as entry points. The caller queries nothing itself: its
// schema is found through the client the service queries.
const services = readFileSync(path.join(__dirname, '../fixtures/monorepo/packages/services/notes.ts'), 'utf8');
const unused = readFileSync(path.join(__dirname, '../fixtures/monorepo/packages/database/notes.ts'), 'utf8');
const caller = (body: string) => `import { renameNote } from '../../packages/services/notes';
declare const session: { user: { id: string } };
declare const req: { params: { id: string } };
${body}`;
const uncheckedCall = caller(`export async function PATCH() {
  return renameNote({ noteId: req.params.id, title: 'x' });
}`);
ruleTester.run('require-owner-scope (services of a package other packages depend on)', rule, {
  valid: [{ code: services, filename: 'monorepo/packages/services/notes.ts' }],
  invalid: [
    {
      code: unused,
      filename: 'monorepo/packages/database/notes.ts',
      errors: [{
        messageId: 'missingOwnerScope' as const,
        ...at(unused, 'update'),
        data: { model: 'Note', operation: 'update', owners: '`userId`', verb: 'change' },
      }],
    },
    {
      code: uncheckedCall,
      filename,
      errors: [{
        messageId: 'helperMissingScope' as const,
        ...at(uncheckedCall, 'renameNote', 2),
        data: { helper: 'renameNote → note.update at monorepo/packages/services/notes.ts:6', model: 'Note', verb: 'change', scope: 'owner', fields: '`userId`' },
      }],
    },
  ],
});
