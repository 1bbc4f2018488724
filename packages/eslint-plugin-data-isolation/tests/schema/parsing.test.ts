import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lineOf, load, messages, policy, project } from './helpers';

const CLINIC = `model Patient {
  id            String         @id
  consultations Consultation[]
}

model Consultation {
  id         String      @id
  patientId  String
  patient    Patient     @relation(fields: [patientId], references: [id])
  recordings Recording[]

  @@unique([id, patientId])
}

model Recording {
  id             String       @id
  consultationId String?
  consultation   Consultation? @relation(fields: [consultationId], references: [id])
  slot           Int
  room           String
  code           String       @unique

  @@unique([room, slot], name: "roomSlot")
  @@unique([code])
}

model AuditLog {
  tenantId String
  seq      Int
  at       DateTime

  @@id([tenantId, seq])
}

model URL {
  id Int @id
}
`;

describe('parsing with the Prisma engine', () => {
  it('needs no datasource or generator block', () => {
    const config = load(project({ 'schema.prisma': CLINIC }));
    assert.deepEqual(config.problems, []);
    assert.deepEqual([...config.models.keys()], ['Patient', 'Consultation', 'Recording', 'AuditLog', 'URL']);
  });

  it('maps fields, with relation columns on the owning side only', () => {
    const config = load(project({ 'schema.prisma': CLINIC }));
    const recording = config.models.get('Recording');
    assert.deepEqual(recording?.fields.get('consultation'), {
      name: 'consultation',
      kind: 'object',
      type: 'Consultation',
      isList: false,
      isRequired: false,
      relationFromFields: ['consultationId'],
      relationToFields: ['id'],
    });
    assert.deepEqual(recording?.fields.get('slot'), { name: 'slot', kind: 'scalar', type: 'Int', isList: false, isRequired: true });
    assert.deepEqual(config.models.get('Consultation')?.fields.get('recordings'), {
      name: 'recordings',
      kind: 'object',
      type: 'Recording',
      isList: true,
      isRequired: true,
    });
  });

  it('marks ids generated unique across tables (cuid, uuid, ulid, nanoid, a generated uuid), not counters', () => {
    const schema = ['cuid()', 'uuid(7)', 'ulid()', 'nanoid()', 'dbgenerated("gen_random_uuid()")', '"fixed"']
      .map((generator, i) => `model M${i} {\n  id String @id @default(${generator})\n  n String @default(cuid())\n}\n`)
      .join('') + 'model Counted {\n  id Int @id @default(autoincrement())\n}\n';
    const config = load(project({ 'schema.prisma': schema }));
    assert.deepEqual(config.problems, []);
    const unique = [...config.models.values()].filter((m) => [...m.fields.values()].some((f) => f.uniqueId)).map((m) => m.name);
    assert.deepEqual(unique, ['M0', 'M1', 'M2', 'M3', 'M4']);
    assert.equal(config.models.get('M0')?.fields.get('n')?.uniqueId, undefined, 'only the id');
  });

  it('derives the client delegate name', () => {
    const config = load(project({ 'schema.prisma': CLINIC }));
    const delegates = [...config.models.values()].map((model) => model.delegateName);
    assert.deepEqual(delegates, ['patient', 'consultation', 'recording', 'auditLog', 'uRL']);
  });

  it('lists compound unique selectors by index name, else fields joined by _', () => {
    const config = load(project({ 'schema.prisma': CLINIC }));
    const uniques = (model: string) => Object.fromEntries(config.models.get(model)?.compoundUniques ?? []);
    assert.deepEqual(uniques('Consultation'), { id_patientId: ['id', 'patientId'] });
    assert.deepEqual(uniques('Recording'), { roomSlot: ['room', 'slot'] }, 'single-field uniques are not compound');
    assert.deepEqual(uniques('AuditLog'), { tenantId_seq: ['tenantId', 'seq'] }, 'a compound primary key counts');
    assert.deepEqual(uniques('Patient'), {});
  });

  it('uses the name of a named compound primary key', () => {
    const config = load(project({ 'schema.prisma': 'model Pair {\n  a Int\n  b Int\n  @@id([a, b], name: "byPair")\n}\n' }));
    assert.deepEqual(Object.fromEntries(config.models.get('Pair')?.compoundUniques ?? []), { byPair: ['a', 'b'] });
  });

  it('records the file that declares each model in a multi-file schema', () => {
    const root = project({
      'prisma/schema/patients.prisma': CLINIC.slice(0, CLINIC.indexOf('model Recording')),
      'prisma/schema/media/recordings.prisma': CLINIC.slice(CLINIC.indexOf('model Recording')),
    });
    const config = load(root);
    assert.deepEqual(config.problems, []);
    assert.equal(config.models.get('Consultation')?.file, path.join(root, 'prisma/schema/patients.prisma'));
    assert.equal(config.models.get('Recording')?.file, path.join(root, 'prisma/schema/media/recordings.prisma'));
    assert.equal(config.models.get('URL')?.file, path.join(root, 'prisma/schema/media/recordings.prisma'));
  });
});

