import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, apply, DOCS, eslintMessages, fileUri, ours, plain, quickFixes, rangeOf, root, RULE, setText, until } from '../helpers';

const FINDMANY: [number, number, number, number] = [3, 26, 3, 34];

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
  test('a workspace scan lists the queries, grouped by model, with their status', async () => {
    const { view, status } = await api();
    await vscode.commands.executeCommand('dataIsolation.scanWorkspace');
    assert.equal(view.scanned, true);
    const tree = view.getChildren().map((group) => {
      const item = view.getTreeItem(group);
      return [item.label, item.description, view.getChildren(group).map((q) => [view.getTreeItem(q).label, view.getTreeItem(q).description])];
    });
    assert.deepEqual(tree, [
      [
        'Consultation',
        '1 unscoped · 1 suppressed',
        [
          ['count · consultations.ts:9', 'suppressed: admin report, reviewed in SEC-12'],
          ['delete · consultations.ts:13', 'unscoped'],
        ],
      ],
      ['Recording', '1 unscoped · 0 suppressed', [['findMany · recordings.ts:4', 'unscoped']]],
    ]);
    await until('the status item count', () => status.text === '$(shield) 2 unscoped');
  });

  test('clicking a query opens it at the query', async () => {
    const { view } = await api();
    const group = view.group('Consultation')!;
    const del = view.getChildren(group)[1]!;
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
        [12, '0 unscoped · not classified'],
        [20, '1 unscoped · 1 suppressed'],
        [29, '1 unscoped'],
        [36, '0 unscoped'],
        [41, '0 unscoped · not classified'],
      ],
    );
    const actions = await quickFixes(schema, new vscode.Range(44, 4, 44, 4));
    const declare = actions.find((a) => a.title.startsWith('Declare Document'));
    assert.ok(declare, actions.map((a) => a.title).join(', '));
    await apply(declare);
    assert.deepEqual([editor.document.lineAt(41).text, editor.document.lineAt(42).text], ['/// @owner(ownerId)', 'model Document {']);
  });
});
