import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  Commands,
  countsOf,
  type EngineInfo,
  type InitializationOptions,
  Notifications,
  type QueriesResult,
  type QueryItem,
  Requests,
} from 'data-isolation-language-server/dist/protocol';
import { dedupeAgainstESLint } from './dedupe';
import { QueriesView } from './view';

export interface DataIsolationApi {
  client(): LanguageClient | undefined;
  view: QueriesView;
  status: vscode.LanguageStatusItem;
  /** Resolves when the language server is running. */
  ready(): Promise<void>;
}

const TS_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
];

/**
 * The language server: `server.js` beside the bundled extension (dist/, as in the .vsix); from `out/`
 * (the tests' tsc build), the language-server package of the repository.
 */
function serverModule(): string {
  const bundled = path.join(__dirname, 'server.js');
  // createRequire: esbuild leaves it alone (the bundle never takes this branch).
  return fs.existsSync(bundled) ? bundled : createRequire(__filename).resolve('data-isolation-language-server');
}

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

export function activate(context: vscode.ExtensionContext): DataIsolationApi {
  const output = vscode.window.createOutputChannel('Data isolation', { log: true });
  const view = new QueriesView();
  const treeView = vscode.window.createTreeView('dataIsolation.queries', { treeDataProvider: view, showCollapseAll: true });
  const status = vscode.languages.createLanguageStatusItem('dataIsolation.status', TS_SELECTOR);
  status.name = 'Data isolation';
  status.text = '$(shield) Data isolation';
  status.command = { title: 'Scan workspace', command: Commands.scanWorkspace };
  const dedupe = dedupeAgainstESLint();
  context.subscriptions.push(output, treeView, status, dedupe);

  let coverage = '';
  let engineDetail = '';
  const showDetail = () => (status.detail = [coverage, engineDetail].filter(Boolean).join(' — '));

  async function refreshQueries(): Promise<void> {
    if (!client?.isRunning()) return;
    const result = await client.sendRequest<QueriesResult>(Requests.queries);
    view.update(result);
    const unscoped = result.queries.filter((q) => q.status === 'unscoped').length;
    status.text = `$(shield) ${countsOf(result.queries, result.inventory)}`;
    status.severity = unscoped > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    coverage = [
      result.scanned ? '' : 'open files only (scan the workspace for all)',
      result.inventory ? '' : 'findings only: the plugin has no inventory (see the output)',
    ].filter(Boolean).join(' · ');
    showDetail();
  }

  async function describeEngine(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || !client?.isRunning() || vscode.languages.match(TS_SELECTOR, editor.document) === 0) return;
    const info = await client.sendRequest<EngineInfo | null>(Requests.engine, { uri: editor.document.uri.toString() });
    if (!info) return;
    const engine = info.kind === 'workspace' ? `workspace ESLint ${info.eslintVersion}` : `bundled ESLint ${info.eslintVersion}`;
    engineDetail = `${engine}${info.reason ? ` — ${info.reason}` : ''}`;
    showDetail();
  }

  function start(): Promise<void> {
    const module = serverModule();
    // The server holds a TypeScript program of the whole workspace; without a cap V8 lets garbage grow
    // towards its default limit (a quarter of the machine's memory) before collecting.
    const maxMemory = vscode.workspace.getConfiguration('dataIsolation').get<number>('server.maxMemory', 768);
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [`--max-old-space-size=${maxMemory}`] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, placeCursorCommand: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [...TS_SELECTOR, { scheme: 'file', pattern: '**/*.prisma' }],
      initializationOptions,
      outputChannel: output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: {
        configurationSection: 'dataIsolation',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{eslint.config.*,*.prisma,prisma.config.ts,tsconfig*.json,package.json}'),
      },
      middleware: { handleDiagnostics: (uri, diagnostics, next) => next(uri, dedupe.filter(uri, diagnostics)) },
    };
    const created = new LanguageClient('dataIsolation', 'Data isolation', serverOptions, clientOptions);
    client = created;
    dedupe.attach(created);
    created.onNotification(Notifications.queriesChanged, () => void refreshQueries());
    return created.start().then(() => {
      void refreshQueries();
      void describeEngine(vscode.window.activeTextEditor);
    });
  }

  // Restarts come in bursts (a settings file written twice, trust granted during a restart): one at a time.
  let restarting: Promise<void> = Promise.resolve();
  function restart(): Promise<void> {
    restarting = restarting.catch(() => undefined).then(async () => {
      const old = client;
      client = undefined;
      await old?.stop().catch((error: unknown) => output.appendLine(`Stopping the server: ${String(error)}`));
      starting = start();
      await starting;
    });
    return restarting;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.scanWorkspace, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Data isolation: scanning the workspace' },
        async (progress) => {
          await starting;
          if (!client) return;
          let reported = 0;
          const sub = client.onNotification(Notifications.scanProgress, ({ done, total }: { done: number; total: number }) => {
            const percent = total ? (100 * done) / total : 100;
            progress.report({ message: `${done}/${total} files`, increment: percent - reported });
            reported = percent;
          });
          try {
            view.update(await client.sendRequest<QueriesResult>(Requests.scanWorkspace));
            await refreshQueries();
          } finally {
            sub.dispose();
          }
        },
      ),
    ),
    vscode.commands.registerCommand(Commands.showQueries, async (model?: string) => {
      await vscode.commands.executeCommand('dataIsolation.queries.focus');
      const group = model ? view.group(model) : undefined;
      if (group) await treeView.reveal(group, { expand: true, focus: true });
    }),
    vscode.commands.registerCommand('dataIsolation.revealQuery', async (uri: string, r: QueryItem['range']) => {
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand(Commands.placeCursor, (uri: string, line: number, character: number) => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
      if (!editor) return;
      const position = new vscode.Position(line, character);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position));
    }),
    vscode.commands.registerCommand('dataIsolation.showOutput', () => output.show()),
    vscode.commands.registerCommand('dataIsolation.restartServer', () => restart()),
    vscode.window.onDidChangeActiveTextEditor((editor) => void describeEngine(editor)),
    // Granting trust switches from the bundled engine to the workspace's own ESLint and config.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('dataIsolation.server.maxMemory')) void restart();
    }),
    { dispose: () => void client?.stop() },
  );

  starting = start().catch((error: unknown) => {
    output.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });

  return {
    client: () => client,
    view,
    status,
    ready: async () => {
      await starting;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
