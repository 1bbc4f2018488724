// Raw SQL, parsed with node-sql-parser: Prisma $queryRaw/$executeRaw (+Unsafe), Drizzle and Kysely
// `sql` templates, and pg's client.query, against their real published types. Owner-scoped tables come
// from the Prisma fixture schema (Consultation, Recording, Invoice) and Drizzle's JSDoc (consultations).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { fixturesDir, typedRuleTester } from '../RuleTester';
import { fromRequest, missingOwner, missingTenant, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'raw-sql'));

const r = (body: string) => `import { PrismaClient, Prisma } from '@prisma/client';
import { Pool, type PoolClient } from 'pg';
import { sql } from 'drizzle-orm';
import { sql as ksql, type Kysely } from 'kysely';
import { db } from '../drizzle/db';
import { consultations } from '../drizzle/schema';
declare const prisma: PrismaClient;
declare const pool: Pool;
declare const client: PoolClient;
declare const kdb: Kysely<Record<string, never>>;
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

ruleTester.run('require-owner-scope (raw SQL)', rule, {
  valid: [
    // Prisma: Prisma.sql templates and the Unsafe forms with positional values
    r('prisma.$queryRaw(Prisma.sql`SELECT * FROM "Consultation" WHERE "patientId" = ${session.user.id}`);'),
    r('prisma.$queryRawUnsafe(\'SELECT * FROM "Consultation" WHERE "clinicianId" = $1 AND "startsAt" > now()\', session.user.id);'),
    r('prisma.$executeRawUnsafe(\'DELETE FROM "Consultation" WHERE id = $1 AND "patientId" = $2\', "c1", session.user.id);'),
    // Prisma's tagged-template form, also on the transaction client
    r('prisma.$queryRaw`SELECT * FROM "Consultation" WHERE "patientId" = ${session.user.id}`;'),
    r('prisma.$transaction(async (tx) => tx.$executeRaw`UPDATE "Consultation" SET status = ${"closed"} WHERE "clinicianId" = ${session.user.id}`);'),
    // Prisma.sql fragments written here are spliced in; one built elsewhere cannot be read (not reported)
    r('const byPatient = Prisma.sql`"patientId" = ${session.user.id}`;\nprisma.$queryRaw`SELECT * FROM "Consultation" WHERE ${byPatient}`;'),
    r('prisma.$queryRaw`SELECT * FROM "Consultation" WHERE status = ${"open"} AND ${Prisma.sql`"patientId" = ${session.user.id}`}`;'),
    r('declare const filter: Prisma.Sql;\nprisma.$queryRaw`SELECT * FROM "Consultation" WHERE ${filter}`;'),
    // a tag that only looks like Prisma's
    r('declare const other: { $queryRaw(s: TemplateStringsArray, ...v: unknown[]): void };\nother.$queryRaw`SELECT * FROM "Consultation"`;'),
    // a relation-path owner through a JOIN on the related table
    r('prisma.$queryRaw(Prisma.sql`SELECT r.* FROM "Recording" r JOIN "Consultation" c ON c.id = r."consultationId" WHERE c."patientId" = ${session.user.id}`);'),
    // pg: text + values, snake_case columns and plural table names, the { text, values } form, IN
    r("pool.query('SELECT * FROM consultations WHERE patient_id = $1', [session.user.id]);"),
    r("client.query({ text: 'UPDATE consultations SET status = $1 WHERE clinician_id = $2', values: ['closed', session.user.id] });"),
    r("pool.query('SELECT * FROM consultations WHERE patient_id IN ($1) OR clinician_id = $2', [session.user.id, session.user.id]);"),
    r("pool.query('SELECT * FROM invoices WHERE clinic_id = $1', [session.user.clinicId]);"),
    // Drizzle: tables and columns interpolated into sql templates
    r('db.execute(sql`select * from ${consultations} where ${consultations.patientId} = ${session.user.id}`);'),
    // Kysely: sql templates executed on a Kysely instance
    r('ksql`select * from "Consultation" where "patientId" = ${session.user.id}`.execute(kdb);'),
    // public and unannotated tables, SQL that is not a statement over a table, look-alikes
    r("pool.query('SELECT * FROM \"Medication\"');"),
    r("pool.query('SELECT now()');"),
    r('declare const api: { query(text: string): void };\napi.query("SELECT * FROM consultations");'),
  ],
  invalid: [
    (() => {
      const code = r('prisma.$queryRaw(Prisma.sql`SELECT * FROM "Consultation" WHERE id = ${"c1"}`);');
      return { code, errors: [missingOwner(code, '$queryRaw', 'Consultation', '$queryRaw', OWNERS, 'return')] };
    })(),
    (() => {
      const code = r('prisma.$queryRaw`SELECT * FROM "Consultation" WHERE id = ${"c1"}`;');
      return { code, errors: [missingOwner(code, '$queryRaw', 'Consultation', '$queryRaw', OWNERS, 'return')] };
    })(),
    (() => {
      const code = r('async function purge() {\n  await prisma.$transaction(async (tx) => { await tx.$executeRaw`DELETE FROM "Consultation" WHERE status = ${"closed"}`; });\n}');
      return { code, errors: [missingOwner(code, '$executeRaw', 'Consultation', '$executeRaw', OWNERS, 'change')] };
    })(),
    (() => {
      // a spliced fragment that filters by something else
      const code = r('const open = Prisma.sql`status = ${"open"}`;\nprisma.$queryRaw`SELECT * FROM "Consultation" WHERE ${open}`;');
      return { code, errors: [missingOwner(code, '$queryRaw', 'Consultation', '$queryRaw', OWNERS, 'return')] };
    })(),
    (() => {
      // IDOR through a tagged template's bound value
      const code = r('prisma.$queryRaw`SELECT * FROM "Consultation" WHERE "patientId" = ${req.params.patientId}`;');
      return { code, errors: [fromRequest(code, 'req.params.patientId', 'Consultation', '$queryRaw', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      const code = r('prisma.$executeRawUnsafe(\'DELETE FROM "Consultation" WHERE id = $1\', "c1");');
      return { code, errors: [missingOwner(code, '$executeRawUnsafe', 'Consultation', '$executeRawUnsafe', OWNERS, 'change')] };
    })(),
    (() => {
      const code = r('prisma.$queryRaw(Prisma.sql`SELECT * FROM "Recording" WHERE "consultationId" = ${"c1"}`);');
      return { code, errors: [missingOwner(code, '$queryRaw', 'Recording', '$queryRaw', '`consultation.patientId`', 'return')] };
    })(),
    (() => {
      // IDOR through a bound value
      const code = r("pool.query('SELECT * FROM consultations WHERE patient_id = $1', [req.params.patientId]);");
      return { code, errors: [fromRequest(code, 'req.params.patientId', 'Consultation', 'query', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      // an OR branch without the owner
      const code = r("pool.query('SELECT * FROM consultations WHERE patient_id = $1 OR status = $2', [session.user.id, 'open']);");
      return { code, errors: [orBranch(code, "'SELECT * FROM consultations WHERE patient_id = $1 OR status = $2'", 'Consultation', 'query', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = r("client.query({ text: 'DELETE FROM consultations' });");
      return { code, errors: [missingOwner(code, 'query', 'Consultation', 'query', OWNERS, 'change')] };
    })(),
    (() => {
      const code = r("pool.query('SELECT * FROM invoices WHERE id = $1', ['i1']);");
      return { code, errors: [missingTenant(code, 'query', 'Invoice', 'query', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = r("db.execute(sql`select * from ${consultations} where status = 'open'`);");
      return { code, errors: [missingOwner(code, 'execute', 'consultations', 'execute', OWNERS, 'return')] };
    })(),
    (() => {
      const code = r('ksql`delete from "Consultation"`.execute(kdb);');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
  ],
});

