// Drizzle ORM (pg, mysql, sqlite) against drizzle-orm's real published types. Tables and their
// owners are declared in tests/fixtures/drizzle/schema.ts with JSDoc (`/** @owner patientId */`).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { configProblem, fromRequest, missingOwner, missingTenant, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'drizzle'));

const d = (body: string) => `import { and, eq, exists, inArray, or, gt, sql } from 'drizzle-orm';
import { db, mysqlDb, sqliteDb } from './db';
import { auditEvents, consultations, invoices, items, labResults, medications, notes, orders, returns, shipments, typoed, visits } from './schema';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';
const ITEM = '`order.customerId`';
const MY_ORDERS = 'db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, session.user.id))';

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
    // callback groups: or() nested in and(), in the relational callback and in select's callback
    d('db.query.consultations.findMany({ where: (c, { eq, and, or }) => and(eq(c.status, "open"), or(eq(c.patientId, session.user.id), eq(c.clinicianId, session.user.id))) });'),
    d('db.select().from(consultations).where((c) => and(eq(c.status, "open"), or(eq(c.patientId, session.user.id), eq(c.clinicianId, session.user.id))));'),
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
    // relation-path owners (`@owner order.customerId`, `order` declared with relations()): a join along
    // the relation, in either order, with the owner in the where or in an inner join's condition
    d('db.select().from(items).innerJoin(orders, eq(items.orderId, orders.id)).where(eq(orders.customerId, session.user.id));'),
    d('db.select().from(items).leftJoin(orders, eq(orders.id, items.orderId)).where(and(eq(items.sku, "x"), eq(orders.customerId, session.user.id)));'),
    d('db.select().from(items).innerJoin(orders, and(eq(items.orderId, orders.id), eq(orders.customerId, session.user.id)));'),
    // a subquery selecting the related key: inArray/eq, also in a delete and a relational query
    d(`db.select().from(items).where(inArray(items.orderId, ${MY_ORDERS}));`),
    d(`db.delete(items).where(inArray(items.orderId, ${MY_ORDERS})).returning();`),
    d(`db.query.items.findMany({ where: (item, { inArray }) => inArray(item.orderId, ${MY_ORDERS}) });`),
    d(`const mine = ${MY_ORDERS};\ndb.update(items).set({ sku: "y" }).where(eq(items.orderId, mine));`),
    // exists() tied to the row by the relation
    d('db.select().from(items).where(exists(db.select().from(orders).where(and(eq(orders.id, items.orderId), eq(orders.customerId, session.user.id)))));'),
    // update … from (pg), linked in the where
    d('db.update(items).set({ sku: "y" }).from(orders).where(and(eq(items.orderId, orders.id), eq(orders.customerId, session.user.id)));'),
    // two hops: shipments → item → order
    d('db.select().from(shipments).innerJoin(items, eq(shipments.itemId, items.id)).innerJoin(orders, eq(items.orderId, orders.id)).where(eq(orders.customerId, session.user.id));'),
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
      // the relational callback's or() nested in and(): its branch without the owner
      const code = d('db.query.consultations.findMany({ where: (c, { eq, and, or }) => and(eq(c.status, "open"), or(eq(c.patientId, session.user.id), eq(c.id, "c1"))) });');
      return { code, errors: [orBranch(code, 'eq(c.id, "c1")', 'consultations', 'findMany', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = d('db.query.consultations.findMany({ where: (c, { eq, and }) => and(eq(c.status, "open"), eq(c.id, "c1")) });');
      return { code, errors: [missingOwner(code, 'findMany', 'consultations', 'findMany', OWNERS, 'return')] };
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
      // a column compared with another column is not the user's
      const code = d('db.select().from(consultations).where(eq(consultations.patientId, consultations.clinicianId));');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    (() => {
      // relation-path owner: the foreign key alone does not scope
      const code = d('db.select().from(items).where(eq(items.orderId, req.params.orderId));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      const code = d('db.select().from(items).innerJoin(orders, eq(items.orderId, orders.id)).where(eq(orders.status, "open"));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      // joined on columns that are not the relation's
      const code = d('db.select().from(items).innerJoin(orders, eq(items.sku, orders.id)).where(eq(orders.customerId, session.user.id));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      // a left join's condition does not filter the items
      const code = d('db.select().from(items).leftJoin(orders, and(eq(items.orderId, orders.id), eq(orders.customerId, session.user.id)));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      // the subquery selects another column than the relation references
      const code = d('db.select().from(items).where(inArray(items.orderId, db.select({ id: orders.customerId }).from(orders).where(eq(orders.customerId, session.user.id))));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      // a subquery without a where: both queries are unscoped
      const code = d('db.delete(items).where(inArray(items.orderId, db.select({ id: orders.id }).from(orders)));');
      return { code, errors: [missingOwner(code, 'delete', 'items', 'delete', ITEM, 'change'), missingOwner(code, 'select', 'orders', 'select', '`customerId`', 'return')] };
    })(),
    (() => {
      // an OR in the subquery: the branch is reported for both queries
      const code = d('db.select().from(items).where(inArray(items.orderId, db.select({ id: orders.id }).from(orders).where(or(eq(orders.customerId, session.user.id), eq(orders.status, "open")))));');
      return {
        code,
        errors: [
          orBranch(code, 'eq(orders.status, "open")', 'items', 'select', ITEM, 'returned'),
          orBranch(code, 'eq(orders.status, "open")', 'orders', 'select', '`customerId`', 'returned'),
        ],
      };
    })(),
    (() => {
      // IDOR through the relation
      const code = d('db.select().from(items).innerJoin(orders, eq(items.orderId, orders.id)).where(eq(orders.customerId, req.params.customerId));');
      return { code, errors: [fromRequest(code, 'req.params.customerId', 'items', 'select', 'order.customerId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      // exists() not tied to the row: any order of the user's lets every item through
      const code = d('db.select().from(items).where(exists(db.select().from(orders).where(eq(orders.customerId, session.user.id))));');
      return { code, errors: [missingOwner(code, 'select', 'items', 'select', ITEM, 'return')] };
    })(),
    (() => {
      // drizzle-orm 0.x relational queries cannot filter by a relation; the key alone does not scope
      const code = d('db.query.items.findMany({ where: (item, { eq }) => eq(item.orderId, "o1"), with: { order: true } });');
      return { code, errors: [missingOwner(code, 'findMany', 'items', 'findMany', ITEM, 'return')] };
    })(),
    (() => {
      // a relation path whose first step is not a declared relation
      const code = d('db.select().from(returns);');
      return { code, errors: [configProblem(code, 'select', 'tests/fixtures/drizzle/schema.ts:80: @owner/@tenant path `ordr.customerId` on table returns is invalid: returns has no relation `ordr`; did you mean `order`?')] };
    })(),
    (() => {
      const code = d('db.select().from(visits);');
      return { code, errors: [configProblem(code, 'select', "tests/fixtures/drizzle/schema.ts:97: @owner/@tenant path `patient.userId` on table visits is invalid: visits has no relation `patient`; a relation path must start with a one() relation declared with fields and references in relations(visits, …), in the table's module or in the schema passed to drizzle().")] };
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

// Conditions collected in a list (dokploy's `const baseConditions = [eq(projects.organizationId, …)]`,
// pushed to under `if`s, then `and(...baseConditions)`): what the list is declared with always holds.
const collected = (init: string, rest = '') => d(`export function list(q?: string) {
  const conditions = [${init}];
  if (q) conditions.push(eq(consultations.status, q));${rest}
  return db.select().from(consultations).where(and(...conditions));
}`);
const orOfCollected = d(`export function list(q?: string) {
  const conditions = [eq(consultations.patientId, session.user.id)];
  if (q) conditions.push(eq(consultations.status, q));
  return db.select().from(consultations).where(or(...conditions));
}`);
ruleTester.run('require-owner-scope (drizzle: conditions collected in a list)', rule, {
  valid: [collected('eq(consultations.patientId, session.user.id)'), collected('eq(consultations.status, "open"), eq(consultations.clinicianId, session.user.id)')],
  invalid: [
    // the owner condition only pushed under a condition
    (() => {
      const code = collected('eq(consultations.status, "open")', '\n  if (session.user.id) conditions.push(eq(consultations.patientId, session.user.id));');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    // a list emptied before it is used
    (() => {
      const code = collected('eq(consultations.patientId, session.user.id)', '\n  conditions.splice(0, 1);');
      return { code, errors: [missingOwner(code, 'select', 'consultations', 'select', OWNERS, 'return')] };
    })(),
    // or(...list): an alternative that cannot be read may match anyone's rows (reported when asked to)
    {
      code: orOfCollected,
      options: [{ reportUnverifiable: true }],
      errors: [{ messageId: 'unverifiableScope' as const, ...at(orOfCollected, 'select'), data: { operation: 'select', model: 'consultations', fields: OWNERS } }],
    },
  ],
});

// A service that changes one item by the id its callers pass and reads the item's order by the key the
// write returned (`updated[0]` of `.returning()`; dokploy's updateCertificate): the callers prove the id,
// and with it the row's keys. Written by something other than its id, the row's key is not theirs.
const orderOfRenamed = (by: string) => d(`export async function rename(key: string) {
  const updated = await db.update(items).set({ sku: 'x' }).where(eq(${by}, key)).returning();
  return db.query.orders.findFirst({ where: eq(orders.id, updated[0].orderId) });
}`);
const orderOfRenamedRow = d(`export async function rename(itemId: string) {
  const updated = await db.update(items).set({ sku: 'x' }).where(eq(items.id, itemId)).returning();
  const [item] = updated;
  const first = updated[0];
  return [await db.query.orders.findFirst({ where: eq(orders.id, first.orderId) }), item];
}`);
const orderOfRenamedBySku = orderOfRenamed('items.sku');
ruleTester.run('require-owner-scope (drizzle: keys of a row its callers select by id)', rule, {
  valid: [orderOfRenamed('items.id'), orderOfRenamedRow],
  invalid: [{ code: orderOfRenamedBySku, errors: [missingOwner(orderOfRenamedBySku, 'findFirst', 'orders', 'findFirst', '`customerId`', 'return')] }],
});

// A row held in a `let` that every assignment before the query proves (as for Prisma, see proofs.test.ts).
const orderInLet = (other: string) => d(`export async function rename() {
  const orderId = String(req.params.id);
  let order: { id: string } | undefined;
  if (req.query.mine) order = await db.query.orders.findFirst({ where: and(eq(orders.id, orderId), eq(orders.customerId, session.user.id)) });
  else order = ${other};
  if (order) await db.update(orders).set({ customerId: session.user.id }).where(eq(orders.id, order.id));
}`);
const orderInLetAnyone = orderInLet(`await db.query.orders.findFirst({ where: eq(orders.id, orderId) })`);
ruleTester.run('require-owner-scope (drizzle: a row held in a let)', rule, {
  valid: [orderInLet(`(await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.customerId, session.user.id))))[0]`)],
  invalid: [
    {
      code: orderInLetAnyone,
      errors: [missingOwner(orderInLetAnyone, 'findFirst', 'orders', 'findFirst', '`customerId`', 'return', 2), missingOwner(orderInLetAnyone, 'update', 'orders', 'update', '`customerId`', 'change')],
    },
  ],
});
