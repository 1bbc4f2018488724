// Owner fields written from the request through a whole object or a spread (`data: input`,
// `repo.save(dto)`, `.values({ ...dto })`): the object's TYPE says which fields it may carry, so a
// request object whose type has the owner field writes it from the request, whatever the syntax.
// Every data layer, against its real published types.
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';

type Layer = 'prisma' | 'typeorm' | 'drizzle' | 'kysely' | 'sequelize' | 'mongoose';

/** A NestJS controller method given the request body as `dto`, and the signed-in user. */
const nest = (imports: string, body: string, dto = 'patientId?: string; status: string') => `${imports}
import { Body, Controller, Post } from '@nestjs/common';
declare const session: { user: { id: string } };
class WriteDto { ${dto} }
@Controller('c')
export class C {
  @Post() write(@Body() dto: WriteDto) {
    ${body}
  }
}`;

const IMPORTS: Record<Exclude<Layer, 'prisma'>, string> = {
  typeorm: `import { Repository } from 'typeorm';
import { Consultation } from './entities';
declare const repo: Repository<Consultation>;`,
  drizzle: `import { eq } from 'drizzle-orm';
import { db } from './db';
import { consultations } from './schema';`,
  kysely: `import { db } from './db';`,
  sequelize: `import { Consultation } from './models';`,
  mongoose: `import { Consultation } from './models';`,
};

const NEST_BODY = 'NestJS `@Body()`';

function written(code: string, needle: string, operation: string, model: string, source: string, field = 'patientId', nth = 1) {
  return {
    messageId: 'ownerWrittenThroughObject' as const,
    ...at(code, needle, nth),
    data: { operation, model, field, source, scope: 'owner' },
  };
}

/** One layer's cases: each write in `bad` writes `patientId` from the DTO; each in `good` does not. */
function layer(name: Exclude<Layer, 'prisma'>, model: string, bad: [string, string, string][], good: string[]) {
  const ruleTester = typedRuleTester(join(fixturesDir, name));
  ruleTester.run(`require-owner-scope (writes through an object, ${name})`, rule, {
    valid: [
      ...good.map((body) => nest(IMPORTS[name], body)),
      // the DTO's type has no owner field
      nest(IMPORTS[name], bad[0][0], 'status: string'),
    ],
    invalid: bad.map(([body, needle, operation]) => {
      const code = nest(IMPORTS[name], body);
      return { code, errors: [written(code, needle, operation, model, NEST_BODY, 'patientId', 2)] };
    }),
  });
}

layer(
  'typeorm',
  'Consultation',
  [
    ['return repo.save(dto);', 'dto', 'save'],
    ["return repo.insert({ ...dto, status: 'open' });", 'dto', 'insert'],
  ],
  [
    "return repo.insert({ ...dto, patientId: session.user.id, clinicianId: 'c' });",
    "return repo.insert({ status: dto.status, patientId: session.user.id, clinicianId: 'c' });",
  ],
);

layer(
  'drizzle',
  'consultations',
  [
    ["return db.insert(consultations).values({ ...dto, id: 'c', clinicianId: 'd' });", 'dto', 'insert'],
    ["return db.update(consultations).set(dto).where(eq(consultations.patientId, session.user.id));", 'dto', 'update'],
  ],
  ["return db.insert(consultations).values({ ...dto, id: 'c', clinicianId: 'd', patientId: session.user.id });"],
);

layer(
  'kysely',
  'consultation',
  [["return db.insertInto('consultation').values({ ...dto, id: 'c', clinicianId: 'd' }).execute();", 'dto', 'insertInto']],
  ["return db.insertInto('consultation').values({ ...dto, id: 'c', clinicianId: 'd', patientId: session.user.id }).execute();"],
);

layer(
  'sequelize',
  'Consultation',
  [
    ['return Consultation.create(dto);', 'dto', 'create'],
    ["return Consultation.update({ ...dto }, { where: { id: 'c', patientId: session.user.id } });", 'dto', 'update'],
  ],
  ['return Consultation.create({ ...dto, patientId: session.user.id });'],
);

layer(
  'mongoose',
  'Consultation',
  [['return Consultation.create(dto);', 'dto', 'create']],
  ['return Consultation.create({ ...dto, patientId: session.user.id });'],
);

// Prisma: tRPC `input` written whole or spread into `data`.
const trpc = (body: string, input = '{ id: string; patientId?: string; startsAt: Date }') => `import { PrismaClient } from '@prisma/client';
import { initTRPC } from '@trpc/server';
declare const prisma: PrismaClient;
const t = initTRPC.context<{ session: { user: { id: string } } }>().create();
export const update = t.procedure.input((v) => v as ${input}).mutation(({ ctx, input }) => {
  ${body}
});`;
const prismaTester = typedRuleTester();
prismaTester.run('require-owner-scope (writes through an object, prisma)', rule, {
  valid: [
    trpc("return prisma.consultation.create({ data: { ...input, patientId: ctx.session.user.id, clinicianId: 'd' } });"),
    trpc("return prisma.consultation.updateMany({ where: { id: input.id, patientId: ctx.session.user.id }, data: { startsAt: input.startsAt } });"),
    // the input's type has no owner field
    trpc("return prisma.consultation.updateMany({ where: { id: input.id, patientId: ctx.session.user.id }, data: input });", '{ id: string; startsAt: Date }'),
    // a row loaded from the database, copied: not the request's choice
    trpc(`const row = await prisma.consultation.findFirstOrThrow({ where: { id: input.id, patientId: ctx.session.user.id } });
  return prisma.consultation.create({ data: { ...row, id: 'copy' } });`),
  ],
  invalid: [
    // typebot 7ad9ec1d's shape: a scoped `where`, and the whole input as `data`
    (() => {
      const code = trpc('return prisma.consultation.updateMany({ where: { id: input.id, patientId: ctx.session.user.id }, data: input });');
      return { code, errors: [written(code, 'input', 'updateMany', 'Consultation', 'tRPC `input`', 'patientId', 4)] };
    })(),
    // an untyped request body given a type where it is read
    ...['data: body', "data: { ...body, clinicianId: 'd' }"].map((data) => {
      const code = `import { PrismaClient } from '@prisma/client';
import type { NextRequest } from 'next/server';
declare const prisma: PrismaClient;
export async function POST(req: NextRequest) {
  const body = (await req.json()) as { id: string; patientId: string; clinicianId: string; startsAt: Date };
  return prisma.consultation.create({ ${data} });
}`;
      return { code, errors: [written(code, 'body', 'create', 'Consultation', 'the request body (`json()`)', 'patientId', 2)] };
    }),
    (() => {
      const code = trpc("return prisma.consultation.create({ data: { ...input, clinicianId: 'd' } });");
      return { code, errors: [written(code, 'input', 'create', 'Consultation', 'tRPC `input`', 'patientId', 3)] };
    })(),
    (() => {
      const code = trpc("return prisma.consultation.upsert({ where: { id: input.id }, create: { ...input, clinicianId: 'd' }, update: {} });");
      return {
        code,
        errors: [
          {
            messageId: 'missingOwnerScope' as const,
            ...at(code, 'upsert'),
            suggestions: ['patientId', 'clinicianId'].map((field) => ({
              messageId: 'addOwnerFilter' as const,
              data: { filter: `${field}: ctx.session.user.id` },
              output: code.replace('where: { id: input.id }', `where: { id: input.id, ${field}: ctx.session.user.id }`),
            })),
          },
          written(code, 'input', 'upsert', 'Consultation', 'tRPC `input`', 'patientId', 4),
        ],
      };
    })(),
  ],
});
