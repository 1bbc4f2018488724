import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QueriesView } from '../../view';
import { api, apply, DOCS, eslintMessages, fileUri, ours, plain, quickFixes, rangeOf, root, RULE, setText, until } from '../helpers';

const FINDMANY: [number, number, number, number] = [3, 26, 3, 34];
const CONSULTATION_COUNT =
  "`count` on Consultation is not filtered by its owner (`patientId`), so it can return any user's Consultation rows. Add `patientId` to `where`, set from the signed-in user.";

/** [label, description, [label, description, tooltip] per query] per model, as the view shows them. */
function tree(view: QueriesView) {
  return view.getChildren().map((group) => {
    const item = view.getTreeItem(group);
    return [
      item.label,
      item.description,
      view.getChildren(group).map((q) => {
        const query = view.getTreeItem(q);
        return [query.label, query.description, (query.tooltip as vscode.MarkdownString).value.split('\n\n')[1]];
      }),
    ];
  });
}

suite('trusted workspace: diagnostics, quick fixes, hover', () => {
  let editor: vscode.TextEditor;
  let uri: vscode.Uri;
  let original: string;

  suiteSetup(async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    await api();
    uri = fileUri('src/recordings.ts');
    original = fs.readFileSync(uri.fsPath, 'utf8');
    editor = await vscode.window.showTextDocument(uri);
  });

  async function unscopedAgain(): Promise<vscode.Diagnostic> {
    await setText(editor, original);
    const [diagnostic] = await until('the finding', () => ours(uri).length === 1 && ours(uri));
    return diagnostic!;
  }

  test('an unscoped query is reported as the ESLint CLI reports it, with the config severity and a docs link', async () => {
    const diagnostics = await until('the finding', () => ours(uri).length > 0 && ours(uri));
    const [cli] = eslintMessages('src/recordings.ts');
    assert.deepEqual(diagnostics.map(plain), [
      { range: FINDMANY, severity: vscode.DiagnosticSeverity.Warning, code: { value: RULE, target: DOCS }, message: cli!.message },
    ]);
    assert.equal(cli!.severity, 1, 'the workspace config sets the rule to warn');
    const engine = await (await api()).client()!.sendRequest<{ kind: string; configFile: string }>('dataIsolation/engine', { uri: uri.toString() });
    assert.deepEqual([engine.kind, engine.configFile], ['workspace', path.join(root(), 'eslint.config.mjs')]);
    assert.ok(fs.existsSync(path.join(root(), 'eslint-config-was-loaded.txt')), 'the workspace config ran in the language server');
  });

  test('hover explains the finding', async () => {
    const [diagnostic] = await until('the finding', () => ours(uri).length === 1 && ours(uri));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic!.range.start.translate(0, 2));
    const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((t) => t.includes('Data isolation'));
    assert.equal(texts.length, 1, texts.join('\n----\n'));
    const lines = texts[0]!.split('\n');
    assert.equal(lines[0], '**Data isolation — Unscoped query on `Recording`**');
    assert.equal(lines[2], 'Model: **Recording** · Operation: `findMany` · Owner: `consultation.patientId`');
    assert.match(lines[4]!, /^\*\*Why this is a leak:\*\* Nothing in its `where` ties the rows to the signed-in user/);
    assert.equal(
      lines[6],
      '**How to fix:** Filter by `consultation: { patientId: session.user.id }` — available as a quick fix. If the query must read across users, suppress it with a justification.',
    );
    assert.equal(lines[8], `[${RULE}](${DOCS})`);
  });

  test('quick fixes: the suggestion, suppress with a justification, show documentation', async () => {
    const diagnostic = await unscopedAgain();
    const actions = await quickFixes(uri, diagnostic.range);
    const ours = actions.filter((a) => /^(Filter by|Suppress data-isolation|Show documentation for data-isolation)/.test(a.title));
    assert.deepEqual(
      ours.map((a) => a.title),
      [
        'Filter by `consultation: { patientId: session.user.id }`.',
        `Suppress ${RULE} for this line with a justification`,
        `Show documentation for ${RULE}`,
      ],
    );
    assert.equal(ours[0]!.isPreferred, true);
    assert.deepEqual([ours[2]!.command?.command, ours[2]!.command?.arguments], ['dataIsolation.showDocumentation', [DOCS]]);
  });

  test('the suggestion adds the owner filter, and the finding disappears', async () => {
    const diagnostic = await unscopedAgain();
    const [fix] = await quickFixes(uri, diagnostic.range);
    await apply(fix!);
    assert.equal(
      editor.document.lineAt(3).text,
      '  return prisma.recording.findMany({ where: { consultationId, consultation: { patientId: session.user.id } } });',
    );
    await until('the finding to disappear', () => ours(uri).length === 0);
    assert.equal(editor.document.getText(), original.replace('{ where: { consultationId } }', '{ where: { consultationId, consultation: { patientId: session.user.id } } }'));
  });

  test('suppress inserts the disable comment and puts the cursor where the reason goes', async () => {
    const diagnostic = await unscopedAgain();
    const suppress = (await quickFixes(uri, diagnostic.range)).find((a) => a.title.startsWith('Suppress'))!;
    await apply(suppress);
    const comment = `  // eslint-disable-next-line ${RULE} -- `;
    assert.equal(editor.document.lineAt(3).text, comment);
    assert.equal(editor.document.lineAt(4).text, '  return prisma.recording.findMany({ where: { consultationId } });');
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character, editor.selection.isEmpty], [3, comment.length, true]);
    await vscode.commands.executeCommand('type', { text: 'public playlist, checked by the caller' });
    assert.equal(editor.document.lineAt(3).text, `${comment}public playlist, checked by the caller`);
    await until('the finding to disappear', () => ours(uri).length === 0);
    const view = (await api()).view;
    await until('the suppressed query in the view', () => view.group('Recording')?.queries.some((q) => q.status === 'suppressed'));
  });

  test('dataIsolation.enable is read per folder: off clears the findings, on brings them back', async () => {
    await unscopedAgain();
    const settings = vscode.workspace.getConfiguration('dataIsolation', uri);
    await settings.update('enable', false, vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await until('the findings to be cleared', () => ours(uri).length === 0);
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await until('the finding to come back', () => ours(uri).length === 1);
  });

  suiteTeardown(async () => {
    await setText(editor, original);
  });
});

