import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import {
  CodeAction,
  CodeActionKind,
  CodeLensRefreshRequest,
  type CodeLens,
  type Connection,
  createConnection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  type Range,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engines, type Engine } from './engine';
import type { SiteRecord } from 'eslint-plugin-data-isolation/inventory';
import { diagnosticOf, type Finding, findingsOf, hoverMarkdown, queriesOf } from './findings';
import {
  Commands,
  countsOf,
  DEFAULT_SETTINGS,
  type EngineInfo,
  type InitializationOptions,
  type MemoryInfo,
  Notifications,
  type QueriesResult,
  type QueryItem,
  Requests,
  type Settings,
  SUPPRESS_RULE,
} from './protocol';
import { readModels } from './schema';

const TS_FILE = /\.(ts|tsx|mts|cts)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'build', 'generated', 'coverage']);

interface Linted {
  version: number;
  findings: Finding[];
}

interface LintOutcome {
  findings: Finding[];
  /** Every query site of the file, when the engine's plugin has an inventory. */
  sites?: SiteRecord[];
}

export function startServer(connection: Connection): void {
  // An editor's server is one long run. typescript-eslint takes CI=true (set in CI, and in some
  // containers) for a one-shot CLI run, and then never sees one file's unsaved text from another file's
  // lint (a helper edited, its callers linted again): say so explicitly, as it documents.
  process.env.TSESTREE_SINGLE_RUN = 'false';
  const documents = new TextDocuments(TextDocument);
  let options: InitializationOptions = {};
  let folders: string[] = [];
  let canPullConfiguration = false;
  let canRefreshLenses = false;
  let engines = new Engines({ trusted: false, log });
  const settingsCache = new Map<string, Promise<Settings>>();
  const linted = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** The version of each open document that is on disk (as opened, or last saved). */
  const savedVersions = new Map<string, number>();
  /** Every known query per file: from the last workspace scan, replaced by the last lint of an open document. */
  const known = new Map<string, QueryItem[]>();
  /** Files last linted by a plugin without an inventory: only their findings are known. */
  const findingsOnly = new Set<string>();
  /** Per open document: the other files its last lint followed helpers into (their edits change its findings). */
  const dependsOn = new Map<string, Set<string>>();
  let scanned = false;
  const reported = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  function log(message: string): void {
    connection.console.log(message);
  }

  /** Logs a problem, and shows it once per distinct message: bad input never crashes the server. */
  function problem(message: string): void {
    connection.console.error(message);
    if (reported.has(message)) return;
    reported.add(message);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Data isolation: ${message}` });
  }

  /** One lint at a time: typed linting shares one TypeScript project service. */
  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  function folderOf(filePath: string): string {
    const matches = folders.filter((f) => filePath === f || filePath.startsWith(f + path.sep));
    return matches.sort((a, b) => b.length - a.length)[0] ?? path.dirname(filePath);
  }

  function settingsFor(uri: string): Promise<Settings> {
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = canPullConfiguration
        ? connection.workspace
            .getConfiguration({ scopeUri: uri, section: 'dataIsolation' })
            .then((value: Partial<Settings> | null) => checked({ ...DEFAULT_SETTINGS, ...options.settings, ...clean(value) }))
        : Promise.resolve(checked({ ...DEFAULT_SETTINGS, ...options.settings }));
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  /** Settings come from users' JSON: a wrong value is reported once and replaced by its default. */
  function checked(settings: Settings): Settings {
    const out = { ...settings };
    const fix = <K extends keyof Settings>(key: K, ok: boolean, expected: string) => {
      if (ok) return;
      problem(`dataIsolation.${key} must be ${expected} (got ${JSON.stringify(settings[key])}); using ${JSON.stringify(DEFAULT_SETTINGS[key])}`);
      out[key] = DEFAULT_SETTINGS[key];
    };
    fix('enable', typeof settings.enable === 'boolean', 'true or false');
    fix('run', settings.run === 'onType' || settings.run === 'onSave', '"onType" or "onSave"');
    fix('debounce', typeof settings.debounce === 'number' && settings.debounce >= 0, 'a number of milliseconds');
    fix('bundledConfig', settings.bundledConfig === 'recommended' || settings.bundledConfig === 'strict', '"recommended" or "strict"');
    fix('schema', settings.schema === undefined || typeof settings.schema === 'string', 'a path');
    return out;
  }

  async function engineFor(filePath: string, uri: string): Promise<Engine> {
    return engines.forFile(filePath, folderOf(filePath), await settingsFor(uri));
  }

  /** Must run inside serialized(): the recorder is global while it is installed. */
  async function lintText(engine: Engine, text: string, filePath: string, document: TextDocument): Promise<LintOutcome> {
    const sites: SiteRecord[] | undefined = engine.inventory ? [] : undefined;
    engine.inventory?.setRecorder((site) => {
      if (path.resolve(site.file) === filePath) sites!.push(site);
    });
    let result: Awaited<ReturnType<Engine['eslint']['lintText']>>[number] | undefined;
    try {
      [result] = await engine.eslint.lintText(text, { filePath, warnIgnored: false });
    } finally {
      engine.inventory?.setRecorder(undefined);
    }
    if (!result) return { findings: [], sites };
    for (const message of result.messages) {
      if (message.fatal) log(`${filePath}: ${message.message}`);
    }
    return { findings: findingsOf(result, engine.eslint.getRulesMetaForResults([result]), document), sites };
  }

  async function validate(document: TextDocument): Promise<void> {
    const { uri, version } = document;
    const filePath = filePathOf(uri);
    if (!filePath || !TS_FILE.test(filePath)) return;
    const settings = await settingsFor(uri);
    if (!settings.enable) {
      linted.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    await serialized(async () => {
      if (documents.get(uri)?.version !== version) return;
      let outcome: LintOutcome;
      try {
        const engine = await engineFor(filePath, uri);
        outcome = await lintText(engine, document.getText(), filePath, document);
      } catch (error) {
        problem(`could not lint ${filePath}: ${errorMessage(error)}`);
        return;
      }
      if (documents.get(uri)?.version !== version) return;
      const { findings, sites } = outcome;
      const textChanged = linted.get(uri)?.version !== version;
      linted.set(uri, { version, findings });
      dependsOn.set(uri, new Set((sites ?? []).flatMap((site) => (site.through?.files ?? []).map((file) => path.resolve(file)))));
      if (textChanged) relintDependents(uri, filePath);
      void connection.sendDiagnostics({ uri, version, diagnostics: findings.filter((f) => !f.suppressed).map(diagnosticOf) });
      if (setKnown(uri, outcome)) queriesChanged();
    });
  }

  /** Replaces the file's known queries; returns whether they changed. */
  function setKnown(uri: string, { findings, sites }: LintOutcome): boolean {
    const items = queriesOf(uri, findings, sites);
    const before = JSON.stringify([known.get(uri) ?? [], findingsOnly.has(uri)]);
    if (items.length) known.set(uri, items);
    else known.delete(uri);
    if (sites) findingsOnly.delete(uri);
    else findingsOnly.add(uri);
    return before !== JSON.stringify([items, !sites]);
  }

  function queriesResult(): QueriesResult {
    return { queries: [...known.values()].flat(), scanned, inventory: findingsOnly.size === 0 };
  }

  /** After a scan, the heap in use is mostly the workspace's program: near the limit, the next scan may not fit. */
  function warnIfLowOnMemory(): void {
    const { used_heap_size: used, heap_size_limit: limit } = v8.getHeapStatistics();
    if (used < 0.8 * limit) return;
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    void connection.window.showWarningMessage(
      `The data isolation language server uses ${mib(used)} of its ${mib(limit)} MiB of memory after scanning the workspace. Raise the "dataIsolation.server.maxMemory" setting if it runs out.`,
    );
  }

  function queriesChanged(): void {
    // After every lint: count without copying the workspace's queries (thousands in a large app).
    let queries = 0;
    let unscoped = 0;
    let suppressed = 0;
    for (const list of known.values()) {
      queries += list.length;
      for (const query of list) {
        if (query.status === 'unscoped') unscoped++;
        else if (query.status === 'suppressed') suppressed++;
      }
    }
    void connection.sendNotification(Notifications.queriesChanged, { queries, unscoped, suppressed, inventory: findingsOnly.size === 0 });
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        validate(document).catch((error: unknown) => problem(`could not lint ${document.uri}: ${errorMessage(error)}`));
      }, delay),
    );
  }

  /**
   * Open documents whose last lint followed a helper into the file just linted with new text: a helper's
   * edit changes its callers' findings. A re-lint this starts changes no text, so it starts no other.
   */
  function relintDependents(uri: string, filePath: string): void {
    for (const document of documents.all()) {
      if (document.uri === uri || !dependsOn.get(document.uri)?.has(filePath)) continue;
      void settingsFor(document.uri).then((settings) => {
        if (settings.run === 'onType' || savedVersions.get(document.uri) === document.version) schedule(document, 0);
      });
    }
  }

  /** Open documents again after a change of settings, config or schema; with `run: "onSave"` only saved text. */
  function relintOpenDocuments(): void {
    for (const document of documents.all()) {
      void settingsFor(document.uri).then((settings) => {
        if (settings.run === 'onType' || savedVersions.get(document.uri) === document.version) schedule(document, 0);
      });
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    options = (params.initializationOptions ?? {}) as InitializationOptions;
    engines = new Engines({ trusted: options.trusted === true, log });
    folders = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((f): f is string => !!f);
    if (folders.length === 0 && params.rootUri) folders = [filePathOf(params.rootUri)].filter((f): f is string => !!f);
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    log(`Data isolation language server: ${options.trusted ? 'trusted workspace' : 'Restricted Mode (bundled engine only)'}; folders: ${folders.join(', ') || 'none'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [Commands.showDocumentation] },
      },
      serverInfo: { name: 'data-isolation-language-server' },
    };
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    relintOpenDocuments();
  });

  connection.onDidChangeWatchedFiles((params) => {
    // A changed eslint.config.*, package.json or tsconfig can change the engine; the plugin notices
    // schema edits itself (it caches on mtimes), but open documents must be linted again.
    if (params.changes.some((c) => !c.uri.endsWith('.prisma'))) engines.clear();
    relintOpenDocuments();
  });

  documents.onDidOpen((e) => {
    savedVersions.set(e.document.uri, e.document.version);
    schedule(e.document, 0);
  });
  documents.onDidChangeContent(async (e) => {
    const settings = await settingsFor(e.document.uri);
    if (settings.run === 'onType') schedule(e.document, settings.debounce);
  });
  documents.onDidSave(async (e) => {
    savedVersions.set(e.document.uri, e.document.version);
    if (e.document.uri.endsWith('.prisma')) {
      relintOpenDocuments();
      return;
    }
    const settings = await settingsFor(e.document.uri);
    if (settings.run === 'onSave') schedule(e.document, 0);
  });
  documents.onDidClose((e) => {
    savedVersions.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    linted.delete(e.document.uri);
    dependsOn.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /**
   * Findings for the document's current text: a hover or code action right after an edit must not use
   * stale ranges. With `run: "onSave"` an unsaved change is not linted, not even for them (the editor asks
   * for code actions after every edit): until the save they offer nothing.
   */
  async function current(document: TextDocument): Promise<Linted | undefined> {
    const state = linted.get(document.uri);
    if (state?.version === document.version) return state;
    if ((await settingsFor(document.uri)).run === 'onSave') return undefined;
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    await validate(document);
    const fresh = linted.get(document.uri);
    return fresh?.version === document.version ? fresh : undefined;
  }

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const at = { start: params.position, end: params.position };
    const findings = ((await current(document))?.findings ?? []).filter((f) => !f.suppressed && overlaps(f.range, at));
    if (findings.length === 0) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: findings.map(hoverMarkdown).join('\n\n---\n\n') },
      range: findings[0]!.range,
    };
  });

  connection.onCodeAction(async (params) => {
    const { uri } = params.textDocument;
    const document = documents.get(uri);
    if (!document) return [];
    if (uri.endsWith('.prisma')) return schemaActions(document, params.range);
    const state = await current(document);
    if (!state) return [];
    const actions: CodeAction[] = [];
    const ours = params.context.diagnostics.filter((d) => d.source === 'data-isolation');
    for (const finding of state.findings) {
      if (finding.suppressed) continue;
      const diagnostic = ours.find((d) => sameRange(d.range, finding.range) && d.message === finding.message);
      if (!diagnostic && !overlaps(finding.range, params.range)) continue;
      const diagnostics: Diagnostic[] = [diagnostic ?? diagnosticOf(finding)];
      finding.suggestions.forEach((suggestion, i) => {
        const action = CodeAction.create(suggestion.title, { changes: { [uri]: [suggestion.edit] } }, CodeActionKind.QuickFix);
        action.diagnostics = diagnostics;
        action.isPreferred = i === 0;
        actions.push(action);
      });
      actions.push(suppressAction(document, finding, diagnostics));
      if (finding.docsUrl) {
        const action = CodeAction.create(
          `Show documentation for ${finding.ruleId}`,
          { title: 'Show documentation', command: Commands.showDocumentation, arguments: [finding.docsUrl] },
          CodeActionKind.QuickFix,
        );
        action.diagnostics = diagnostics;
        actions.push(action);
      }
    }
    return actions;
  });

  function suppressAction(document: TextDocument, finding: Finding, diagnostics: Diagnostic[]): CodeAction {
    const line = finding.range.start.line;
    const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t]*/.exec(lineText)![0];
    const comment = `${indent}// eslint-disable-next-line ${finding.ruleId || SUPPRESS_RULE} -- `;
    const action = CodeAction.create(
      `Suppress ${finding.ruleId} for this line with a justification`,
      { changes: { [document.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${comment}\n` }] } },
      CodeActionKind.QuickFix,
    );
    action.diagnostics = diagnostics;
    if (options.placeCursorCommand) {
      action.command = { title: 'Type the justification', command: Commands.placeCursor, arguments: [document.uri, line, comment.length] };
    }
    return action;
  }

  function schemaActions(document: TextDocument, range: Range): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const model of readModels(document.getText())) {
      if (model.classified || !model.ownerCandidate) continue;
      if (range.end.line < model.line || range.start.line > model.endLine) continue;
      const annotation = `/// @owner(${model.ownerCandidate})`;
      actions.push(
        CodeAction.create(
          `Declare ${model.name} as owned by \`${model.ownerCandidate}\` (${annotation})`,
          { changes: { [document.uri]: [{ range: { start: { line: model.line, character: 0 }, end: { line: model.line, character: 0 } }, newText: `${annotation}\n` }] } },
          CodeActionKind.QuickFix,
        ),
      );
    }
    return actions;
  }

  connection.onCodeLens((params): CodeLens[] => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !params.textDocument.uri.endsWith('.prisma')) return [];
    const { queries: all, inventory } = queriesResult();
    return readModels(document.getText()).map((model) => {
      const range = { start: { line: model.line, character: 0 }, end: { line: model.line, character: 0 } };
      if (!scanned) return { range, command: { title: 'Data isolation: scan the workspace', command: Commands.scanWorkspace } };
      const parts = [countsOf(all.filter((q) => q.model === model.name), inventory)];
      if (!model.classified) parts.push('not classified');
      return { range, command: { title: parts.join(' · '), command: Commands.showQueries, arguments: [model.name] } };
    });
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === Commands.showDocumentation) {
      const url = params.arguments?.[0];
      if (typeof url !== 'string') return;
      await connection.window.showDocument({ uri: url, external: true });
    }
  });

  connection.onRequest(Requests.settings, (params: { uri: string }): Promise<Settings> => settingsFor(params.uri));

  connection.onRequest(Requests.memory, (): MemoryInfo => {
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    const heap = v8.getHeapStatistics();
    return { heapLimitMiB: mib(heap.heap_size_limit), heapUsedMiB: mib(heap.used_heap_size), rssMiB: mib(process.memoryUsage.rss()) };
  });

  connection.onRequest(Requests.engine, async (params: { uri: string }): Promise<EngineInfo | null> => {
    const filePath = filePathOf(params.uri);
    if (!filePath) return null;
    try {
      return (await engineFor(filePath, params.uri)).info;
    } catch (error) {
      problem(`could not load ESLint for ${filePath}: ${errorMessage(error)}`);
      return null;
    }
  });

  connection.onRequest(Requests.queries, (): QueriesResult => queriesResult());

  connection.onRequest(Requests.scanWorkspace, async (): Promise<QueriesResult> => {
    const files = folders.flatMap((folder) => listTsFiles(folder));
    let done = 0;
    void connection.sendNotification(Notifications.scanProgress, { done, total: files.length });
    for (const filePath of files) {
      const uri = pathToFileURL(filePath).href;
      const open = documents.get(uri);
      try {
        const settings = await settingsFor(uri);
        if (settings.enable) {
          const outcome = await serialized(async (): Promise<LintOutcome> => {
            const engine = await engineFor(filePath, uri);
            if (await engine.eslint.isPathIgnored(filePath)) return { findings: [], sites: [] };
            const text = open ? open.getText() : fs.readFileSync(filePath, 'utf8');
            return lintText(engine, text, filePath, open ?? TextDocument.create(uri, 'typescript', 0, text));
          });
          setKnown(uri, outcome);
        }
      } catch (error) {
        problem(`could not lint ${filePath}: ${errorMessage(error)}`);
      }
      done++;
      void connection.sendNotification(Notifications.scanProgress, { done, total: files.length });
    }
    scanned = true;
    queriesChanged();
    warnIfLowOnMemory();
    return queriesResult();
  });

  // A failure in one request must not take the editor's diagnostics down with the process.
  process.on('unhandledRejection', (error) => connection.console.error(`unexpected error: ${errorMessage(error)}`));

  documents.listen(connection);
  connection.listen();
}

function listTsFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name));
      } else if (entry.isFile() && TS_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(path.join(dir, entry.name));
      }
    }
  };
  walk(root);
  return out.sort();
}

function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function clean(value: Partial<Settings> | null): Partial<Settings> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<Settings>;
}

function overlaps(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all));
}
