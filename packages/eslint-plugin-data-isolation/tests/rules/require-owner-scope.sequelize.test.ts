// Sequelize and sequelize-typescript against their real published types. Models and their owners are
// declared in tests/fixtures/sequelize/models.ts (`/** @owner … */` on the class or define() const).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { filterFromRequest, fromRequest, missingOwner, missingTenant, nestQuery, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'sequelize'));

const s = (body: string) => `import { Op } from 'sequelize';
import { Consultation, Drug, Invoice, Note } from './models';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

/** A NestJS controller whose `list` is given the query string as a DTO (`@Query() query`), and the signed-in user. */
const nest = (body: string, dto?: string) => s(nestQuery(body, dto));

// Models reached through a registry object, by the receiver's type; `scope()`/`unscoped()` are the same model.
const r = (body: string) => `import registry, { db, models } from './registry';
import { Consultation } from './models';
declare const session: { user: { id: string; clinicId: string } };
${body}`;
const js = (body: string) => ({ code: `const models = require('./registry-js');\n${body}`, filename: join(fixturesDir, 'sequelize', 'consumer.js') });

ruleTester.run('require-owner-scope (sequelize)', rule, {
  valid: [
    // instance writes on a row read with its owner: the read is what is checked
    s(`export async function f(id: string) { const rec = await Consultation.findOne({ where: { id, patientId: session.user.id } }); if (!rec) throw new Error('x'); await rec.destroy(); await rec.update({ status: 'x' }); }`),
    s('Consultation.findAll({ where: { patientId: session.user.id } });'),
    s('Consultation.findAll({ where: { [Op.or]: [{ patientId: session.user.id }, { clinicianId: session.user.id }] } });'),
    s('Consultation.findAll({ where: { [Op.and]: [{ status: "open" }, { clinicianId: session.user.id }] } });'),
    s('Consultation.findOne({ where: { patientId: { [Op.eq]: session.user.id } } });'),
    s('Consultation.count({ where: { patientId: { [Op.in]: [session.user.id] } } });'),
    s('Consultation.findAndCountAll({ where: { clinicianId: session.user.id } });'),
    s('Consultation.update({ status: "x" }, { where: { patientId: session.user.id } });'),
    s('Consultation.create({ id: "c1", patientId: session.user.id, clinicianId: "x", status: "open" });'),
    // define() models, sequelize-typescript models, public models
    s('Invoice.findAll({ where: { clinicId: session.user.clinicId } });'),
    s('Note.destroy({ where: { authorId: session.user.id } });'),
    s('Drug.findAll();'),
    // ownership checked after findByPk
    s('async function get() {\n  const c = await Consultation.findByPk("c1");\n  if (!c || c.patientId !== session.user.id) throw new Error("not found");\n  return c;\n}'),
    r('models.Consultation.findAll({ where: { patientId: session.user.id } });'),
    r('db.models.Consultation.findOne({ where: { clinicianId: session.user.id } });'),
    r('db.models.Invoice.findAll({ where: { clinicId: session.user.clinicId } });'),
    r('registry.Consultation.count({ where: { patientId: session.user.id } });'),
    r('Consultation.scope("withTeam").findOne({ where: { patientId: session.user.id } });'),
    r('Consultation.unscoped().findAll({ where: { clinicianId: session.user.id } });'),
    js('models.Transaction.findAll({ where: { CollectiveId: 1 } });'),
    // filterFromRequest: request values with the owner from the session written after them; a helper's where
    nest('return Consultation.findAll({ where: { ...query, patientId: session.user.id } });'),
    nest('return Consultation.findAll({ where: { patientId: session.user.id, ...query } });', 'status?: string'),
    s('import type { WhereOptions } from "sequelize";\nexport function list(where: WhereOptions) { return Consultation.findAll({ where }); }'),
    // look-alike
    s('const cache = new Map<string, number>();\ncache.delete("k");'),
  ],
  invalid: [
    (() => {
      // filterFromRequest: the query string as the where, or spread after the owner (its patientId overrides it)
      const code = nest('return Consultation.findAll({ where: query });');
      return { code, errors: [filterFromRequest(code, 'query', 'Consultation', 'findAll', OWNERS, 'NestJS `@Query()`', 'return', 2)] };
    })(),
    (() => {
      const code = nest('return Consultation.findAll({ where: { patientId: session.user.id, ...query } });');
      return { code, errors: [filterFromRequest(code, 'query', 'Consultation', 'findAll', OWNERS, 'NestJS `@Query()`', 'return', 2)] };
    })(),
    (() => {
      const code = r('models.Consultation.findOne({ where: { status: "open" } });');
      return { code, errors: [missingOwner(code, 'findOne', 'Consultation', 'findOne', OWNERS, 'return')] };
    })(),
    (() => {
      const code = r('db.models.Invoice.findAll();');
      return { code, errors: [missingTenant(code, 'findAll', 'Invoice', 'findAll', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = r('Consultation.scope("withTeam").findOne({ where: { status: "open" } });');
      return { code, errors: [missingOwner(code, 'findOne', 'Consultation', 'findOne', OWNERS, 'return')] };
    })(),
    (() => {
      const code = r('Consultation.unscoped().destroy({ where: {} });');
      return { code, errors: [missingOwner(code, 'destroy', 'Consultation', 'destroy', OWNERS, 'change')] };
    })(),
    (() => {
      const test = js('models.Transaction.findOne({ where: { kind: "x" } });');
      return { ...test, errors: [missingOwner(test.code, 'findOne', 'Transaction', 'findOne', '`CollectiveId`', 'return')] };
    })(),
    (() => {
      const code = s('Consultation.findAll({ where: { status: "open" } });');
      return { code, errors: [missingOwner(code, 'findAll', 'Consultation', 'findAll', OWNERS, 'return')] };
    })(),
    (() => {
      // findByPk selects by primary key only
      const code = s('Consultation.findByPk("c1");');
      return { code, errors: [missingOwner(code, 'findByPk', 'Consultation', 'findByPk', OWNERS, 'return')] };
    })(),
    (() => {
      const code = s('Consultation.findAll({ where: { [Op.or]: [{ patientId: session.user.id }, { status: "open" }] } });');
      return { code, errors: [orBranch(code, '{ status: "open" }', 'Consultation', 'findAll', OWNERS, 'returned')] };
    })(),
    (() => {
      const code = s('Consultation.destroy({ where: { patientId: { [Op.ne]: session.user.id } } });');
      return { code, errors: [missingOwner(code, 'destroy', 'Consultation', 'destroy', OWNERS, 'change')] };
    })(),
    (() => {
      const code = s('Consultation.count({ where: { patientId: req.params.pid } });');
      return { code, errors: [fromRequest(code, 'req.params.pid', 'Consultation', 'count', 'patientId', '`req.params`', 'return', 'session.user.id')] };
    })(),
    (() => {
      const code = s('Invoice.findAll();');
      return { code, errors: [missingTenant(code, 'findAll', 'Invoice', 'findAll', '`clinicId`', 'return')] };
    })(),
    (() => {
      const code = s('Note.update({ body: "x" }, { where: {} });');
      return { code, errors: [missingOwner(code, 'update', 'Note', 'update', '`authorId`', 'change')] };
    })(),
    (() => {
      const code = s('Consultation.create({ id: "c1", patientId: req.body.pid, clinicianId: "x", status: "open" });');
      return {
        code,
        errors: [{
          messageId: 'ownerAssignedFromRequest' as const,
          ...at(code, 'req.body.pid'),
          data: { model: 'Consultation', operation: 'create', field: 'patientId', source: '`req.body`', verb: 'create' },
          suggestions: [{ messageId: 'useSignedInUser' as const, data: { value: 'session.user.id' }, output: code.replace('req.body.pid', 'session.user.id') }],
        }],
      };
    })(),
  ],
});

// A `where` built by a helper whose return type is generic or an intersection: the owner is read from the
// call's instantiated return type (strict tells a proven scope from an unreadable one, which recommended accepts).
const STRICT = [{ reportUnverifiable: true }] as const;
const h = (body: string) => s(`type User = { id: string };
declare function scoped<W>(where: W, user: User): W & { patientId: string };
declare function passThrough<W>(where: W, user: User): W;
${body}`);
ruleTester.run('require-owner-scope (sequelize, where from a generic or intersection helper)', rule, {
  valid: [
    { code: h("Consultation.findAll({ where: scoped({ status: 'open' }, session.user) });"), options: STRICT },
    { code: h("Consultation.findAll({ where: { ...scoped({ status: 'open' }, session.user), clinicianId: 'c1' } });"), options: STRICT },
    h("Consultation.findAll({ where: passThrough({ status: 'open' }, session.user) });"),
  ],
  invalid: [
    (() => {
      const code = h("Consultation.findAll({ where: passThrough({ status: 'open' }, session.user) });");
      return { code, options: STRICT, errors: [{ messageId: 'unverifiableScope' as const, ...at(code, 'findAll'), data: { operation: 'findAll', model: 'Consultation', fields: OWNERS, verb: 'return' } }] };
    })(),
    // a key written after the spread replaces the owner it carried: that key's value decides
    (() => {
      const code = h("Consultation.findAll({ where: { ...scoped({ status: 'open' }, session.user), patientId: 'p1' } });");
      return { code, options: STRICT, errors: [{ messageId: 'unverifiedOwnerValue' as const, ...at(code, "'p1'"), data: { field: 'patientId', reason: 'it is a constant', operation: 'findAll', model: 'Consultation' } }] };
    })(),
  ],
});
