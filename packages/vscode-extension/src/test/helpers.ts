import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataIsolationApi } from '../extension';

export const RULE = 'data-isolation/require-owner-scope';
export const DOCS =
  'https://github.com/data-isolation/data-isolation/blob/main/packages/eslint-plugin-data-isolation/docs/rules/require-owner-scope.md';

export function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in the fixture workspace');
  return folder.uri.fsPath;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(root(), relative));
}

/** Polls `probe` until it returns something truthy. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function api(): Promise<DataIsolationApi> {
  const extension = vscode.extensions.getExtension<DataIsolationApi>('data-isolation.vscode-data-isolation');
  assert.ok(extension, 'the extension is installed');
  assert.equal(extension.packageJSON.main, './dist/extension.js');
  // test/vscode runs the suites against the packaged extension, installed from its .vsix (whose path it
  // passes here): the bundle, outside this repository, not the development folder.
  if (process.env.DATA_ISOLATION_VSIX) {
    assert.ok(!/[\\/]packages[\\/]vscode-extension$/.test(extension.extensionPath), `the installed .vsix, not ${extension.extensionPath}`);
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist/server.js')), 'the bundled language server is installed');
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'node_modules')), 'the .vsix has no node_modules');
  }
  const exports = await extension.activate();
  await exports.ready();
  return exports;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'data-isolation');
}

export function plain(d: vscode.Diagnostic) {
  const code = typeof d.code === 'object' ? { value: d.code.value, target: d.code.target.toString() } : d.code;
  return { range: rangeOf(d.range), severity: d.severity, code, message: d.message };
}

export function rangeOf(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

/**
 * The quick fixes at `range`. VS Code cancels a code-action request when the document changes under it
 * (a re-lint after the test reset the text): ask again until one completes.
 */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return until('code actions that were not canceled', async () => {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    } catch (error) {
      if (/Canceled/.test(String(error))) return undefined;
      throw error;
    }
  }, 60_000);
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
export async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applied ${action.title}`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
}

/** What the `eslint` CLI reported for a file of the workspace (written by the runner before the session). */
export function eslintMessages(relative: string): { line: number; column: number; message: string; severity: number; ruleId: string }[] {
  const reference = JSON.parse(fs.readFileSync(path.join(root(), 'eslint-cli-results.json'), 'utf8')) as Record<string, ReturnType<typeof eslintMessages>>;
  const messages = reference[relative];
  assert.ok(messages, `the runner linted ${relative} with the eslint CLI`);
  return messages;
}
