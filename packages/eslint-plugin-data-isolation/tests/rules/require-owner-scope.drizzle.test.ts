// Drizzle ORM (pg, mysql, sqlite) against drizzle-orm's real published types. Tables and their
// owners are declared in tests/fixtures/drizzle/schema.ts with JSDoc (`/** @owner patientId */`).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { fixturesDir, typedRuleTester } from '../RuleTester';
import { configProblem, fromRequest, missingOwner, missingTenant, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'drizzle'));

const d = (body: string) => `import { and, eq, inArray, or, gt, sql } from 'drizzle-orm';
import { db, mysqlDb, sqliteDb } from './db';
import { auditEvents, consultations, invoices, labResults, medications, notes, typoed } from './schema';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

ruleTester.run('require-owner-scope (drizzle)', rule, {
  valid: [
    // select … where eq(owner, user), with either owner
    d('db.select().from(consultations).where(eq(consultations.patientId, session.user.id));'),
    d('db.select({ id: consultations.id }).from(consultations).where(eq(consultations.clinicianId, session.user.id));'),
    // and(): any scoped conjunct; or(): every branch scoped
    d('db.select().from(consultations).where(and(eq(consultations.status, "open"), eq(consultations.patientId, session.user.id)));'),
    d('db.select().from(consultations).where(or(eq(consultations.patientId, session.user.id), eq(consultations.clinicianId, session.user.id)));'),
    // inArray, reversed eq, a const condition, a local helper
    d('db.select().from(consultations).where(inArray(consultations.patientId, [session.user.id]));'),
    d('db.select().from(consultations).where(eq(session.user.id, consultations.patientId));'),
    d('const mine = eq(consultations.patientId, session.user.id);\ndb.select().from(consultations).where(mine);'),
    d('const mine = (uid: string) => eq(consultations.patientId, uid);\ndb.select().from(consultations).where(mine(session.user.id));'),
    // callback form of select's where (the selected fields)
    d('db.select().from(consultations).where((c) => eq(c.patientId, session.user.id));'),
    // update / delete scoped; returning() after where
    d('db.update(consultations).set({ status: "closed" }).where(eq(consultations.patientId, session.user.id));'),
    d('db.delete(consultations).where(eq(consultations.clinicianId, session.user.id)).returning();'),
    // relational queries: SQL and callback forms
    d('db.query.consultations.findMany({ where: eq(consultations.patientId, session.user.id) });'),
    d('db.query.consultations.findFirst({ where: (c, { eq, and }) => and(eq(c.id, "c1"), eq(c.clinicianId, session.user.id)) });'),
    // tenant-scoped table with the user's tenant
    d('db.select().from(invoices).where(eq(invoices.clinicId, session.user.clinicId));'),
    // public and unannotated tables are not checked
    d('db.select().from(medications);'),
    d('db.delete(auditEvents);'),
    // mysql and sqlite tables
    d('mysqlDb.select().from(labResults).where(eq(labResults.patientId, session.user.id));'),
    d('sqliteDb.delete(notes).where(eq(notes.authorId, session.user.id));'),
    // insert with the owner from the session
    d('db.insert(consultations).values({ id: "c1", patientId: session.user.id, clinicianId: "x", status: "open" });'),
    // look-alikes: a Map's delete, an object with select/from/where
    d('const cache = new Map<string, number>();\ncache.delete("k");'),
    d('declare const q: { select(): { from(t: unknown): { where(c: unknown): void } } };\nq.select().from(consultations).where(undefined);'),
  ],
  invalid: [
    (() => {
      const code = d('db.select().from(consultations).where(eq(consultations.status, "open"));');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    (() => {
      const code = d('db.select().from(consultations);');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    (() => {
      // a join's column does not scope the queried table
      const code = d('db.select().from(consultations).leftJoin(invoices, eq(invoices.patientId, consultations.patientId)).where(eq(invoices.patientId, session.user.id));');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    (() => {
      const code = d('db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, "c1"));');
      return { code, errors: [missingOwner(code, 'update', 'consultations', 'update', OWNERS, 'change')] };
    })(),
    (() => {
      const code = d('db.delete(consultations);');
      return { code, errors: [missingOwner(code, 'delete', 'consultations', 'delete', OWNERS, 'change')] };
    })(),
    (() => {
      // or(): a branch without the owner
      const code = d('db.select().from(consultations).where(or(eq(consultations.patientId, session.user.id), gt(consultations.startsAt, new Date())));');
      return { code, errors: [orBranch(code, 'gt(consultations.startsAt, new Date())', 'consultations', 'select', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = d('db.query.consultations.findMany({ where: (c, { eq }) => eq(c.status, "open") });');
      return { code, errors: [missingOwner(code, 'findMany', 'consultations', 'findMany', OWNERS, 'return')] };
    })(),
    (() => {
      const code = d('db.query.consultations.findFirst();');
      return { code, errors: [missingOwner(code, 'findFirst', 'consultations', 'findFirst', OWNERS, 'return')] };
    })(),
    (() => {
      // IDOR: the owner value comes from the request
      const code = d('db.select().from(consultations).where(eq(consultations.patientId, req.params.patientId));');
      return { code, errors: [fromRequest(code, 'req.params.patientId', 'consultations', 'select', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      const code = d('db.select().from(invoices).where(eq(invoices.patientId, session.user.id));');
      return { code, errors: [missingTenant(code, 'select', 'invoices', 'select', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = d('mysqlDb.select().from(labResults);');
      return { code, errors: [missingOwner(code, 'select', 'labResults', 'select', '`patientId`', 'return')] };
    })(),
    (() => {
      const code = d('sqliteDb.update(notes).set({ authorId: "x" });');
      return { code, errors: [missingOwner(code, 'update', 'notes', 'update', '`authorId`', 'change')] };
    })(),
    (() => {
      // a tag naming a column the table does not have: one configProblem, naming the file and table
      const code = d('db.select().from(typoed);\ndb.select().from(typoed);');
      return { code, errors: [configProblem(code, 'select', 'tests/fixtures/drizzle/schema.ts:49: @owner/@tenant path `patiantId` on table typoed is invalid: typoed has no field `patiantId`; did you mean `patientId`?')] };
    })(),
  ],
});

// Settings name tables by their const (or SQL) name, in a project that also has a Prisma schema
// (tests/fixtures/schema.prisma): names the schema does not declare, and that are not close to one of
// its models (a typo), are left to the adapters.
const settingsTester = typedRuleTester(join(fixturesDir, 'drizzle'), {
  'data-isolation': { models: { auditEvents: { owner: 'actorId' }, labResults: { owner: 'id' } } },
});
settingsTester.run('require-owner-scope (drizzle, settings)', rule, {
  valid: [
    d('db.select().from(auditEvents).where(eq(auditEvents.actorId, session.user.id));'),
    d('mysqlDb.select().from(labResults).where(eq(labResults.id, session.user.id));'),
  ],
  invalid: [
    (() => {
      const code = d('db.delete(auditEvents);');
      return { code, errors: [missingOwner(code, 'delete', 'auditEvents', 'delete', '`actorId`', 'change')] };
    })(),
    (() => {
      // settings win over the table's JSDoc (`@owner patientId`)
      const code = d('mysqlDb.select().from(labResults).where(eq(labResults.patientId, session.user.id));');
      return { code, errors: [missingOwner(code, 'select', 'labResults', 'select', '`id`', 'return')] };
    })(),
  ],
});
