import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf, load, messages, policy, project } from './helpers';

/** A schema whose `Note` model carries `doc` as its `///` comment. */
function schemaWithNoteDoc(doc: string): string {
  const comment = doc
    .split('\n')
    .map((line) => `/// ${line}`)
    .join('\n');
  return `datasource db {
  provider = "postgresql"
}

model Team {
  id       String @id
  tenantId String
  users    User[]
}

model User {
  id       String  @id
  clinicId String
  teamId   String?
  team     Team?   @relation(fields: [teamId], references: [id])
  notes    Note[]
}

model Tag {
  id      String @id
  ownerId String
  noteId  String
  note    Note   @relation(fields: [noteId], references: [id])
}

enum Kind {
  PRIVATE
  SHARED
}

${comment}
model Note {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
  tags     Tag[]
  kind     Kind
  clinicId String
}
`;
}

function loadNote(doc: string) {
  const schema = schemaWithNoteDoc(doc);
  const config = load(project({ 'prisma/schema.prisma': schema }));
  return { config, where: `prisma/schema.prisma:${lineOf(schema, 'model Note {')}`, note: policy(config, 'Note') };
}

function ownedBy(owners: string[], tenants: string[] = []) {
  return { owners, tenants, publicReason: undefined, source: 'schema' };
}

describe('annotations: accepted forms', () => {
  const cases: [string, string, ReturnType<typeof ownedBy>][] = [
    ['a single owner', '@owner(authorId)', ownedBy(['authorId'])],
    ['several owners, any of which grants access', '@owner(authorId, author.id)', ownedBy(['authorId', 'author.id'])],
    ['an owner through two relations', '@owner(author.team.tenantId)', ownedBy(['author.team.tenantId'])],
    ['an owner through a list relation', '@owner(tags.ownerId)', ownedBy(['tags.ownerId'])],
    ['an enum column', '@owner(kind)', ownedBy(['kind'])],
    ['a tenant', '@tenant(clinicId)', ownedBy([], ['clinicId'])],
    ['several tenants through a relation', '@tenant(clinicId, author.clinicId)', ownedBy([], ['clinicId', 'author.clinicId'])],
    ['owner and tenant on separate lines', 'Private notes.\n@owner(authorId)\n@tenant(clinicId)', ownedBy(['authorId'], ['clinicId'])],
    ['an annotation inside prose, with spaces', 'Only @owner( authorId ,author.id ) may read it.', ownedBy(['authorId', 'author.id'])],
    ['repeated annotations, merged without duplicates', '@owner(authorId)\n@owner(author.id, authorId)', ownedBy(['authorId', 'author.id'])],
    ['a list spread over lines', '@owner(\n  authorId,\n  author.id\n)', ownedBy(['authorId', 'author.id'])],
  ];
  for (const [name, doc, expected] of cases) {
    it(name, () => {
      const { config, note } = loadNote(doc);
      assert.deepEqual(config.problems, []);
      assert.deepEqual(note, expected);
    });
  }

  it('@public("reason") and @public(\'reason\')', () => {
    for (const doc of ['@public("reference data")', "@public('reference data')", '@public( "reference data" )']) {
      const { config, note } = loadNote(doc);
      assert.deepEqual(config.problems, [], doc);
      assert.deepEqual(note, { owners: [], tenants: [], publicReason: 'reference data', source: 'schema' }, doc);
    }
  });

  it('@public keeps escaped quotes and parentheses in the reason', () => {
    assert.equal(loadNote(`@public('the catalogue (ICD-10) isn\\'t private')`).note?.publicReason, "the catalogue (ICD-10) isn't private");
  });

  it('a model without annotations has no declared policy; e-mail addresses are not annotations', () => {
    // Nothing in the schema is annotated, so zero-configuration inference applies instead.
    for (const doc of ['Just notes.', 'Ask admin@owner.com or x@public(y)']) {
      const { config, note } = loadNote(doc);
      assert.deepEqual(config.problems, [], doc);
      assert.equal(note?.source, 'inferred', doc);
    }
  });

  it('keeps the doc comment on the model info', () => {
    const { config } = loadNote('Private notes.\n@owner(authorId)');
    assert.equal(config.models.get('Note')?.documentation, 'Private notes.\n@owner(authorId)');
  });
});

