// A real LSP client (vscode-languageserver-protocol, the protocol layer under vscode-languageclient)
// talking to the language server over stdio, with polling helpers for the tests.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const lsp = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');
const serverCli = require.resolve('data-isolation-language-server/dist/cli.js');

export async function until(what, probe, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `nodeArgs` and `env` are for the server's node process (the benchmarks and the stress test add a
 * profiler or a heap probe). `server`: the server's script (the CLI of the repository's build by default). `events` emits `diagnostics` and `log` with their params as they arrive.
 */
export async function startClient({ root, trusted, settings = {}, placeCursorCommand = false, nodeArgs = [], env, server = serverCli }) {
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: env && { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = lsp.createProtocolConnection(new lsp.StreamMessageReader(child.stdout), new lsp.StreamMessageWriter(child.stdin));
  const diagnostics = new Map();
  const shown = [];
  const messages = [];
  const logs = [];
  const progress = [];
  const changes = [];
  const events = new EventEmitter();
  let lensRefreshes = 0;
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p);
    events.emit('diagnostics', p);
  });
  connection.onNotification(lsp.ShowMessageNotification.type, (p) => messages.push(p));
  connection.onNotification(lsp.LogMessageNotification.type, (p) => {
    logs.push(p.message);
    events.emit('log', p);
  });
  connection.onNotification('dataIsolation/scanProgress', (p) => progress.push(p));
  connection.onNotification('dataIsolation/queriesChanged', (p) => changes.push(p));
  connection.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => settings));
  connection.onRequest(lsp.ShowDocumentRequest.type, (p) => {
    shown.push(p);
    return { success: true };
  });
  connection.onRequest(lsp.CodeLensRefreshRequest.type, () => {
    lensRefreshes++;
    return null;
  });
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  const init = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'fixture' }],
    capabilities: {
      workspace: { configuration: true, codeLens: { refreshSupport: true } },
      textDocument: { publishDiagnostics: { codeDescriptionSupport: true }, hover: { contentFormat: ['markdown'] } },
    },
    initializationOptions: { trusted, placeCursorCommand },
  });
  await connection.sendNotification(lsp.InitializedNotification.type, {});
  const versions = new Map();
  const texts = new Map();

  const client = {
    init,
    connection,
    lsp,
    diagnostics,
    shown,
    messages,
    logs,
    progress,
    changes,
    events,
    get lensRefreshes() {
      return lensRefreshes;
    },
    get stderr() {
      return stderr;
    },
    uri: (file) => pathToFileURL(`${root}/${file}`).href,
    text: (file) => texts.get(client.uri(file)),
    async open(file, languageId = 'typescript') {
      const uri = client.uri(file);
      const text = readFileSync(`${root}/${file}`, 'utf8');
      versions.set(uri, 1);
      texts.set(uri, text);
      await connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    /** Replaces the document's text (a full-content change); returns the new version. */
    async change(file, text) {
      const uri = client.uri(file);
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      texts.set(uri, text);
      await connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
      return version;
    },
    async save(file) {
      await connection.sendNotification(lsp.DidSaveTextDocumentNotification.type, { textDocument: { uri: client.uri(file) } });
    },
    /** The diagnostics published for `file` at its current version. */
    diagnosticsFor(file) {
      const uri = client.uri(file);
      return until(`diagnostics for ${file} v${versions.get(uri)}`, () => {
        const p = diagnostics.get(uri);
        return p && p.version === versions.get(uri) ? p.diagnostics : undefined;
      });
    },
    applyEdits(file, edits) {
      const uri = client.uri(file);
      return TextDocument.applyEdits(TextDocument.create(uri, 'typescript', 0, texts.get(uri)), edits);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const shutdown = (async () => {
          await connection.sendRequest(lsp.ShutdownRequest.type);
          await connection.sendNotification(lsp.ExitNotification.type);
        })().catch(() => {});
        await Promise.race([shutdown, new Promise((r) => setTimeout(r, 5000).unref())]);
      }
      await until('the server to exit', () => child.exitCode !== null || child.signalCode !== null, 10_000).catch(() => child.kill());
      connection.dispose();
    },
    child,
  };
  return client;
}