describe('schemas written for Prisma 4, 5 and 6', () => {
  const PRISMA_6 = `generator client {
  provider        = "prisma-client-js"
  previewFeatures = [
    "fullTextSearch", "metrics", "tracing",
    "views", "driverAdapters", "omitApi"
  ]
  binaryTargets   = ["native", "rhel-openssl-3.0.x"]
}

datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")
  relationMode      = "prisma"
}

/// @owner(userId)
model Note {
  id     String @id
  userId String
}

view NoteCount {
  userId String @unique
  count  Int
}
`;

  it('reads a Prisma 6 schema with connection URLs and preview features Prisma 7 no longer knows', () => {
    const config = load(project({ 'prisma/schema.prisma': PRISMA_6 }));
    assert.deepEqual(messages(config), []);
    assert.deepEqual([...config.models.keys()], ['Note', 'NoteCount']);
    assert.deepEqual(policy(config, 'Note'), { owners: ['userId'], tenants: [], publicReason: undefined, source: 'schema' });
  });

  it('reads a Prisma 4 schema (`referentialIntegrity`, sqlite file URL)', () => {
    const schema = `datasource db {
  provider             = "sqlite"
  url                  = "file:./dev.db"
  referentialIntegrity = "prisma"
}

generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["referentialIntegrity", "interactiveTransactions", "extendedIndexes"]
}

model Note {
  id     String @id
}
`;
    const config = load(project({ 'schema.prisma': schema }));
    assert.deepEqual(messages(config), []);
    assert.deepEqual([...config.models.keys()], ['Note']);
  });

  it('still reports an error below what was set aside on its own line', () => {
    const broken = PRISMA_6.replace('userId String\n}', 'userId Strng\n}');
    const config = load(project({ 'prisma/schema.prisma': broken }));
    assert.deepEqual(messages(config), [
      `prisma/schema.prisma:${lineOf(broken, 'userId Strng')}: Type "Strng" is neither a built-in type, nor refers to another model, composite type, or enum (the Prisma schema is invalid; run \`prisma validate\` and fix it).`,
    ]);
  });

  it('sets aside any preview feature the bundled Prisma does not know (the rule depends on none)', () => {
    const config = load(project({ 'schema.prisma': PRISMA_6.replace('"tracing"', '"noSuchFeature"') }));
    assert.deepEqual(messages(config), []);
  });
});

describe('a malformed schema', () => {
  const BROKEN = `datasource db {
  provider = "postgresql"
}

/// @owner(userId)
model Note {
  id     String @id
  userId Strin
}
`;

  it('gives one problem naming the file and line, and keeps the settings models', () => {
    const root = project({ 'prisma/schema.prisma': BROKEN });
    const config = load(root, { settings: { models: { Note: { owner: 'userId' }, Elsewhere: { public: 'static' } } } });
    assert.deepEqual(messages(config), [
      `prisma/schema.prisma:${lineOf(BROKEN, 'userId Strin')}: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum (the Prisma schema is invalid; run \`prisma validate\` and fix it).`,
    ]);
    assert.deepEqual(config.schemaFiles, [path.join(root, 'prisma/schema.prisma')]);
    assert.equal(config.models.size, 0);
    assert.deepEqual([...config.policies.keys()], ['Note', 'Elsewhere']);
    assert.deepEqual(policy(config, 'Note'), { owners: ['userId'], tenants: [], publicReason: undefined, source: 'settings' });
  });

  it('counts the other errors and strips Prisma\'s "Error validating:" prefix', () => {
    const schema = 'model A {\n  id Int @id\n}\n}}} stray\nmodel B {\n  id Intt @id\n}\n';
    const config = load(project({ 'schema.prisma': schema }));
    assert.deepEqual(messages(config), [
      'schema.prisma:4: This line is invalid. It does not start with any known Prisma schema keyword (the Prisma schema is invalid, 1 more error after this one; run `prisma validate` and fix it).',
    ]);
  });

  it('names the file of a multi-file schema that holds the error', () => {
    const config = load(
      project({
        'prisma/schema/a.prisma': 'model A {\n  id Int @id\n}\n',
        'prisma/schema/b.prisma': '\nmodel A {\n  id Int @id\n}\n',
      }),
    );
    assert.deepEqual(messages(config), [
      'prisma/schema/b.prisma:2: The model "A" cannot be defined because a model with that name already exists (the Prisma schema is invalid; run `prisma validate` and fix it).',
    ]);
    assert.equal(config.models.size, 0);
  });
});