describe('annotations: field path validation', () => {
  const cases: [string, string, string][] = [
    ['@owner(autorId)', 'autorId', 'Note has no field `autorId`; did you mean `authorId`?'],
    ['@owner(zzz)', 'zzz', 'Note has no field `zzz`; its fields are id, authorId, author, tags, kind, clinicId.'],
    ['@owner(author.clinicI)', 'author.clinicI', 'User has no field `clinicI`; did you mean `author.clinicId`?'],
    [
      '@owner(authorId.id)',
      'authorId.id',
      '`authorId` on Note is not a relation, so the path cannot go on after it; end the path at `authorId`.',
    ],
    ['@owner(author)', 'author', '`author` on Note is a relation, not a column; did you mean `authorId`?'],
    ['@owner(author.team)', 'author.team', '`team` on User is a relation, not a column; did you mean `author.teamId`?'],
    ['@owner(tags)', 'tags', '`tags` on Note is a relation, not a column; continue the path to a column of Tag, like `tags.id`.'],
    [
      '@owner(author-id)',
      'author-id',
      'it is not a field path; write field names separated by dots, like `patientId` or `consultation.patientId`.',
    ],
  ];
  for (const [doc, path, detail] of cases) {
    it(`${doc}: ${detail}`, () => {
      const { config, where, note } = loadNote(doc);
      assert.deepEqual(messages(config), [`${where}: @owner path \`${path}\` on model Note is invalid: ${detail}`]);
      assert.equal(note, undefined, 'the only path was invalid, so the model is unclassified');
    });
  }

  it('names the annotation kind and drops only the invalid paths', () => {
    const { config, where, note } = loadNote('@owner(authorId, nope)\n@tenant(clinicID, clinicId)');
    assert.deepEqual(messages(config), [
      `${where}: @owner path \`nope\` on model Note is invalid: Note has no field \`nope\`; its fields are id, authorId, author, tags, kind, clinicId.`,
      `${where}: @tenant path \`clinicID\` on model Note is invalid: Note has no field \`clinicID\`; did you mean \`clinicId\`?`,
    ]);
    assert.deepEqual(note, ownedBy(['authorId'], ['clinicId']));
  });

  it('names the file of a multi-file schema and the line of the model in it', () => {
    const notes = `\n\n/// @owner(authoId)\nmodel Note {\n  id       String @id\n  authorId String\n}\n`;
    const config = load(project({ 'prisma/schema/base.prisma': 'datasource db {\n  provider = "sqlite"\n}\n', 'prisma/schema/notes.prisma': notes }));
    assert.deepEqual(messages(config), [
      'prisma/schema/notes.prisma:4: @owner path `authoId` on model Note is invalid: Note has no field `authoId`; did you mean `authorId`?',
    ]);
  });
});

describe('annotations: malformed annotations', () => {
  const cases: [string, string][] = [
    ['@owner()', '@owner on model Note lists no fields; name the field that holds the signed-in user\'s id, like @owner(userId).'],
    ['@owner', '@owner on model Note lists no fields; name the field that holds the signed-in user\'s id, like @owner(userId).'],
    ['@tenant( )', "@tenant on model Note lists no fields; name the field that holds the user's tenant id, like @tenant(tenantId)."],
    ['@owner(authorId', '@owner on model Note has unbalanced parentheses; write it like @owner(userId) or @owner(a, relation.b).'],
    ['@owner((authorId)', '@owner on model Note has unbalanced parentheses; write it like @owner(userId) or @owner(a, relation.b).'],
    ['@owner(authorId))', '@owner on model Note has unbalanced parentheses; write it like @owner(userId) or @owner(a, relation.b).'],
    ['@tenant(clinicId\nmore text', '@tenant on model Note has unbalanced parentheses; write it like @tenant(tenantId) or @tenant(a, relation.b).'],
    ['@public', '@public on model Note needs a reason in quotes, like @public("reference data").'],
    ['@public()', '@public on model Note needs a reason in quotes, like @public("reference data").'],
    ['@public("  ")', '@public on model Note needs a reason in quotes, like @public("reference data").'],
    ['@public(reference data)', '@public on model Note needs a reason in quotes, like @public("reference data").'],
    ['@public("reference data"', '@public on model Note has unbalanced parentheses or quotes; write it like @public("reference data").'],
    ['@public("reference data)', '@public on model Note has unbalanced parentheses or quotes; write it like @public("reference data").'],
    ['@ownr(authorId)', '@ownr on model Note is not a data-isolation annotation; did you mean @owner?'],
    ['@Tenant(clinicId)', '@Tenant on model Note is not a data-isolation annotation; did you mean @tenant?'],
  ];
  for (const [doc, expected] of cases) {
    it(JSON.stringify(doc), () => {
      const { config, where, note } = loadNote(doc);
      assert.deepEqual(messages(config), [`${where}: ${expected}`]);
      assert.equal(note, undefined);
    });
  }

  it('@public together with @owner is a problem; the owner scope applies', () => {
    const { config, where, note } = loadNote('@public("everyone")\n@owner(authorId)');
    assert.deepEqual(messages(config), [
      `${where}: model Note is marked both @public and @owner; remove one of them (until then @owner applies).`,
    ]);
    assert.deepEqual(note, ownedBy(['authorId']));
  });

  it('@public together with @owner and @tenant names both', () => {
    const { config, where, note } = loadNote('@tenant(clinicId)\n@owner(authorId)\n@public("x")');
    assert.deepEqual(messages(config), [
      `${where}: model Note is marked both @public and @owner and @tenant; remove one of them (until then @owner and @tenant apply).`,
    ]);
    assert.deepEqual(note, ownedBy(['authorId'], ['clinicId']));
  });

  it('other @-tags are left alone', () => {
    const { config, note } = loadNote('@deprecated use Memo\n@see(Memo)\n@owner(authorId)');
    assert.deepEqual(config.problems, []);
    assert.deepEqual(note, ownedBy(['authorId']));
  });
});
