// The language server on its own, over stdio, driven by a real LSP client, on a fixture workspace
// with a generated Prisma client and typed linting.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { prepareWorkspace } from './fixtures.mjs';
import { startClient, until } from './lsp-client.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function eslintMessage(file) {
  const { ESLint } = require('eslint');
  const root = prepareWorkspace('lsp-reference');
  const [result] = await new ESLint({ cwd: root }).lintFiles([join(root, file)]);
  assert.equal(result.messages.length, 1, JSON.stringify(result.messages));
  return result.messages[0].message;
}

const RULE = 'data-isolation/require-owner-scope';
const DOCS = 'https://github.com/data-isolation/data-isolation/blob/main/packages/eslint-plugin-data-isolation/docs/rules/require-owner-scope.md';
// What the `eslint` CLI reports for the fixture: the editor must show exactly the same.
const RECORDINGS_MESSAGE = await eslintMessage('src/recordings.ts');
const FINDMANY = { start: { line: 3, character: 26 }, end: { line: 3, character: 34 } };
const MARKER = 'eslint-config-was-loaded.txt';

/** [file, line, model, operation, status, justification or how it is scoped], in file order. */
function summarize(client, queries) {
  return queries
    .map((q) => [q.uri.slice(client.uri('').length), q.range.start.line, q.model, q.operation, q.status, q.justification ?? q.scopedBy])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
}