suite('trusted workspace: the view, the status item and schema.prisma', () => {
  test('a workspace scan lists every query, grouped by model, with its status', async () => {
    const { view, status } = await api();
    await vscode.commands.executeCommand('dataIsolation.scanWorkspace');
    assert.equal(view.scanned, true);
    assert.deepEqual(tree(view), [
      [
        'Consultation',
        '4 queries · 1 unscoped · 1 suppressed',
        [
          ['findMany · consultations.ts:4', 'scoped', 'patientId ← signed-in user'],
          ['count · consultations.ts:9', 'suppressed: admin report, reviewed in SEC-12', CONSULTATION_COUNT],
          ['delete · consultations.ts:13', 'unscoped', eslintMessages('src/consultations.ts')[0]!.message],
          ['findUnique · consultations.ts:17', 'guarded: checked after the fetch', 'owner: checked against the signed-in user after the fetch'],
        ],
      ],
      ['Recording', '1 query · 1 unscoped', [['findMany · recordings.ts:4', 'unscoped', eslintMessages('src/recordings.ts')[0]!.message]]],
    ]);
    await until('the status item count', () => status.text === '$(shield) 5 queries · 2 unscoped · 1 suppressed');
  });

  test('clicking a query opens it at the query', async () => {
    const { view } = await api();
    const group = view.group('Consultation')!;
    const del = view.getChildren(group)[2]!;
    const command = view.getTreeItem(del).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await until('the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === fileUri('src/consultations.ts').fsPath && vscode.window.activeTextEditor);
    assert.deepEqual(rangeOf(editor.selection), [12, 29, 12, 35]);
  });

  test('schema.prisma: CodeLens counts per model and the quick action that declares an owner', async () => {
    const schema = fileUri('prisma/schema.prisma');
    const editor = await vscode.window.showTextDocument(schema);
    const lenses = await until('the CodeLenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', schema);
      return found.length === 5 && found;
    });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [12, '0 queries · 0 unscoped · not classified'],
        [20, '4 queries · 1 unscoped · 1 suppressed'],
        [29, '1 query · 1 unscoped'],
        [36, '0 queries · 0 unscoped'],
        [41, '0 queries · 0 unscoped · not classified'],
      ],
    );
    const actions = await quickFixes(schema, new vscode.Range(44, 4, 44, 4));
    const declare = actions.find((a) => a.title.startsWith('Declare Document'));
    assert.ok(declare, actions.map((a) => a.title).join(', '));
    await apply(declare);
    assert.deepEqual([editor.document.lineAt(41).text, editor.document.lineAt(42).text], ['/// @owner(ownerId)', 'model Document {']);
  });
});

