/** Requests and notifications the server adds to LSP. Editors other than VS Code may use them too. */
import type { Range } from 'vscode-languageserver-types';

export const RULE_PREFIX = 'data-isolation/';
export const SUPPRESS_RULE = 'data-isolation/require-owner-scope';

export const Commands = {
  /** Server command: asks the client to open a rule's documentation (`window/showDocument`). */
  showDocumentation: 'dataIsolation.showDocumentation',
  /** Client command (offered only when the client says it has it): put the cursor at a position. */
  placeCursor: 'dataIsolation.placeCursor',
  /** Client commands used by CodeLenses. */
  scanWorkspace: 'dataIsolation.scanWorkspace',
  showQueries: 'dataIsolation.showQueries',
} as const;

export interface InitializationOptions {
  /** Whether the workspace is trusted. Untrusted: only the bundled ESLint and plugin run. */
  trusted?: boolean;
  /** The client implements `dataIsolation.placeCursor` (uri, line, character). */
  placeCursorCommand?: boolean;
  /** Settings for clients without `workspace/configuration`. */
  settings?: Partial<Settings>;
}

export interface Settings {
  enable: boolean;
  /** Lint as you type (debounced) or only on save. */
  run: 'onType' | 'onSave';
  /** Milliseconds to wait after the last change before linting. */
  debounce: number;
  /** The plugin config the bundled engine uses (Restricted Mode, or a workspace without ESLint config). */
  bundledConfig: 'recommended' | 'strict';
  /** `settings["data-isolation"].schema` for the bundled engine. */
  schema?: string;
  /** `settings["data-isolation"].models` for the bundled engine. */
  models?: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', debounce: 300, bundledConfig: 'recommended' };

export interface EngineInfo {
  /** `workspace`: the workspace's ESLint with its config; `bundled`: this server's ESLint with a config built from the schema and settings. */
  kind: 'workspace' | 'bundled';
  eslintVersion: string;
  eslintPath: string;
  pluginVersion?: string;
  /** The workspace config file in use (kind `workspace`). */
  configFile?: string;
  /** Why the bundled engine is used. */
  reason?: string;
}

/**
 * `scoped`: filtered by the owner (and tenant) from the signed-in user; `guarded`: the row is checked
 * against the signed-in user after the fetch; `unverified`: filtered by the owner, with a value of unknown
 * origin; `unreadable`: the filter cannot be read statically; `unscoped` and `suppressed`: the rule's
 * findings (reported, or disabled with a justification); `system`: run by no signed-in user (a job, a
 * verified webhook, a script), and `public`: declared to serve anyone, both listed without a check.
 */
export type QueryStatus = 'scoped' | 'guarded' | 'unverified' | 'unreadable' | 'unscoped' | 'suppressed' | 'system' | 'public';

export interface QueryItem {
  uri: string;
  range: Range;
  model?: string;
  operation?: string;
  status: QueryStatus;
  /** The finding's message (`unscoped`, `suppressed`). */
  message?: string;
  ruleId?: string;
  messageId?: string;
  /** For suppressed findings: the text after `--` in the disable comment. */
  justification?: string;
  /** For queries without a finding: how they are scoped (`patientId ← signed-in user`), or why they are `system`/`public`. */
  scopedBy?: string;
  /** For a call of a helper that runs the query: the chain to it (`getReport → report.findUnique at data/reports.ts:2`). */
  through?: string;
}

/** `4 queries · 1 unscoped · 1 suppressed · 1 system`, on the schema's CodeLenses, the view and the status item; findings only without an inventory. */
export function countsOf(queries: QueryItem[], inventory: boolean): string {
  const unscoped = queries.filter((q) => q.status === 'unscoped').length;
  const suppressed = queries.filter((q) => q.status === 'suppressed').length;
  const parts = inventory ? [`${queries.length} ${queries.length === 1 ? 'query' : 'queries'}`, `${unscoped} unscoped`] : [`${unscoped} unscoped`];
  if (suppressed) parts.push(`${suppressed} suppressed`);
  for (const context of ['system', 'public'] as const) {
    const count = queries.filter((q) => q.status === context).length;
    if (count) parts.push(`${count} ${context}`);
  }
  return parts.join(' · ');
}

export interface QueriesResult {
  queries: QueryItem[];
  /** Whether a workspace scan has completed (otherwise only linted documents are included). */
  scanned: boolean;
  /**
   * Whether every query site is listed, scoped ones included. False when some file was linted by a
   * plugin without the `eslint-plugin-data-isolation/inventory` export (an older version): only findings are listed.
   */
  inventory: boolean;
}

export const Requests = {
  /** params `{ uri }` → EngineInfo | null */
  engine: 'dataIsolation/engine',
  /** → QueriesResult after linting every file of the workspace folders; reports `scanProgress`. */
  scanWorkspace: 'dataIsolation/scanWorkspace',
  /** → QueriesResult known now, without linting. */
  queries: 'dataIsolation/queries',
  /** → MemoryInfo of the server process. */
  memory: 'dataIsolation/memory',
  /** params `{ uri }` → the Settings the server applies to that document now. */
  settings: 'dataIsolation/settings',
} as const;

export interface MemoryInfo {
  /** V8's heap limit (`--max-old-space-size` plus the young generation), and what is in use, in MiB. */
  heapLimitMiB: number;
  heapUsedMiB: number;
  rssMiB: number;
}

export const Notifications = {
  /** server → client `{ done, total }` during a scan. */
  scanProgress: 'dataIsolation/scanProgress',
  /** server → client `{ queries, unscoped, suppressed, inventory }` whenever the known queries change. */
  queriesChanged: 'dataIsolation/queriesChanged',
} as const;