describe('trusted workspace: the workspace ESLint and config', () => {
  let root;
  let client;
  before(async () => {
    root = prepareWorkspace('lsp-trusted');
    client = await startClient({ root, trusted: true, placeCursorCommand: true });
  });
  after(() => client?.stop());

  test('announces its features', () => {
    const caps = client.init.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.deepEqual(caps.executeCommandProvider, { commands: ['dataIsolation.showDocumentation'] });
  });

  test('reports an unscoped query on open, with the severity of the workspace config and a docs link', async () => {
    await client.open('src/recordings.ts');
    const diagnostics = await client.diagnosticsFor('src/recordings.ts');
    assert.deepEqual(diagnostics, [
      { range: FINDMANY, severity: 2, source: 'data-isolation', code: RULE, codeDescription: { href: DOCS }, message: RECORDINGS_MESSAGE },
    ]);
    const engine = await client.connection.sendRequest('dataIsolation/engine', { uri: client.uri('src/recordings.ts') });
    assert.equal(engine.kind, 'workspace');
    assert.equal(engine.configFile, join(root, 'eslint.config.mjs'));
    assert.ok(existsSync(join(root, MARKER)), 'the workspace config ran');
  });

  test('hover explains the finding: model, owner fields, why, how to fix', async () => {
    const hover = await client.connection.sendRequest(client.lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('src/recordings.ts') },
      position: { line: 3, character: 30 },
    });
    assert.deepEqual(hover.range, FINDMANY);
    assert.equal(hover.contents.kind, 'markdown');
    assert.equal(
      hover.contents.value,
      [
        '**Data isolation — Unscoped query on `Recording`**',
        '',
        'Model: **Recording** · Operation: `findMany` · Owner: `consultation.patientId`',
        '',
        "**Why this is a leak:** Nothing in its `where` ties the rows to the signed-in user, so anyone who can reach this code can return other users' rows just by changing an id: broken object-level authorization (OWASP API1, CWE-639).",
        '',
        '**How to fix:** Filter by `consultation: { patientId: session.user.id }` — available as a quick fix. If the query must read across users, suppress it with a justification.',
        '',
        `[${RULE}](${DOCS})`,
      ].join('\n'),
    );
    const nothing = await client.connection.sendRequest(client.lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('src/recordings.ts') },
      position: { line: 0, character: 3 },
    });
    assert.equal(nothing, null);
  });

  async function actions(file) {
    const diagnostics = await client.diagnosticsFor(file);
    return client.connection.sendRequest(client.lsp.CodeActionRequest.type, {
      textDocument: { uri: client.uri(file) },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
  }

  test('offers the suggestion, suppress-with-justification and show-documentation quick fixes', async () => {
    const found = await actions('src/recordings.ts');
    assert.deepEqual(
      found.map((a) => a.title),
      [
        'Filter by `consultation: { patientId: session.user.id }`.',
        `Suppress ${RULE} for this line with a justification`,
        `Show documentation for ${RULE}`,
      ],
    );
    assert.deepEqual(found[2].command, { title: 'Show documentation', command: 'dataIsolation.showDocumentation', arguments: [DOCS] });
  });

  test('the suggestion scopes the query, and the finding disappears', async () => {
    const [fix] = await actions('src/recordings.ts');
    const text = client.applyEdits('src/recordings.ts', fix.edit.changes[client.uri('src/recordings.ts')]);
    assert.equal(
      text.split('\n')[3],
      '  return prisma.recording.findMany({ where: { consultationId, consultation: { patientId: session.user.id } } });',
    );
    await client.change('src/recordings.ts', text);
    assert.deepEqual(await client.diagnosticsFor('src/recordings.ts'), []);
  });

  test('an unscoped query typed again is reported again', async () => {
    const text = client.text('src/recordings.ts').replace(', consultation: { patientId: session.user.id }', '');
    await client.change('src/recordings.ts', text);
    assert.deepEqual((await client.diagnosticsFor('src/recordings.ts')).map((d) => d.range), [FINDMANY]);
  });

  test('suppress inserts the disable comment with the cursor at the reason; with a reason the query is listed as suppressed', async () => {
    const found = await actions('src/recordings.ts');
    const suppress = found[1];
    const text = client.applyEdits('src/recordings.ts', suppress.edit.changes[client.uri('src/recordings.ts')]);
    const comment = `  // eslint-disable-next-line ${RULE} -- `;
    assert.deepEqual(text.split('\n').slice(3, 5), [comment, '  return prisma.recording.findMany({ where: { consultationId } });']);
    assert.deepEqual(suppress.command, {
      title: 'Type the justification',
      command: 'dataIsolation.placeCursor',
      arguments: [client.uri('src/recordings.ts'), 3, comment.length],
    });
    const justified = text.replace(comment, `${comment}public playlist, checked by the caller`);
    await client.change('src/recordings.ts', justified);
    assert.deepEqual(await client.diagnosticsFor('src/recordings.ts'), []);
    const { queries, inventory } = await client.connection.sendRequest('dataIsolation/queries');
    assert.equal(inventory, true);
    assert.deepEqual(queries, [
      {
        uri: client.uri('src/recordings.ts'),
        range: { start: { line: 4, character: 26 }, end: { line: 4, character: 34 } },
        model: 'Recording',
        operation: 'findMany',
        status: 'suppressed',
        message: RECORDINGS_MESSAGE,
        ruleId: RULE,
        messageId: 'missingOwnerScope',
        justification: 'public playlist, checked by the caller',
      },
    ]);
  });

  test('show documentation asks the client to open the rule docs externally', async () => {
    await client.connection.sendRequest(client.lsp.ExecuteCommandRequest.type, { command: 'dataIsolation.showDocumentation', arguments: [DOCS] });
    assert.deepEqual(client.shown, [{ uri: DOCS, external: true }]);
  });

  test('the workspace scan lists every query: scoped, guarded, unscoped, and suppressed with its reason, with progress', async () => {
    const result = await client.connection.sendRequest('dataIsolation/scanWorkspace');
    assert.equal(result.scanned, true);
    assert.equal(result.inventory, true);
    assert.deepEqual(summarize(client, result.queries), [
      ['src/consultations.ts', 3, 'Consultation', 'findMany', 'scoped', 'patientId ← signed-in user'],
      ['src/consultations.ts', 8, 'Consultation', 'count', 'suppressed', 'admin report, reviewed in SEC-12'],
      ['src/consultations.ts', 12, 'Consultation', 'delete', 'unscoped', undefined],
      ['src/consultations.ts', 16, 'Consultation', 'findUnique', 'guarded', 'owner: checked against the signed-in user after the fetch'],
      ['src/recordings.ts', 4, 'Recording', 'findMany', 'suppressed', 'public playlist, checked by the caller'],
    ]);
    const last = client.progress.at(-1);
    assert.equal(last.done, last.total);
    assert.equal(last.total, 3);
    assert.deepEqual(client.changes.at(-1), { queries: 5, unscoped: 1, suppressed: 2, inventory: true });
  });

  test('schema.prisma: a CodeLens per model with its query counts', async () => {
    await client.open('prisma/schema.prisma', 'prisma');
    const lenses = await client.connection.sendRequest(client.lsp.CodeLensRequest.type, { textDocument: { uri: client.uri('prisma/schema.prisma') } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command.title, l.command.command, l.command.arguments?.[0]]),
      [
        [12, '0 queries · 0 unscoped · not classified', 'dataIsolation.showQueries', 'User'],
        [20, '4 queries · 1 unscoped · 1 suppressed', 'dataIsolation.showQueries', 'Consultation'],
        [29, '1 query · 0 unscoped · 1 suppressed', 'dataIsolation.showQueries', 'Recording'],
        [36, '0 queries · 0 unscoped', 'dataIsolation.showQueries', 'Medication'],
        [41, '0 queries · 0 unscoped · not classified', 'dataIsolation.showQueries', 'Document'],
      ],
    );
  });

  test('schema.prisma: declare an owner on a model with an owner-like relation and no classification', async () => {
    const uri = client.uri('prisma/schema.prisma');
    const none = await client.connection.sendRequest(client.lsp.CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 22, character: 2 }, end: { line: 22, character: 2 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(none, [], 'Consultation is classified');
    const [declare, ...rest] = await client.connection.sendRequest(client.lsp.CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 44, character: 4 }, end: { line: 44, character: 4 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(rest, []);
    assert.equal(declare.title, 'Declare Document as owned by `ownerId` (/// @owner(ownerId))');
    const text = client.applyEdits('prisma/schema.prisma', declare.edit.changes[uri]);
    assert.deepEqual(text.split('\n').slice(40, 43), ['', '/// @owner(ownerId)', 'model Document {']);
  });

  test('a file that does not parse gets no diagnostics and the server keeps working', async () => {
    writeFileSync(join(root, 'src/broken.ts'), 'export const = ;\n');
    await client.open('src/broken.ts');
    assert.deepEqual(await client.diagnosticsFor('src/broken.ts'), []);
    await client.change('src/recordings.ts', client.text('src/recordings.ts').replace(/^ *\/\/ eslint-disable.*\n/m, ''));
    assert.equal((await client.diagnosticsFor('src/recordings.ts')).length, 1);
  });

  test('a query in a job processor (BullMQ, recognised by type) is listed as system, with the reason, and not reported', async () => {
    const file = 'src/jobs.ts';
    writeFileSync(
      join(root, file),
      "import { Worker } from 'bullmq';\nimport { prisma } from './db';\n\nexport const worker = new Worker('purge', async () => prisma.recording.deleteMany(), { connection: {} });\n",
    );
    await client.open(file);
    assert.deepEqual(await client.diagnosticsFor(file), []);
    const { queries } = await client.connection.sendRequest('dataIsolation/queries');
    assert.deepEqual(
      summarize(client, queries).filter(([f]) => f === file),
      [[file, 3, 'Recording', 'deleteMany', 'system', 'a BullMQ job processor (`new Worker()`)']],
    );
  });
});

describe('Restricted Mode: only the bundled engine, configured from the schema', () => {
  let root;
  let client;
  before(async () => {
    root = prepareWorkspace('lsp-restricted');
    client = await startClient({ root, trusted: false });
  });
  after(() => client?.stop());

  test('lints with the bundled ESLint and plugin and never loads eslint.config.mjs', async () => {
    await client.open('src/recordings.ts');
    const diagnostics = await client.diagnosticsFor('src/recordings.ts');
    assert.deepEqual(diagnostics, [
      { range: FINDMANY, severity: 1, source: 'data-isolation', code: RULE, codeDescription: { href: DOCS }, message: RECORDINGS_MESSAGE },
    ]);
    const engine = await client.connection.sendRequest('dataIsolation/engine', { uri: client.uri('src/recordings.ts') });
    assert.equal(engine.kind, 'bundled');
    assert.equal(engine.configFile, undefined);
    const scan = await client.connection.sendRequest('dataIsolation/scanWorkspace');
    // The bundled engine does not read the config's principal.types, so `session` is of unknown origin.
    assert.deepEqual(summarize(client, scan.queries), [
      ['src/consultations.ts', 3, 'Consultation', 'findMany', 'unverified', 'patientId ← unknown: `session` is a function parameter'],
      ['src/consultations.ts', 8, 'Consultation', 'count', 'suppressed', 'admin report, reviewed in SEC-12'],
      ['src/consultations.ts', 12, 'Consultation', 'delete', 'unscoped', undefined],
      ['src/consultations.ts', 16, 'Consultation', 'findUnique', 'guarded', 'owner: checked against the signed-in user after the fetch'],
      ['src/recordings.ts', 3, 'Recording', 'findMany', 'unscoped', undefined],
    ]);
    assert.equal(existsSync(join(root, 'eslint-config-was-loaded.txt')), false, 'the workspace config must not run');
  });

  test('an invalid dataIsolation.models setting is one clear diagnostic, not a crash', async () => {
    const bad = await startClient({ root, trusted: false, settings: { models: { Recordingg: { owner: 'consultation.patientId' } } } });
    try {
      await bad.open('src/recordings.ts');
      const messages = (await bad.diagnosticsFor('src/recordings.ts')).map((d) => d.message);
      assert.ok(messages.some((m) => m.startsWith('data-isolation configuration problem:') && m.includes('Recordingg')), messages.join('\n'));
    } finally {
      await bad.stop();
    }
  });

  test('a wrong setting value is one clear message, and its default is used', async () => {
    const bad = await startClient({ root, trusted: false, settings: { bundledConfig: 'lenient' } });
    try {
      await bad.open('src/recordings.ts');
      assert.equal((await bad.diagnosticsFor('src/recordings.ts')).length, 1);
      assert.deepEqual(bad.messages, [
        { type: 2, message: 'Data isolation: dataIsolation.bundledConfig must be "recommended" or "strict" (got "lenient"); using "recommended"' },
      ]);
    } finally {
      await bad.stop();
    }
  });
});

test('run: "onSave" lints a changed document only when it is saved', async () => {
  const root = prepareWorkspace('lsp-on-save');
  const client = await startClient({ root, trusted: true, settings: { run: 'onSave', debounce: 0 } });
  try {
    await client.open('src/recordings.ts');
    assert.equal((await client.diagnosticsFor('src/recordings.ts')).length, 1);
    await client.change('src/recordings.ts', client.text('src/recordings.ts').replace('{ consultationId }', '{ consultationId, consultation: { patientId: session.user.id } }'));
    // With debounce 0 a lint on change would be queued before the lint of a file opened after it, so
    // once that file's diagnostics arrive, those of the change would have too.
    await client.open('src/consultations.ts');
    assert.equal((await client.diagnosticsFor('src/consultations.ts')).length, 1);
    const published = client.diagnostics.get(client.uri('src/recordings.ts'));
    assert.deepEqual([published.version, published.diagnostics.length], [1, 1], 'not linted on change');
    await client.save('src/recordings.ts');
    assert.deepEqual(await client.diagnosticsFor('src/recordings.ts'), []);
  } finally {
    await client.stop();
  }
});

test('a workspace plugin without eslint-plugin-data-isolation/inventory: findings only, and the log says so', async () => {
  const root = prepareWorkspace('lsp-old-plugin');
  // The installed plugin as a version before the inventory export: same code, without "./inventory".
  const plugin = join(root, 'node_modules/eslint-plugin-data-isolation');
  const source = dirname(require.resolve('eslint-plugin-data-isolation/package.json'));
  mkdirSync(plugin, { recursive: true });
  cpSync(join(source, 'dist'), join(plugin, 'dist'), { recursive: true });
  symlinkSync(join(source, 'node_modules'), join(plugin, 'node_modules'));
  const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  delete pkg.exports['./inventory'];
  writeFileSync(join(plugin, 'package.json'), JSON.stringify({ ...pkg, version: '0.0.9' }));
  const client = await startClient({ root, trusted: true });
  try {
    const engine = await client.connection.sendRequest('dataIsolation/engine', { uri: client.uri('src/recordings.ts') });
    assert.deepEqual([engine.kind, engine.pluginVersion], ['workspace', '0.0.9']);
    const result = await client.connection.sendRequest('dataIsolation/scanWorkspace');
    assert.equal(result.inventory, false);
    assert.deepEqual(summarize(client, result.queries), [
      ['src/consultations.ts', 8, 'Consultation', 'count', 'suppressed', 'admin report, reviewed in SEC-12'],
      ['src/consultations.ts', 12, 'Consultation', 'delete', 'unscoped', undefined],
      ['src/recordings.ts', 3, 'Recording', 'findMany', 'unscoped', undefined],
    ]);
    assert.ok(
      client.logs.includes(
        `eslint-plugin-data-isolation 0.0.9 used by ${join(root, 'eslint.config.mjs')} has no eslint-plugin-data-isolation/inventory (ERR_PACKAGE_PATH_NOT_EXPORTED): ` +
          'the Data isolation view and schema.prisma CodeLenses list findings only, not scoped queries. Update the plugin to list every query.',
      ),
      client.logs.join('\n'),
    );
    await client.open('prisma/schema.prisma', 'prisma');
    const lenses = await client.connection.sendRequest(client.lsp.CodeLensRequest.type, { textDocument: { uri: client.uri('prisma/schema.prisma') } });
    assert.deepEqual(
      lenses.map((l) => l.command.title),
      ['0 unscoped · not classified', '1 unscoped · 1 suppressed', '1 unscoped', '0 unscoped', '0 unscoped · not classified'],
    );
  } finally {
    await client.stop();
  }
});

test('a document is linted again when its text changes, after the debounce', async () => {
  const root = prepareWorkspace('lsp-debounce');
  const client = await startClient({ root, trusted: true, settings: { debounce: 50 } });
  try {
    await client.open('src/consultations.ts');
    assert.equal((await client.diagnosticsFor('src/consultations.ts')).length, 1);
    await client.change('src/consultations.ts', client.text('src/consultations.ts').replace('{ where: { id } }', '{ where: { id, patientId: session.user.id } }'));
    assert.deepEqual(await client.diagnosticsFor('src/consultations.ts'), []);
    assert.equal(client.stderr, '');
  } finally {
    await client.stop();
  }
});

test('editing a helper updates the findings of the open files that call it, without touching them', async () => {
  const root = prepareWorkspace('lsp-dependents');
  const helper = `import { prisma } from './db';

export function recordingsOf(consultationId: string, patientId: string) {
  return prisma.recording.findMany({ where: { consultationId } });
}
`;
  writeFileSync(join(root, 'src/recordings-of.ts'), helper);
  writeFileSync(
    join(root, 'src/recordings-route.ts'),
    `import type { Session } from './db';
import { recordingsOf } from './recordings-of';

export async function GET(session: Session, consultationId: string) {
  return recordingsOf(consultationId, session.user.id);
}
`,
  );
  const client = await startClient({ root, trusted: true, settings: { debounce: 50 } });
  const route = client.uri('src/recordings-route.ts');
  const published = () => client.diagnostics.get(route)?.diagnostics;
  try {
    await client.open('src/recordings-route.ts');
    const [finding, ...others] = await client.diagnosticsFor('src/recordings-route.ts');
    assert.deepEqual(others, []);
    assert.deepEqual(finding.range, { start: { line: 4, character: 9 }, end: { line: 4, character: 21 } });
    assert.match(finding.message, /^`recordingsOf → recording\.findMany at src\/recordings-of\.ts:4` is not filtered by Recording's owner/);
    await client.open('src/recordings-of.ts');
    assert.deepEqual(await client.diagnosticsFor('src/recordings-of.ts'), []);
    // The helper now filters by the owner its caller passes: the caller's finding goes.
    await client.change('src/recordings-of.ts', helper.replace('{ consultationId }', '{ consultationId, consultation: { patientId } }'));
    assert.deepEqual(await client.diagnosticsFor('src/recordings-of.ts'), []);
    await until('the route to be linted again with no finding', () => published()?.length === 0);
    // And back: the finding returns.
    await client.change('src/recordings-of.ts', helper);
    await client.diagnosticsFor('src/recordings-of.ts');
    await until('the route to be reported again', () => published()?.length === 1);
    assert.deepEqual(published()[0].range, finding.range);
    assert.equal(client.stderr, '');
  } finally {
    await client.stop();
  }
});
