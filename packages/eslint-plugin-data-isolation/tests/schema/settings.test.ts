import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTINGS_KEYS } from '../../src/schema';
import { load, messages, policy, project } from './helpers';

const K = 'settings["data-isolation"]';

const SCHEMA = `model User {
  id            String         @id
  clinicId      String
  consultations Consultation[]
}

/// @owner(patientId)
model Consultation {
  id          String      @id
  patientId   String
  clinicianId String
  clinicId    String
  patient     User        @relation(fields: [patientId], references: [id])
  recordings  Recording[]
}

model Recording {
  id             String       @id
  consultationId String
  consultation   Consultation @relation(fields: [consultationId], references: [id])
}

model Medication {
  id   String @id
  name String
}
`;

function withSettings(settings: unknown, extraTopLevelKeys?: readonly string[]) {
  return load(project({ 'prisma/schema.prisma': SCHEMA }), { settings, extraTopLevelKeys });
}

describe('settings: valid entries', () => {
  it('accepts undefined and an empty object', () => {
    assert.deepEqual(withSettings(undefined).problems, []);
    assert.deepEqual(withSettings({}).problems, []);
  });

  it('classifies models by owner string, owner list, tenant and public', () => {
    const config = withSettings({
      models: {
        Recording: { owner: 'consultation.patientId', tenant: ['consultation.clinicId'] },
        User: { owner: ['id'] },
        Medication: { public: 'reference data' },
      },
    });
    assert.deepEqual(config.problems, []);
    assert.deepEqual(policy(config, 'Recording'), {
      owners: ['consultation.patientId'],
      tenants: ['consultation.clinicId'],
      publicReason: undefined,
      source: 'settings',
    });
    assert.deepEqual(policy(config, 'User'), { owners: ['id'], tenants: [], publicReason: undefined, source: 'settings' });
    assert.deepEqual(policy(config, 'Medication'), { owners: [], tenants: [], publicReason: 'reference data', source: 'settings' });
  });

  it('replaces the schema annotation of the same model', () => {
    const config = withSettings({ models: { Consultation: { owner: ['patientId', 'clinicianId'] } } });
    assert.deepEqual(policy(config, 'Consultation'), {
      owners: ['patientId', 'clinicianId'],
      tenants: [],
      publicReason: undefined,
      source: 'settings',
    });
  });

  it('can replace an annotation with a tenant scope alone or a public reason', () => {
    assert.deepEqual(policy(withSettings({ models: { Consultation: { tenant: 'clinicId' } } }), 'Consultation')?.owners, []);
    assert.equal(policy(withSettings({ models: { Consultation: { public: 'demo data' } } }), 'Consultation')?.publicReason, 'demo data');
  });

  it('keeps the annotation when the settings entry has no valid path left', () => {
    const config = withSettings({ models: { Consultation: { owner: 'nobody' } } });
    assert.equal(config.problems.length, 1);
    assert.deepEqual(policy(config, 'Consultation'), { owners: ['patientId'], tenants: [], publicReason: undefined, source: 'schema' });
  });

  it('accepts registered extra top-level keys', () => {
    assert.deepEqual(withSettings({ principal: { id: 'session.user.id' } }, ['principal']).problems, []);
    assert.deepEqual(SETTINGS_KEYS, ['schema', 'models', 'infer', 'principalModel', 'tenantModel']);
  });
});

