// Broken configurations for the robustness tests: malformed schemas, wrong settings, wrong rule
// options, no schema, no type information. Each: what the user sees. Not a test file.
import { SCHEMA } from './hostile-cases.mjs';

export const QUERY_FILE = `import { PrismaClient } from './generated/prisma/client';

declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };

export function list() {
  return prisma.consultation.findMany({ where: { status: 'open' } });
}

export function mine() {
  return prisma.consultation.findMany({ where: { patientId: session.user.id } });
}

export function invoices() {
  return prisma.invoice.findMany({ where: { amount: 1 } });
}
`;

/** With the project's valid schema: what every broken variant is compared against. */
export const BASELINE = ['missingOwnerScope', 'missingTenantScope'];

const unterminated = SCHEMA.replace(/(model Recording \{[\s\S]*?)\n\}\n/, '$1\n');

/** Schema files in `schemas/` (relative path → text): each broken in one way. */
export const SCHEMA_FILES = {
  'schemas/unterminated.prisma': unterminated,
  'schemas/garbage.prisma': 'this is not a Prisma schema at all {{{ ]]] @@@\n',
  'schemas/binary.prisma': '\u0000\u0001\u0002\ufffd\u00ff model \u0000 {\n',
  'schemas/empty.prisma': '',
  'schemas/unknown-type.prisma': SCHEMA.replace('amount   Int', 'amount   Money'),
  'schemas/bad-annotations.prisma': SCHEMA.replace('/// @owner(patientId, clinicianId)', '/// @owner(patientId, nope.deeper, )\n/// @owner(')
    .replace('/// @tenant(clinicId)', '/// @tenant()\n/// @public()')
    .replace('/// @owner(consultation.patientId)', '/// @owner(consultation.recordings.consultation.patientId)'),
  'schemas/multi/a.prisma': SCHEMA.slice(0, SCHEMA.indexOf('/// @tenant(clinicId)')),
  'schemas/multi/b.prisma': 'model Invoice {\n  id String @id\n  clinicId\n',
  'schemas/empty-dir/README.md': 'no schema here\n',
};

/**
 * Each run: ESLint settings (`settings`, JSON) or a config file's extra text, and what the rule must
 * say: `ids` exactly (sorted), or `problem`, a RegExp every configProblem message must match (and at
 * least one must exist, unless `optional`: settings may name entities of other data layers, so a
 * name far from every Prisma model is not necessarily a typo).
 */
export const RUNS = [
  { id: 'valid schema (baseline)', settings: {}, ids: BASELINE },
  // --- Malformed schemas, named in settings ---
  { id: 'schema: unterminated model', settings: { schema: 'schemas/unterminated.prisma' }, problem: /schemas\/unterminated\.prisma:\d+: .*the Prisma schema is invalid/ },
  { id: 'schema: garbage', settings: { schema: 'schemas/garbage.prisma' }, problem: /schemas\/garbage\.prisma(:\d+)?: .*the Prisma schema is invalid/ },
  { id: 'schema: binary bytes', settings: { schema: 'schemas/binary.prisma' }, problem: /schemas\/binary\.prisma(:\d+)?: .*the Prisma schema is invalid/ },
  { id: 'schema: an unknown field type', settings: { schema: 'schemas/unknown-type.prisma' }, problem: /schemas\/unknown-type\.prisma:\d+: .*Money/ },
  { id: 'schema: a multi-file schema with one broken file', settings: { schema: 'schemas/multi' }, problem: /schemas\/multi\/b\.prisma:\d+: .*the Prisma schema is invalid/ },
  { id: 'schema: a folder without .prisma files', settings: { schema: 'schemas/empty-dir' }, problem: /schemas\/empty-dir.*is a folder with no \.prisma files/ },
  { id: 'schema: a path that does not exist', settings: { schema: 'schemas/nope.prisma' }, problem: /schemas\/nope\.prisma.*does not exist/ },
  { id: 'schema: annotations that do not parse or name nothing', settings: { schema: 'schemas/bad-annotations.prisma' }, problem: /bad-annotations\.prisma:\d+/ },
  // --- Wrong settings ---
  { id: 'settings: a number', settings: 42, problem: /settings\["data-isolation"\]/ },
  { id: 'settings: an array', settings: [], problem: /settings\["data-isolation"\]/ },
  { id: 'settings: a string', settings: 'prisma/schema.prisma', problem: /settings\["data-isolation"\]/ },
  { id: 'settings: an unknown key', settings: { modles: {} }, problem: /modles/ },
  { id: 'settings: schema is a number', settings: { schema: 123 }, problem: /schema/ },
  { id: 'settings: schema is an array with a number', settings: { schema: ['prisma/schema.prisma', 5] }, problem: /schema/ },
  { id: 'settings: models is a string', settings: { models: 'Consultation' }, problem: /models/ },
  { id: 'settings: a model that is a number', settings: { models: { Consultation: 5 } }, problem: /models\.Consultation/ },
  { id: 'settings: owner is a number', settings: { models: { Consultation: { owner: 5 } } }, problem: /models\.Consultation/ },
  { id: 'settings: owner is an empty list', settings: { models: { Consultation: { owner: [] } } }, problem: /models\.Consultation/ },
  { id: 'settings: owner is an empty string', settings: { models: { Consultation: { owner: '' } } }, problem: /models\.Consultation/ },
  { id: 'settings: owner names no field', settings: { models: { Consultation: { owner: 'nope' } } }, problem: /models\.Consultation/ },
  { id: 'settings: owner is a path through a scalar', settings: { models: { Consultation: { owner: 'status.id' } } }, problem: /models\.Consultation/ },
  { id: 'settings: a model that does not exist', settings: { models: { Consultaton: { owner: 'patientId' } } }, problem: /Consultaton/ },
  { id: 'settings: public without a reason', settings: { models: { Consultation: { public: '' } } }, problem: /models\.Consultation/ },
  { id: 'settings: owner and public at once', settings: { models: { Consultation: { owner: 'patientId', public: 'x' } } }, problem: /models\.Consultation/ },
  { id: 'settings: prototype property names as models', settings: { models: JSON.parse('{"constructor":{"owner":"x"},"toString":{"owner":"y"},"__proto__":{"owner":"z"}}') }, problem: /constructor|toString|__proto__/, optional: true },
  { id: 'settings: 5,000 unknown models', settings: { models: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`Model${i}`, { owner: 'userId' }])) }, problem: /Model\d+/, optional: true },
  { id: 'settings: a cycle', configExtra: `(() => { const cyclic = { models: {} }; cyclic.models.Consultation = { owner: 'patientId', self: cyclic }; return { settings: { 'data-isolation': cyclic } }; })(),`, problem: /models\.Consultation/ },
  { id: 'settings: functions and symbols as values', configExtra: `{ settings: { 'data-isolation': { schema: () => 'x', models: { Consultation: { owner: Symbol('patientId') } } } } },`, problem: /schema|models\.Consultation/ },
];
