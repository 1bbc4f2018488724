import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, DOCS, fileUri, ours, plain, RULE, until } from '../helpers';

// This session also runs test/vscode/vscode-eslint: vscode-eslint's real language server behind a
// stand-in for its VS Code client, with the id dbaeumer.vscode-eslint. The workspace's eslint.config.mjs
// enables data-isolation/require-owner-scope, so both extensions report the same finding.
const FINDING = { range: [3, 26, 3, 34], severity: vscode.DiagnosticSeverity.Warning, code: { value: RULE, target: DOCS } };

/** Every diagnostic of our rule on the file, whichever extension reports it (TypeScript's are left out). */
function ofRule(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === RULE);
}

function fromESLint(uri: vscode.Uri): vscode.Diagnostic[] {
  return ofRule(uri).filter((d) => d.source === 'eslint');
}

suite('with vscode-eslint reporting our rule', () => {
  const uri = () => fileUri('src/recordings.ts');

  suiteSetup(async () => {
    const eslint = vscode.extensions.getExtension('dbaeumer.vscode-eslint');
    assert.ok(eslint, 'the vscode-eslint stand-in is installed');
    await eslint.activate();
    await vscode.window.showTextDocument(uri());
  });

  async function linted(): Promise<void> {
    const { client } = await api();
    // Our server lists the finding once it has linted the file and published its diagnostic.
    await until('our server to lint the file', async () => {
      const { queries } = await client()!.sendRequest<{ queries: { uri: string; status: string }[] }>('dataIsolation/queries');
      return queries.some((q) => q.uri === uri().toString() && q.status === 'unscoped');
    });
  }

  test('the finding is shown once, by vscode-eslint: our copy is hidden', async () => {
    await linted();
    await until('one diagnostic, from eslint', () => fromESLint(uri()).length === 1 && ours(uri()).length === 0);
    const all = ofRule(uri());
    assert.equal(all.length, 1, JSON.stringify(all));
    const { message, ...rest } = plain(all[0]!);
    assert.deepEqual(rest, FINDING);
    assert.match(message, /^`findMany` on Recording is not filtered by its owner/);
    assert.equal(all[0]!.source, 'eslint');
  });

  test('when vscode-eslint stops reporting the rule, ours comes back; when it reports it again, ours is hidden again', async () => {
    const eslintSettings = vscode.workspace.getConfiguration('eslint', uri());
    await eslintSettings.update('rules.customizations', [{ rule: 'data-isolation/*', severity: 'off' }], vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await until('ours instead of eslint', () => fromESLint(uri()).length === 0 && ours(uri()).length === 1);
      const all = ofRule(uri());
      assert.deepEqual(all.map((d) => d.source), ['data-isolation']);
      const { message, ...rest } = plain(all[0]!);
      assert.deepEqual(rest, FINDING);
      assert.match(message, /^`findMany` on Recording is not filtered by its owner/);
    } finally {
      await eslintSettings.update('rules.customizations', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await until('eslint again, ours hidden', () => fromESLint(uri()).length === 1 && ours(uri()).length === 0);
    assert.deepEqual(ofRule(uri()).map((d) => d.source), ['eslint']);
  });
});