suite('trusted workspace: dataIsolation.run "onSave"', () => {
  const uri = () => fileUri('src/recordings.ts');
  let original: string;

  suiteSetup(() => {
    original = fs.readFileSync(uri().fsPath, 'utf8');
  });

  test('a change is not linted until the file is saved', async () => {
    const { client, view } = await api();
    const editor = await vscode.window.showTextDocument(uri());
    await setText(editor, original);
    await until('the finding', () => ours(uri()).length === 1);
    const settings = vscode.workspace.getConfiguration('dataIsolation', uri());
    await settings.update('run', 'onSave', vscode.ConfigurationTarget.WorkspaceFolder);
    await settings.update('debounce', 0, vscode.ConfigurationTarget.WorkspaceFolder);
    // The server applies settings once it has processed the configuration change, which relints open
    // documents; a scan is then a barrier after which lints queued before it have published.
    await until('the server to apply the settings', async () => {
      const applied = await client()!.sendRequest<{ run: string; debounce: number }>('dataIsolation/settings', { uri: uri().toString() });
      return applied.run === 'onSave' && applied.debounce === 0;
    });
    await client()!.sendRequest('dataIsolation/scanWorkspace');
    const events: string[] = [];
    const t0 = Date.now();
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri().toString())) events.push(`${Date.now() - t0}ms v${editor.document.version} ${ours(uri()).length}`);
    });
    events.push(`start v${editor.document.version}`);
    await setText(editor, original.replace('{ consultationId }', '{ consultationId, consultation: { patientId: session.user.id } }'));
    await client()!.sendRequest('dataIsolation/scanWorkspace');
    await until('the scanned (unsaved) text in the view', () => view.group('Recording')?.queries[0]?.status === 'scoped');
    sub.dispose();
    assert.deepEqual(ours(uri()).map((d) => rangeOf(d.range)), [FINDMANY], `not linted on change: ${events.join(', ')}`);
    assert.ok(await editor.document.save());
    await until('the finding to disappear on save', () => ours(uri()).length === 0);
  });

  suiteTeardown(async () => {
    const settings = vscode.workspace.getConfiguration('dataIsolation', uri());
    await settings.update('run', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await settings.update('debounce', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    const editor = await vscode.window.showTextDocument(uri());
    await setText(editor, original);
    await editor.document.save();
  });
});

suite('trusted workspace: the server\'s memory limit', () => {
  const heapLimit = async () => {
    const client = (await api()).client();
    if (!client?.isRunning()) return undefined;
    return (await client.sendRequest<{ heapLimitMiB: number }>('dataIsolation/memory')).heapLimitMiB;
  };

  test('the server runs with dataIsolation.server.maxMemory as its heap limit; a change restarts it', async () => {
    // V8's limit is the old space plus the young generation (192 MiB more on Node 24); unlimited, it
    // would be a quarter of the machine's memory, up to 4 GiB.
    const before = await until('the server', heapLimit);
    assert.ok(before >= 768 && before < 1024, `heap limit ${before} MiB with the default 768`);
    const settings = vscode.workspace.getConfiguration('dataIsolation');
    await settings.update('server.maxMemory', 1024, vscode.ConfigurationTarget.Workspace);
    try {
      const after = await until('the restarted server', async () => {
        const limit = await heapLimit();
        return limit !== undefined && limit >= 1024 && limit;
      });
      assert.ok(after < 1280, `heap limit ${after} MiB with 1024`);
    } finally {
      await settings.update('server.maxMemory', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the server back at the default', async () => ((await heapLimit()) ?? Infinity) < 1024);
  });
});
