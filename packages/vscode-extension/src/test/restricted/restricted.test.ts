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
    const engine = await client()!.sendRequest<{ kind: string; configFile?: string; reason: string; eslintPath: string }>('dataIsolation/engine', { uri: uri.toString() });
    assert.equal(engine.kind, 'bundled');
    assert.equal(engine.configFile, undefined);
    // From the .vsix: the ESLint in the installed extension's server bundle.
    if (process.env.DATA_ISOLATION_VSIX) {
      const extensionPath = vscode.extensions.getExtension('data-isolation.vscode-data-isolation')!.extensionPath;
      assert.equal(engine.eslintPath, `${path.join(extensionPath, 'dist/server.js')} (bundled)`);
    }
    await vscode.commands.executeCommand('dataIsolation.scanWorkspace');
    // The bundled engine does not read the workspace config's principal.types: `session` is of unknown origin.
    assert.deepEqual(
      view.getChildren().map((g) => [view.getTreeItem(g).label, view.getTreeItem(g).description, view.getChildren(g).map((q) => view.getTreeItem(q).description)]),
      [
        [
          'Consultation',
          '4 queries · 1 unscoped · 1 suppressed',
          ['owner value of unknown origin', 'suppressed: admin report, reviewed in SEC-12', 'unscoped', 'guarded: checked after the fetch'],
        ],
        ['Recording', '1 query · 1 unscoped', ['unscoped']],
      ],
    );
    assert.equal(fs.existsSync(path.join(root(), 'eslint-config-was-loaded.txt')), false, 'eslint.config.mjs was loaded');
  });
});
