import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const ESLINT_EXTENSION = 'dbaeumer.vscode-eslint';

/**
 * vscode-eslint reports our rules too when the workspace config enables them. Our diagnostic is hidden
 * when vscode-eslint shows the same rule at the same place, and shown again when it stops.
 */
export function dedupeAgainstESLint() {
  const ours = new Map<string, vscode.Diagnostic[]>();
  let client: LanguageClient | undefined;
  const active = () => vscode.extensions.getExtension(ESLINT_EXTENSION) !== undefined;

  function filter(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
    ours.set(uri.toString(), diagnostics);
    if (!active()) return diagnostics;
    const eslint = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'eslint')
      .map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
    if (eslint.length === 0) return diagnostics;
    return diagnostics.filter((d) => !eslint.includes(`${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`));
  }

  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    if (!client || !active()) return;
    const collection = client.diagnostics;
    if (!collection) return;
    for (const uri of event.uris) {
      const mine = ours.get(uri.toString());
      if (!mine) continue;
      const shown = filter(uri, mine);
      if (!sameList(shown, collection.get(uri) ?? [])) collection.set(uri, shown);
    }
  });

  return {
    filter,
    attach(c: LanguageClient) {
      client = c;
    },
    dispose() {
      listener.dispose();
    },
  };
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function sameList(a: readonly vscode.Diagnostic[], b: readonly vscode.Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => d.message === b[i]!.message && d.range.isEqual(b[i]!.range));
}
