// Mongoose against its real published types. Models and their owners are declared in
// tests/fixtures/mongoose/models.ts (`/** @owner … */` on the schema or model const).
import { join } from 'node:path';
import rule from '../../src/rules/require-owner-scope';
import { at, fixturesDir, typedRuleTester } from '../RuleTester';
import { filterFromRequest, missingOwner, orBranch } from './orm-helpers';

const ruleTester = typedRuleTester(join(fixturesDir, 'mongoose'));

const m = (body: string) => `import { Consultation, Drug, Note } from './models';
declare const session: { user: { id: string; clinicId: string } };
declare const req: import('express').Request;
${body}`;

const OWNERS = '`patientId` or `clinicianId`';

// Models exported as the module's default (`export default mongoose.model('Alert', …)`) or as
// `module.exports = model('Webhook', …)`, imported under another name.
const d = (body: string) => `import Alerts from './alert';
import WebhookModel from './webhook';
declare const req: { user: { team: string } };
${body}`;
const js = (body: string) => ({ code: `const Webhooks = require('./webhook');\n${body}`, filename: join(fixturesDir, 'mongoose', 'consumer.js') });

ruleTester.run('require-owner-scope (mongoose)', rule, {
  valid: [
    // document writes on a document read with its owner: the read is what is checked
    m(`export async function f(id: string) { const doc = await Consultation.findOne({ _id: id, patientId: session.user.id }); if (!doc) throw new Error('x'); doc.set('status', 'x'); await doc.save(); await doc.deleteOne(); }`),
    // filterFromRequest: request values with the owner from the session written after them
    m('Consultation.find({ ...req.query, patientId: session.user.id });'),
    m('Consultation.find({ patientId: session.user.id });'),
    m('Consultation.find({ $or: [{ patientId: session.user.id }, { clinicianId: session.user.id }] });'),
    m('Consultation.findOne({ patientId: { $in: [session.user.id] }, status: "open" });'),
    m('Consultation.countDocuments({ clinicianId: { $eq: session.user.id } });'),
    m('Consultation.updateMany({ clinicianId: session.user.id }, { $set: { status: "x" } });'),
    m('Consultation.deleteOne({ _id: "c1", patientId: session.user.id });'),
    // an owner inside an embedded document, by dotted path
    m('Note.find({ "author.id": session.user.id });'),
    m('Drug.find();'),
    d('Alerts.find({ team: req.user.team });'),
    d('Alerts.updateOne({ _id: "a1", team: req.user.team }, { name: "x" });'),
    d('WebhookModel.find({ team: req.user.team });'),
    js('Webhooks.deleteMany({ team: "t1" });'),
    m('const cache = new Map<string, number>();\ncache.delete("k");'),
  ],
  invalid: [
    (() => {
      // filterFromRequest: the request body as the filter
      const code = m('Consultation.find(req.body);');
      return { code, errors: [filterFromRequest(code, 'req.body', 'Consultation', 'find', OWNERS, '`req.body`', 'return')] };
    })(),
    (() => {
      const code = d('Alerts.findById("a1");');
      return { code, errors: [missingOwner(code, 'findById', 'Alert', 'findById', '`team`', 'return')] };
    })(),
    (() => {
      const code = d('Alerts.find({ name: "x" });');
      return { code, errors: [missingOwner(code, 'find', 'Alert', 'find', '`team`', 'return')] };
    })(),
    (() => {
      const code = d('WebhookModel.deleteOne({ url: "u" });');
      return { code, errors: [missingOwner(code, 'deleteOne', 'Webhook', 'deleteOne', '`team`', 'change')] };
    })(),
    (() => {
      const test = js('Webhooks.findOne({ url: "u" });');
      return { ...test, errors: [missingOwner(test.code, 'findOne', 'Webhook', 'findOne', '`team`', 'return')] };
    })(),
    (() => {
      const code = m('Consultation.find({ status: "open" });');
      return { code, errors: [missingOwner(code, 'find', 'Consultation', 'find', OWNERS, 'return')] };
    })(),
    (() => {
      // findById selects by _id alone
      const code = m('Consultation.findById("c1");');
      return { code, errors: [missingOwner(code, 'findById', 'Consultation', 'findById', OWNERS, 'return')] };
    })(),
    (() => {
      const code = m('Consultation.findByIdAndDelete("c1");');
      return { code, errors: [missingOwner(code, 'findByIdAndDelete', 'Consultation', 'findByIdAndDelete', OWNERS, 'change')] };
    })(),
    (() => {
      const code = m('Consultation.deleteMany({ $or: [{ patientId: session.user.id }, { status: "open" }] });');
      return { code, errors: [orBranch(code, '{ status: "open" }', 'Consultation', 'deleteMany', OWNERS, 'changed')] };
    })(),
    (() => {
      const code = m('Consultation.updateOne({ patientId: req.params.pid }, { status: "x" });');
      return {
        code,
        errors: [{
          messageId: 'ownerFromRequest' as const,
          ...at(code, 'req.params.pid'),
          data: { model: 'Consultation', operation: 'updateOne', field: 'patientId', source: '`req.params`', verb: 'change' },
          suggestions: [{ messageId: 'useSignedInUser' as const, data: { value: 'session.user.id' }, output: code.replace('req.params.pid', 'session.user.id') }],
        }],
      };
    })(),
    (() => {
      const code = m('Consultation.findOneAndUpdate({ patientId: { $ne: session.user.id } }, { status: "x" });');
      return { code, errors: [missingOwner(code, 'findOneAndUpdate', 'Consultation', 'findOneAndUpdate', OWNERS, 'change')] };
    })(),
    (() => {
      const code = m('Note.deleteOne({});');
      return { code, errors: [missingOwner(code, 'deleteOne', 'Note', 'deleteOne', '`author.id`', 'change')] };
    })(),
  ],
});