describe('settings: problems', () => {
  const cases: [string, unknown, string[]][] = [
    ['a string', 'prisma', [`${K} must be an object like { models: { Recording: { owner: "patientId" } } }, not the string "prisma".`]],
    ['an array', [], [`${K} must be an object like { models: { Recording: { owner: "patientId" } } }, not an array.`]],
    ['null', null, [`${K} must be an object like { models: { Recording: { owner: "patientId" } } }, not null.`]],
    ['a typo in a top-level key', { modles: {} }, [`${K}.modles is not a known key; use one of schema, models, infer, principalModel, tenantModel (did you mean \`models\`?).`]],
    ['an unrelated top-level key', { principal: {} }, [`${K}.principal is not a known key; use one of schema, models, infer, principalModel, tenantModel.`]],
    [
      'a schema that is not a string',
      { schema: 42 },
      [`${K}.schema must be a path or an array of paths to .prisma files or folders, relative to ESLint's working directory, not the number 42.`],
    ],
    ['a schema list with a non-string', { schema: ['prisma/schema.prisma', false] }, [`${K}.schema[1] must be a path string, relative to ESLint's working directory, not the boolean false.`]],
    [
      'an empty schema list',
      { schema: [] },
      [`${K}.schema is an empty array; list at least one schema path, or remove the key to find the schema automatically.`],
    ],
    ['models that is not an object', { models: ['Recording'] }, [`${K}.models must be an object that maps model names to { owner, tenant, public }, not an array.`]],
    [
      'a model entry that is not an object',
      { models: { Recording: 'patientId' } },
      [`${K}.models.Recording must be an object like { owner: "userId" } or { public: "reference data" }, not the string "patientId".`],
    ],
    ['an empty model entry', { models: { Recording: {} } }, [`${K}.models.Recording sets none of owner, tenant, public; add one, or remove the entry.`]],
    [
      'a typo in a model key',
      { models: { Recording: { ownr: 'x', owner: 'consultation.patientId' } } },
      [`${K}.models.Recording.ownr is not a known key; use one of owner, tenant, public (did you mean \`owner\`?).`],
    ],
    [
      'an owner that is not a string',
      { models: { Recording: { owner: { path: 'x' } } } },
      [`${K}.models.Recording.owner must be a field path or an array of field paths, like "patientId" or ["patientId", "consultation.clinicianId"], not a value of type object.`],
    ],
    ['an empty owner list', { models: { Recording: { owner: [] } } }, [`${K}.models.Recording.owner is an empty array; list at least one field path, or remove the key.`]],
    [
      'a tenant list item that is not a string',
      { models: { Recording: { tenant: ['consultation.clinicId', 7] } } },
      [`${K}.models.Recording.tenant[1] must be a field path string, like "consultation.patientId", not the number 7.`],
    ],
    [
      'an owner path with bad syntax',
      { models: { Recording: { owner: ['consultation.patientId', 'consultation..patientId'] } } },
      [
        `${K}.models.Recording.owner[1] (\`consultation..patientId\`) is invalid: it is not a field path; write field names separated by dots, like \`patientId\` or \`consultation.patientId\`.`,
      ],
    ],
    [
      'an owner path through an unknown field',
      { models: { Recording: { owner: ['consultation.patientId', 'consultation.patientI'] } } },
      [`${K}.models.Recording.owner[1] (\`consultation.patientI\`) is invalid: Consultation has no field \`patientI\`; did you mean \`consultation.patientId\`?`],
    ],
    [
      'an owner path that ends at a relation',
      { models: { Recording: { owner: 'consultation' } } },
      [`${K}.models.Recording.owner (\`consultation\`) is invalid: \`consultation\` on Recording is a relation, not a column; did you mean \`consultationId\`?`],
    ],
    [
      'an empty public reason',
      { models: { Medication: { public: ' ' } } },
      [`${K}.models.Medication.public must be a non-empty string that says why every row may be read, like "reference data".`],
    ],
    [
      'public together with owner',
      { models: { User: { public: 'directory', owner: 'id' } } },
      [`${K}.models.User sets public together with owner or tenant; remove one of them (until then owner/tenant applies).`],
    ],
    [
      'a misspelt model name',
      { models: { Recordng: { owner: 'consultation.patientId' } } },
      [`${K}.models.Recordng names no model in prisma/schema.prisma; did you mean \`Recording\`?`],
    ],
    [
      'an unknown model name',
      { models: { 'Lab-Result': { owner: 'patientId' } } },
      [`${K}.models["Lab-Result"] names no model in prisma/schema.prisma; use a model name as the schema spells it.`],
    ],
  ];
  for (const [name, settings, expected] of cases) {
    it(name, () => {
      assert.deepEqual(messages(withSettings(settings)), expected);
    });
  }

  it('applies the valid part of an entry with a conflict: owner wins over public', () => {
    const config = withSettings({ models: { User: { public: 'directory', owner: 'id' } } });
    assert.deepEqual(policy(config, 'User'), { owners: ['id'], tenants: [], publicReason: undefined, source: 'settings' });
  });

  it('reports every problem, in key order', () => {
    const config = withSettings({ schemaa: 'x', models: { Recording: { owner: 3 }, Medication: { public: 1 } } });
    assert.deepEqual(
      messages(config).map((message) => message.slice(0, message.indexOf(' '))),
      [`${K}.schemaa`, `${K}.models.Recording.owner`, `${K}.models.Medication.public`],
    );
  });

  it('never throws, even on settings JSON cannot represent', () => {
    const cyclic: Record<string, unknown> = { models: { User: { owner: 'id' } } };
    cyclic.self = cyclic;
    const config = withSettings(cyclic);
    assert.deepEqual(messages(config), [`${K}.self is not a known key; use one of schema, models, infer, principalModel, tenantModel.`]);
    assert.deepEqual(policy(config, 'User')?.owners, ['id']);
    assert.deepEqual(messages(withSettings({ models: () => 1 })), [
      `${K}.models must be an object that maps model names to { owner, tenant, public }, not a value of type function.`,
    ]);
  });
});
