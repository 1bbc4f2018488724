import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, DOCS, fileUri, ours, plain, root, RULE, until } from '../helpers';

suite('Restricted Mode', () => {
  test('lints with the bundled engine, and never runs the workspace eslint.config.mjs', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is not trusted');
    const { client, view } = await api();
    const uri = fileUri('src/recordings.ts');
    await vscode.window.showTextDocument(uri);
    const diagnostics = await until('the finding', () => ours(uri).length > 0 && ours(uri));
    assert.deepEqual(
      diagnostics.map((d) => plain(d)).map(({ range, severity, code }) => ({ range, severity, code })),
      [{ range: [3, 26, 3, 34], severity: vscode.DiagnosticSeverity.Error, code: { value: RULE, target: DOCS } }],
    );
    assert.match(diagnostics[0]!.message, /^`findMany` on Recording is not filtered by its owner \(`consultation\.patientId`\)/);
    const engine = await client()!.sendRequest<{ kind: string; configFile?: string; reason: string }>('dataIsolation/engine', { uri: uri.toString() });
    assert.equal(engine.kind, 'bundled');
    assert.equal(engine.configFile, undefined);
    await vscode.commands.executeCommand('dataIsolation.scanWorkspace');
    assert.deepEqual(
      view.getChildren().map((g) => view.getTreeItem(g).label),
      ['Consultation', 'Recording'],
    );
    assert.equal(fs.existsSync(path.join(root(), 'eslint-config-was-loaded.txt')), false, 'eslint.config.mjs was loaded');
  });
});
