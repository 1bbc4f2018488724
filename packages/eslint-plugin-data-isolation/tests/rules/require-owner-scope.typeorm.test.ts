// TypeORM against its real published types: Repository<E>, EntityManager and the QueryBuilder.
// Entities and their owners are declared in tests/fixtures/typeorm/entities.ts (`/** @owner … */`).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { assignedFromRequest, configProblem, filterFromRequest, fromRequest, missingOwner, missingTenant, nestQuery, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'typeorm'));

const t = (body: string) => `import { Brackets, DataSource, Equal, In, Not, NotBrackets, Repository, type EntityManager, type FindOptionsWhere, type WhereExpressionBuilder } from 'typeorm';
import { Conflicted, Consultation, ConsultationRepository, Drug, Invoice, Recording, Setting } from './entities';
declare const repo: Repository<Consultation>;
declare const recordings: Repository<Recording>;
declare const invoices: Repository<Invoice>;
declare const manager: EntityManager;
declare const dataSource: DataSource;
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

// Calls on `this` inside a custom repository (`class X extends Repository<E>`).
const own = (method: string) => t(`class Consultations extends Repository<Consultation> {
  ${method}
}`);
const RECORDING = '`consultation.patientId`';
const strict = [{ reportUnverifiable: true }] as const;

/** A NestJS controller whose `list` is given the query string as a DTO (`@Query() query`), and the signed-in user. */
const nest = (body: string, dto?: string) => t(nestQuery(body, dto));
const NEST_QUERY = 'NestJS `@Query()`';
// The OWNER condition, as a QueryBuilder condition.
const MINE = '"c.patientId = :uid", { uid: session.user.id }';

ruleTester.run('require-owner-scope (typeorm)', rule, {
  valid: [
    // remove/save of an entity read with its owner: the read is what is checked
    t(`export async function f(id: string) { const rec = await repo.findOneBy({ id, patientId: session.user.id }); if (!rec) throw new Error('x'); await repo.remove(rec); await repo.softRemove(rec); rec.status = 'x'; await repo.save(rec); }`),
    // a QueryBuilder built across statements of one function
    t('async function list(x: boolean) {\n  const q = repo.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id });\n  if (x) q.andWhere("c.status = :s", { s: "open" });\n  return q.getMany();\n}'),
    t('async function list(x: boolean) {\n  let query = repo.createQueryBuilder("c");\n  query = query.where("c.status = :s", { s: "open" });\n  query = query.andWhere("c.clinicianId = :uid", { uid: session.user.id });\n  return query.getMany();\n}'),
    // an owner condition skipped only for callers who hold a permission (they may see every row)
    t('declare function hasPermission(user: { id: string }, p: string): boolean;\nasync function list() {\n  let query = repo.createQueryBuilder("c").where("c.status = :s", { s: "open" });\n  if (!hasPermission(session.user, "VIEW_ALL")) {\n    query = query.andWhere("c.patientId = :uid", { uid: session.user.id });\n  }\n  return query.getMany();\n}'),
    t('declare function isAdmin(user: { id: string }): boolean;\nasync function list() {\n  const q = repo.createQueryBuilder("c");\n  if (isAdmin(session.user)) {} else q.andWhere("c.patientId = :uid", { uid: session.user.id });\n  return q.getMany();\n}'),
    // a relation property of the alias (`alias.relation.column`) names the relation's column
    t('recordings.createQueryBuilder("r").where("r.consultation.patientId = :uid", { uid: session.user.id }).getMany();'),
    // an OR inside brackets stays inside its clause
    t('repo.createQueryBuilder("c").where("(c.status = \'a\' OR c.status = \'b\')").andWhere("c.patientId = :uid", { uid: session.user.id }).getMany();'),
    // Brackets: a group is one parenthesised clause, read like the builder's own conditions
    t(`repo.createQueryBuilder("c").where(new Brackets((qb) => qb.where(${MINE}).orWhere("c.clinicianId = :uid", { uid: session.user.id }))).getMany();`),
    t(`repo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere(new Brackets((qb) => { qb.where(${MINE}); })).getMany();`),
    // its inner OR stays inside: the owner condition AND-ed after the group narrows all of it
    t(`repo.createQueryBuilder("c").where(new Brackets((qb) => { qb.where("c.status = 'a'").orWhere("c.status = 'b'"); })).andWhere(${MINE}).getMany();`),
    t(`repo.createQueryBuilder("c").where(${MINE}).andWhere(new Brackets(function (qb) { qb.where("c.status = 'a'"); qb.orWhere("c.status = 'b'"); })).getMany();`),
    // nested groups, and a NotBrackets next to the owner condition
    t(`repo.createQueryBuilder("c").where(new Brackets((qb) => qb.where(new Brackets((inner) => inner.where(${MINE}))))).getMany();`),
    t(`repo.createQueryBuilder("c").where(${MINE}).andWhere(new NotBrackets((qb) => qb.where("c.status = 'x'"))).getMany();`),
    // an unreadable group (a helper) AND-ed with the rest may be what scopes it: only strict reports it
    t('declare function mine(qb: WhereExpressionBuilder): void;\nrepo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere(new Brackets(mine)).getMany();'),
    // filterFromRequest: request values with the owner from the session, written after them
    nest('return repo.find({ where: { ...query, patientId: session.user.id } });'),
    nest('return repo.findBy({ status: query.status, clinicianId: session.user.id });'),
    // a spread whose type cannot carry the owner does not override it
    nest('return repo.find({ where: { patientId: session.user.id, ...query } });', 'status?: string'),
    // a where of unknown origin (a helper's parameter) stays unverifiable
    t('export function list(where: FindOptionsWhere<Consultation>) { return repo.find({ where }); }'),
    own('mine(uid: string) { return this.findOneBy({ id: "c1", patientId: uid }); }'),
    own('list() { return this.find({ where: { clinicianId: session.user.id } }); }'),
    own('list() { return this.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id }).getMany(); }'),
    t('repo.find({ where: { patientId: session.user.id } });'),
    t('repo.findOne({ where: { id: "c1", clinicianId: session.user.id } });'),
    t('repo.findBy({ patientId: session.user.id });'),
    // TypeORM 1.x throws on an `undefined` where value by default (invalidWhereValuesBehavior): nothing leaks
    t('declare const maybe: { user?: { id: string } };\nrepo.findBy({ patientId: maybe.user?.id });'),
    t('repo.findOneBy({ id: "c1", patientId: In([session.user.id]) });'),
    t('repo.count({ where: { patientId: Equal(session.user.id) } });'),
    // an array is OR: every element scoped
    t('repo.find({ where: [{ patientId: session.user.id }, { clinicianId: session.user.id }] });'),
    // relation-path owner through a relation filter
    t('recordings.find({ where: { consultation: { patientId: session.user.id } } });'),
    t('repo.update({ id: "c1", patientId: session.user.id }, { status: "closed" });'),
    t('repo.delete({ patientId: session.user.id });'),
    t('repo.softDelete({ clinicianId: session.user.id });'),
    // a const where, a custom repository class, a repository from a DataSource
    t('const where = { patientId: session.user.id };\nrepo.find({ where });'),
    t('declare const custom: ConsultationRepository;\ncustom.findBy({ patientId: session.user.id });'),
    t('dataSource.getRepository(Consultation).findOneBy({ patientId: session.user.id });'),
    // EntityManager: the entity is the first argument
    t('manager.find(Consultation, { where: { patientId: session.user.id } });'),
    t('manager.delete(Consultation, { clinicianId: session.user.id });'),
    // QueryBuilder: SQL conditions with named parameters, joins along a relation path
    t('repo.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id }).getMany();'),
    t('repo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere("c.clinicianId = :uid", { uid: session.user.id }).getOne();'),
    t('recordings.createQueryBuilder("r").innerJoin("r.consultation", "k").where("k.patientId = :uid", { uid: session.user.id }).getMany();'),
    t('repo.createQueryBuilder("c").where({ patientId: session.user.id }).getCount();'),
    // `from(E, alias)` names the alias the conditions use
    t('dataSource.createQueryBuilder().select("k").from(Consultation, "k").where("k.patientId = :uid", { uid: session.user.id }).getMany();'),
    // QueryBuilder writes: a repository's builder, a DataSource's builder with the entity in update()/from()
    t('repo.createQueryBuilder().update().set({ status: "closed" }).where("patientId = :uid", { uid: session.user.id }).execute();'),
    t('dataSource.createQueryBuilder().update(Consultation).set({ status: "closed" }).where("id = :id", { id: req.params.id }).andWhere("clinicianId = :uid", { uid: session.user.id }).execute();'),
    t('dataSource.createQueryBuilder().update(Consultation, { status: "closed" }).where({ patientId: session.user.id }).execute();'),
    t('dataSource.createQueryBuilder().delete().from(Consultation, "c").where("c.patientId = :uid", { uid: session.user.id }).returning("id").execute();'),
    t('manager.createQueryBuilder(Consultation, "c").delete().where("c.clinicianId = :uid", { uid: session.user.id }).execute();'),
    // softDelete()/restore() type their builder `any`: the entity is the repository's
    t('repo.createQueryBuilder("c").softDelete().where("c.patientId = :uid", { uid: session.user.id }).execute();'),
    t('repo.createQueryBuilder().restore().where({ clinicianId: session.user.id }).execute();'),
    // an id condition next to the owner's
    t('repo.createQueryBuilder().delete().whereInIds(req.params.id).andWhere("patientId = :uid", { uid: session.user.id }).execute();'),
    t('invoices.createQueryBuilder().delete().where("clinicId = :c", { c: session.user.clinicId }).execute();'),
    // insert builder: the owner written from the session
    t('dataSource.createQueryBuilder().insert().into(Consultation).values({ patientId: session.user.id, clinicianId: "x", status: "open" }).execute();'),
    // building without running is not a query
    t('repo.createQueryBuilder().update().set({ status: "closed" }).getQuery();'),
    t('declare const qb: { update(): { set(v: unknown): { where(c: string): { execute(): void } } } };\nqb.update().set({ patientId: req.body.x }).where("1 = 1").execute();'),
    // tenant, public and unannotated entities
    t('invoices.find({ where: { clinicId: session.user.clinicId } });'),
    t('manager.find(Drug);'),
    t('manager.delete(Setting, {});'),
    // look-alikes: a Map's delete, a home-made repository
    t('const cache = new Map<string, number>();\ncache.delete("k");'),
    t('declare const fake: { find(o: unknown): void };\nfake.find({ where: {} });'),
  ],
  invalid: [
    (() => {
      // a Brackets group without the owner, next to no owner condition (accepted before Brackets were read)
      const code = t('repo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere(new Brackets((qb) => qb.where("c.id = :id", { id: "c1" }).orWhere("c.status = :t", { t: "x" }))).getMany();');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      // an OR inside the group: its branch without the owner
      const code = t(`repo.createQueryBuilder("c").where(new Brackets((qb) => { qb.where(${MINE}).orWhere("c.status = :s", { s: "open" }); })).getMany();`);
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // a group in an orWhere widens the query: pointed at as a whole
      const code = t(`repo.createQueryBuilder("c").where(${MINE}).orWhere(new Brackets((qb) => qb.where("c.status = :s", { s: "open" }).andWhere("c.id = :id", { id: "c1" }))).getMany();`);
      return { code, errors: [orBranch(code, 'new Brackets((qb) => qb.where("c.status = :s", { s: "open" }).andWhere("c.id = :id", { id: "c1" }))', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // NotBrackets negates the owner condition: it restricts nothing
      const code = t(`repo.createQueryBuilder("c").where(new NotBrackets((qb) => qb.where(${MINE}))).getMany();`);
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      // an unreadable group in an orWhere cannot scope the query: the other branch decides
      const code = t('declare function mine(qb: WhereExpressionBuilder): void;\nrepo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).orWhere(new Brackets(mine)).getMany();');
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // strict: an unreadable group (a helper, an `if` in the callback) cannot be verified
      const code = t('declare function mine(qb: WhereExpressionBuilder): void;\nrepo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere(new Brackets(mine)).getMany();');
      return { code, options: strict, errors: [{ messageId: 'unverifiableScope' as const, ...at(code, 'getMany'), data: { model: 'Consultation', operation: 'getMany', verb: 'return', fields: OWNERS } }] };
    })(),
    (() => {
      // strict: a readable group is read through (its owner value is judged, not the group)
      const code = t(`repo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).andWhere(new Brackets((qb) => { qb.where(${MINE}); })).getMany();`);
      return { code, options: strict, errors: [{ messageId: 'unverifiedOwnerValue' as const, ...at(code, 'session.user.id'), data: { model: 'Consultation', operation: 'getMany', field: 'patientId', reason: '`session` is not initialised where it is declared' } }] };
    })(),
    (() => {
      const code = t(`declare const x: boolean;\nrepo.createQueryBuilder("c").where(new Brackets((qb) => { if (x) qb.where(${MINE}); })).getMany();`);
      return { code, options: strict, errors: [{ messageId: 'unverifiableScope' as const, ...at(code, 'getMany'), data: { model: 'Consultation', operation: 'getMany', verb: 'return', fields: OWNERS } }] };
    })(),
    (() => {
      // filterFromRequest: the query string as the where (the caller picks the owner, or none)
      const code = nest('return repo.find({ where: query });');
      return { code, errors: [filterFromRequest(code, 'query', 'Consultation', 'find', OWNERS, NEST_QUERY, 'return', 2)] };
    })(),
    (() => {
      const code = nest('return repo.findBy(query);');
      return { code, errors: [filterFromRequest(code, 'query', 'Consultation', 'findBy', OWNERS, NEST_QUERY, 'return', 2)] };
    })(),
    (() => {
      // the owner written BEFORE the spread: the DTO's patientId overrides it
      const code = nest('return repo.find({ where: { patientId: session.user.id, ...query } });');
      return { code, errors: [filterFromRequest(code, 'query', 'Consultation', 'find', OWNERS, NEST_QUERY, 'return', 2)] };
    })(),
    (() => {
      const code = t('repo.findBy(req.query as FindOptionsWhere<Consultation>);');
      // pointed at the request value, inside its type assertion
      return { code, errors: [filterFromRequest(code, 'req.query', 'Consultation', 'findBy', OWNERS, '`req.query`', 'return')] };
    })(),
    (() => {
      // an OR added in a later statement widens the query
      const code = t('async function list() {\n  const q = repo.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id });\n  q.orWhere("c.status = :s", { s: "open" });\n  return q.getMany();\n}');
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // the owner condition is added only under an `if`: it does not always apply
      const code = t('async function list(mine: boolean) {\n  let q = repo.createQueryBuilder("c").where("c.status = :s", { s: "open" });\n  if (mine) q = q.andWhere("c.patientId = :uid", { uid: session.user.id });\n  return q.getMany();\n}');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      const code = own('byAccession({ accessionNumber }: { accessionNumber: string }) { return this.findOneBy({ id: accessionNumber }); }');
      return { code, errors: [missingOwner(code, 'findOneBy', 'Consultation', 'findOneBy', OWNERS, 'return')] };
    })(),
    (() => {
      const code = own('open() { return this.find({ where: { status: "open" } }); }');
      return { code, errors: [missingOwner(code, 'find', 'Consultation', 'find', OWNERS, 'return')] };
    })(),
    (() => {
      const code = own('open() { return this.createQueryBuilder("c").where("c.status = :s", { s: "open" }).getMany(); }');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      const code = t('repo.find({ where: { status: "open" } });');
      return { code, errors: [missingOwner(code, 'find', 'Consultation', 'find', OWNERS, 'return')] };
    })(),
    (() => {
      const code = t('repo.find();');
      return { code, errors: [missingOwner(code, 'find', 'Consultation', 'find', OWNERS, 'return')] };
    })(),
    (() => {
      // by primary key only
      const code = t('repo.delete(req.params.id);');
      return { code, errors: [missingOwner(code, 'delete', 'Consultation', 'delete', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('repo.findOneBy({ id: "c1", patientId: Not(session.user.id) });');
      return { code, errors: [missingOwner(code, 'findOneBy', 'Consultation', 'findOneBy', OWNERS, 'return')] };
    })(),
    (() => {
      // an array is OR: one element lacks the owner
      const code = t('repo.find({ where: [{ patientId: session.user.id }, { status: "open" }] });');
      return { code, errors: [orBranch(code, '{ status: "open" }', 'Consultation', 'find', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = t('recordings.find({ where: { consultationId: "c1" } });');
      return { code, errors: [missingOwner(code, 'find', 'Recording', 'find', RECORDING, 'return')] };
    })(),
    (() => {
      const code = t('repo.update({ id: "c1" }, { status: "closed" });');
      return { code, errors: [missingOwner(code, 'update', 'Consultation', 'update', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('repo.softDelete({ id: "c1" });');
      return { code, errors: [missingOwner(code, 'softDelete', 'Consultation', 'softDelete', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('manager.findOneBy(Consultation, { id: "c1" });');
      return { code, errors: [missingOwner(code, 'findOneBy', 'Consultation', 'findOneBy', OWNERS, 'return')] };
    })(),
    (() => {
      const code = t('repo.find({ where: { patientId: req.query.patientId as string } });');
      return { code, errors: [fromRequest(code, 'req.query.patientId as string', 'Consultation', 'find', 'patientId', '`req.query`', 'return', 'session.user.id')] };
    })(),
    (() => {
      const code = t('invoices.findBy({ id: "i1" });');
      return { code, errors: [missingTenant(code, 'findBy', 'Invoice', 'findBy', '`clinicId`', 'return')] };
    })(),
    (() => {
      // QueryBuilder: an orWhere without the owner makes the query unscoped
      const code = t('repo.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id }).orWhere("c.status = :s", { s: "open" }).getMany();');
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = t('repo.createQueryBuilder("c").where("c.status = :s", { s: "open" }).getMany();');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      const code = t('repo.createQueryBuilder("c").getOne();');
      return { code, errors: [missingOwner(code, 'getOne', 'Consultation', 'getOne', OWNERS, 'return')] };
    })(),
    (() => {
      // TypeORM joins clauses as text: an OR at the top level of one string splits the whole WHERE,
      // so the owner condition after it narrows only the second branch (overseerr e118501b)
      const code = t('repo.createQueryBuilder("c").where("c.status = \'a\' OR c.status = \'b\'").andWhere("c.patientId = :uid", { uid: session.user.id }).getMany();');
      return { code, errors: [orBranch(code, '"c.status = \'a\' OR c.status = \'b\'"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // the same across clauses: `A OR B AND owner` is `A OR (B AND owner)`
      const code = t('repo.createQueryBuilder("c").where("c.status = :s", { s: "a" }).orWhere("c.status = :t", { t: "b" }).andWhere("c.patientId = :uid", { uid: session.user.id }).getMany();');
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // a condition skipped under a test that is not the user's privilege narrows only sometimes
      const code = t('async function list(x: boolean) {\n  let query = repo.createQueryBuilder("c").where("c.status = :s", { s: "open" });\n  if (x) {\n    query = query.andWhere("c.patientId = :uid", { uid: session.user.id });\n  }\n  return query.getMany();\n}');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      // the owner condition is added for the privileged caller only: everyone else is unfiltered
      const code = t('declare function hasPermission(user: { id: string }, p: string): boolean;\nasync function list() {\n  let query = repo.createQueryBuilder("c").where("c.status = :s", { s: "open" });\n  if (hasPermission(session.user, "VIEW_ALL")) {\n    query = query.andWhere("c.patientId = :uid", { uid: session.user.id });\n  }\n  return query.getMany();\n}');
      return { code, errors: [missingOwner(code, 'getMany', 'Consultation', 'getMany', OWNERS, 'return')] };
    })(),
    (() => {
      // an orWhereInIds widens the select to rows picked by id alone
      const code = t('repo.createQueryBuilder("c").where("c.patientId = :uid", { uid: session.user.id }).orWhereInIds(["c1"]).getMany();');
      return { code, errors: [orBranch(code, '["c1"]', 'Consultation', 'getMany', OWNERS, 'returned')] };
    })(),
    (() => {
      // QueryBuilder writes without a where change the whole table
      const code = t('repo.createQueryBuilder().update().set({ status: "closed" }).execute();');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('dataSource.createQueryBuilder().delete().from(Consultation).where("id = :id", { id: req.params.id }).execute();');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('dataSource.createQueryBuilder(Consultation, "c").delete().where("c.status = :s", { s: "open" }).execute();');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
    (() => {
      // whereInIds: by primary key only
      const code = t('repo.createQueryBuilder().softDelete().whereInIds(req.params.id).execute();');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
    (() => {
      // a later where() replaces the owner condition
      const code = t('repo.createQueryBuilder().delete().where("patientId = :uid", { uid: session.user.id }).whereInIds(req.params.id).execute();');
      return { code, errors: [missingOwner(code, 'execute', 'Consultation', 'execute', OWNERS, 'change')] };
    })(),
    (() => {
      const code = t('repo.createQueryBuilder("c").restore().where("c.patientId = :uid", { uid: session.user.id }).orWhere("c.status = :s", { s: "deleted" }).execute();');
      return { code, errors: [orBranch(code, '"c.status = :s"', 'Consultation', 'execute', OWNERS, 'changed')] };
    })(),
    (() => {
      const code = t('invoices.createQueryBuilder().update().set({ clinicId: "x" }).where("id = :id", { id: "i1" }).execute();');
      return { code, errors: [missingTenant(code, 'execute', 'Invoice', 'execute', '`clinicId`', 'change')] };
    })(),
    (() => {
      // IDOR in a QueryBuilder write's condition
      const code = t('repo.createQueryBuilder().delete().where("patientId = :uid", { uid: req.query.uid as string }).execute();');
      return { code, errors: [fromRequest(code, 'req.query.uid as string', 'Consultation', 'execute', 'patientId', '`req.query`', 'change', 'session.user.id')] };
    })(),
    (() => {
      // the owner written from the request: set(), update(E, values), values()
      const code = t('repo.createQueryBuilder().update().set({ patientId: req.body.patientId }).where("patientId = :uid", { uid: session.user.id }).execute();');
      return { code, errors: [assignedFromRequest(code, 'req.body.patientId', 'Consultation', 'execute', 'patientId', '`req.body`', 'change', 'session.user.id')] };
    })(),
    (() => {
      const code = t('dataSource.createQueryBuilder().update(Consultation, { clinicianId: req.body.to }).where({ clinicianId: session.user.id }).execute();');
      return { code, errors: [assignedFromRequest(code, 'req.body.to', 'Consultation', 'execute', 'clinicianId', '`req.body`', 'change', 'session.user.id')] };
    })(),
    (() => {
      const code = t('dataSource.createQueryBuilder().insert().into(Consultation).values([{ patientId: req.body.patientId, clinicianId: "x", status: "open" }]).execute();');
      return { code, errors: [assignedFromRequest(code, 'req.body.patientId', 'Consultation', 'execute', 'patientId', '`req.body`', 'create', 'session.user.id')] };
    })(),
    (() => {
      const code = t('manager.find(Conflicted);\nmanager.find(Conflicted);');
      return { code, errors: [configProblem(code, 'find', 'tests/fixtures/typeorm/entities.ts:44: entity Conflicted is marked both @public and @owner/@tenant; remove one of them (until then @owner/@tenant applies).'), missingOwner(code, 'find', 'Conflicted', 'find', '`patientId`', 'return'), missingOwner(code, 'find', 'Conflicted', 'find', '`patientId`', 'return', 2)] };
    })(),
  ],
});

// A `where` built by a helper whose declared return type is generic or an intersection: the owner is
// read from the call's INSTANTIATED return type. strict (`reportUnverifiable`) tells a proven scope from
// a filter that merely cannot be read, which `recommended` accepts.
const STRICT = [{ reportUnverifiable: true }] as const;
const h = (body: string) => t(`import type { FindOptionsWhere } from 'typeorm';
type User = { id: string };
declare function scoped<W>(where: W, user: User): W & { patientId: string };
declare function passThrough<W>(where: W, user: User): W;
declare function narrowed(where: FindOptionsWhere<Consultation>, user: User): FindOptionsWhere<Consultation> & { patientId: string };
${body}`);
const unverifiable = (code: string, operation: string, model = 'Consultation', fields = OWNERS) => ({
  code,
  options: STRICT,
  errors: [{ messageId: 'unverifiableScope' as const, ...at(code, `${operation}(`), endColumn: at(code, `${operation}(`).column + operation.length, data: { operation, model, fields, verb: 'return' } }],
});

ruleTester.run('require-owner-scope (typeorm, where from a generic or intersection helper)', rule, {
  valid: [
    // an intersection is a where object, not a column value taken for the primary key (`repo.delete(id)`)
    h("repo.find({ where: scoped({ status: 'open' }, session.user) });"),
    { code: h("repo.find({ where: scoped({ status: 'open' }, session.user) });"), options: STRICT },
    // the owner key of an intersection with FindOptionsWhere is `string | (FindOperator<string> & string)`: a string
    { code: h("repo.find({ where: narrowed({ status: 'open' }, session.user) });"), options: STRICT },
    { code: h("repo.findBy(scoped({ status: 'open' }, session.user));"), options: STRICT },
    { code: h("repo.find({ where: { ...scoped({ status: 'open' }, session.user), clinicianId: 'c1' } });"), options: STRICT },
    { code: h("recordings.find({ where: { consultation: scoped({ status: 'open' }, session.user) } });"), options: STRICT },
    // recommended accepts a where it cannot read, as before
    h("repo.find({ where: passThrough({ status: 'open' }, session.user) });"),
  ],
  invalid: [
    // the same helper, instantiated without the owner
    unverifiable(h("repo.find({ where: { ...passThrough({ status: 'open' }, session.user) } });"), 'find'),
    unverifiable(h("repo.find({ where: passThrough({ status: 'open' }, session.user) });"), 'find'),
    unverifiable(h("repo.findBy(passThrough({ status: 'open' }, session.user));"), 'findBy'),
    unverifiable(h("recordings.find({ where: { consultation: passThrough({ status: 'open' }, session.user) } });"), 'find', 'Recording', RECORDING),
    // a key written after the spread replaces the owner it carried: that key's value decides
    (() => {
      const code = h("repo.find({ where: { ...scoped({ status: 'open' }, session.user), patientId: 'p1' } });");
      return { code, options: STRICT, errors: [{
        messageId: 'unverifiedOwnerValue' as const,
        ...at(code, "'p1'"),
        data: { field: 'patientId', reason: 'it is a constant', operation: 'find', model: 'Consultation' },
      }] };
    })(),
  ],
});
