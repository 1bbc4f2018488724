import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describeScope, setRecorder, worstOutcome, WORST_FIRST, type SiteRecord } from '../analysis/inventory';
import { loadProjectConfig } from '../schema';
import { unclassifiedModels } from '../schema/coverage';
import { PROVENANCE_KEYS } from '../schema/provenance-settings';
import type { ProjectConfig, ScopePolicy } from '../schema/types';

const RULE_ID = 'data-isolation/require-owner-scope';
const LINTED = /\.(?:ts|tsx|mts|cts)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next']);

/** `system`/`public`: a query no signed-in user reaches, or one that serves anyone by design; listed, not checked. */
export type SiteState = 'scoped' | 'guarded' | 'unscoped' | 'unverified' | 'unreadable' | 'suppressed' | 'system' | 'public';

export interface ReportSite {
  file: string;
  line: number;
  column: number;
  operation: string;
  state: SiteState;
  /** How it is scoped (`patientId ← signed-in user`), why that cannot be verified, or why it is `system`/`public`. */
  scopedBy?: string;
  /** For `unscoped` and `suppressed` sites: the finding. */
  finding?: { messageId: string; message: string };
  /** For `suppressed` sites: the reason given in the directive (`-- reason`), or how it was suppressed. */
  justification?: string;
  /** For a call of a helper that runs the query: the chain to it (`getReport → report.findUnique at data/reports.ts:2`). */
  through?: string;
}

export interface ModelClassification {
  owners: string[];
  tenants: string[];
  /** `schema` (annotation), `settings`, or `inferred` (from `inferredFrom`: confirm it with an annotation). */
  source: ScopePolicy['source'];
  inferredFrom?: string;
}

export interface AccessReport {
  generatedAt: string;
  root: string;
  files: number;
  /** Every owner- or tenant-scoped model, with every query on it (none is listed too). */
  models: { model: string; classification?: ModelClassification; sites: ReportSite[] }[];
  /** Models that look private but are not classified, so nothing checks their queries. */
  unclassified: { model: string; evidence: string; file: string }[];
  summary: Record<SiteState, number>;
}

export interface ReportOptions {
  cwd: string;
  /** Files or folders to report on, relative to cwd; the whole folder by default. */
  patterns?: string[];
  onProgress?: (done: number, total: number) => void;
}

interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  message: string;
  line: number;
  column: number;
  suppressions?: { kind: string; justification: string }[];
}

interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages?: LintMessage[];
}

interface ESLintLike {
  lintFiles(patterns: string[]): Promise<LintResult[]>;
  isPathIgnored(file: string): Promise<boolean>;
  calculateConfigForFile(file: string): Promise<{ settings?: Record<string, unknown> } | undefined>;
}

/** Lints the project with its own ESLint and config, recording every query on an owner-scoped model. */
export async function buildReport(options: ReportOptions): Promise<AccessReport> {
  const cwd = path.resolve(options.cwd);
  const eslint = await loadProjectESLint(cwd);
  const files = await lintableFiles(cwd, options.patterns ?? ['.'], eslint);
  const sites: SiteRecord[] = [];
  const results: LintResult[] = [];
  setRecorder((site) => sites.push(site));
  try {
    const batch = 25;
    for (let i = 0; i < files.length; i += batch) {
      results.push(...(await eslint.lintFiles(files.slice(i, i + batch))));
      options.onProgress?.(Math.min(i + batch, files.length), files.length);
    }
  } finally {
    setRecorder(undefined);
  }
  const settings = files[0] ? (await eslint.calculateConfigForFile(files[0]))?.settings?.['data-isolation'] : undefined;
  const config = loadProjectConfig({ filename: files[0] ?? path.join(cwd, 'index.ts'), cwd, settings, extraTopLevelKeys: PROVENANCE_KEYS });
  const principal = (settings as { principalModel?: unknown } | undefined)?.principalModel;
  return assemble(cwd, files.length, sites, results, config, typeof principal === 'string' ? principal : undefined);
}

/** The project's own ESLint (so its config, plugins and versions are the ones CI uses). */
async function loadProjectESLint(cwd: string): Promise<ESLintLike> {
  const requireFromProject = createRequire(path.join(cwd, 'package.json'));
  let eslintModule: { loadESLint?: (o: object) => Promise<new (o: object) => ESLintLike> };
  try {
    eslintModule = requireFromProject('eslint') as typeof eslintModule;
  } catch {
    throw new Error(`ESLint is not installed in ${cwd}; install eslint (9 or 10) and configure eslint-plugin-data-isolation first.`);
  }
  const ESLint = await eslintModule.loadESLint!({ useFlatConfig: true, cwd });
  return new ESLint({ cwd, applySuppressions: true, errorOnUnmatchedPattern: false });
}

async function lintableFiles(cwd: string, patterns: string[], eslint: ESLintLike): Promise<string[]> {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (LINTED.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(full);
      }
    }
  };
  for (const pattern of patterns) {
    const full = path.resolve(cwd, pattern);
    if (LINTED.test(full)) out.push(full);
    else walk(full);
  }
  const kept: string[] = [];
  for (const file of [...new Set(out)].sort()) if (!(await eslint.isPathIgnored(file))) kept.push(file);
  return kept;
}

function assemble(
  cwd: string,
  files: number,
  records: SiteRecord[],
  results: LintResult[],
  config: ProjectConfig,
  principalModel: string | undefined,
): AccessReport {
  const findings = new Map<string, { message: LintMessage; suppressed: boolean }>();
  for (const result of results) {
    for (const [list, suppressed] of [[result.messages, false], [result.suppressedMessages ?? [], true]] as const) {
      for (const message of list) {
        if (message.ruleId !== RULE_ID) continue;
        findings.set(`${result.filePath}:${message.line}:${message.column}`, { message, suppressed });
      }
    }
  }
  const byModel = new Map<string, ReportSite[]>();
  for (const [name, policy] of config.policies) if (policy.publicReason === undefined) byModel.set(name, []);
  const summary: Record<SiteState, number> = { scoped: 0, guarded: 0, unscoped: 0, unverified: 0, unreadable: 0, suppressed: 0, system: 0, public: 0 };
  for (const record of records) {
    const at = record.reportedAt;
    const finding = at && findings.get(`${record.file}:${at.line}:${at.column}`);
    const site = toSite(cwd, record, finding);
    summary[site.state]++;
    const list = byModel.get(record.model) ?? [];
    list.push(site);
    byModel.set(record.model, list);
  }
  const models = [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, sites]) => ({
      model,
      classification: classification(config.policies.get(model)),
      sites: sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    }));
  const unclassified = unclassifiedModels(config, principalModel).map((u) => ({
    model: u.model.name,
    evidence: u.evidence,
    file: path.relative(cwd, u.model.file).split(path.sep).join('/'),
  }));
  return { generatedAt: new Date().toISOString(), root: cwd, files, models, unclassified, summary };
}

function classification(policy: ScopePolicy | undefined): ModelClassification | undefined {
  if (!policy) return undefined;
  const out: ModelClassification = {
    owners: policy.owners.map((p) => p.join('.')),
    tenants: policy.tenants.map((p) => p.join('.')),
    source: policy.source,
  };
  if (policy.inferredFrom) out.inferredFrom = policy.inferredFrom;
  return out;
}

function describeClassification(c: ModelClassification | undefined): string {
  if (!c) return 'Not classified in the schema or settings.';
  const parts = [
    c.owners.length > 0 ? `Owner: ${c.owners.map((o) => `\`${o}\``).join(' or ')}` : '',
    c.tenants.length > 0 ? `tenant: ${c.tenants.map((t) => `\`${t}\``).join(' or ')}` : '',
  ].filter(Boolean);
  const source = c.source === 'inferred' ? `inferred from ${c.inferredFrom}; confirm it with an annotation` : `declared in ${c.source}`;
  return `${parts.join('; ')} (${source}).`;
}

function toSite(cwd: string, record: SiteRecord, finding: { message: LintMessage; suppressed: boolean } | undefined): ReportSite {
  const base = {
    file: path.relative(cwd, record.file).split(path.sep).join('/'),
    line: record.line,
    column: record.column,
    operation: record.operation,
    ...(record.through ? { through: record.through.helper } : {}),
  };
  if (finding) {
    const f = { messageId: finding.message.messageId ?? '', message: finding.message.message };
    if (!finding.suppressed) return { ...base, state: 'unscoped', finding: f };
    const suppression = finding.message.suppressions?.[0];
    const justification = suppression?.justification || (suppression?.kind === 'file' ? 'bulk suppression (eslint-suppressions.json)' : 'no reason given');
    return { ...base, state: 'suppressed', finding: f, justification };
  }
  if (record.context) return { ...base, state: record.context.kind, scopedBy: record.context.reason };
  const worst = worstOutcome(record.outcomes);
  // An unscoped outcome without a finding is one the project's config does not report.
  const state = worst.status === 'unscoped' ? 'unreadable' : worst.status;
  return { ...base, state, scopedBy: describeScope(record.outcomes) };
}

const ORDER: SiteState[] = [...WORST_FIRST, 'suppressed', 'system', 'public'];

export function hasUnscoped(report: AccessReport): boolean {
  return report.summary.unscoped > 0;
}

const STATE_LABEL: Record<SiteState, string> = {
  scoped: '✅ scoped',
  guarded: '✅ checked after fetch',
  unscoped: '❌ unscoped',
  unverified: '⚠️ owner value of unknown origin',
  unreadable: '⚠️ filter not verifiable',
  suppressed: '🔕 suppressed',
  system: '⚙️ system (no signed-in user)',
  public: '🌐 public by design',
};

function detail(site: ReportSite): string {
  if (site.state === 'suppressed') return `${site.justification} (${site.finding?.messageId})`;
  return site.finding?.message ?? site.scopedBy ?? '';
}

export function toMarkdown(report: AccessReport): string {
  const lines = [
    '# Patient-data access report',
    '',
    `Generated ${report.generatedAt} by eslint-plugin-data-isolation from ${report.files} files.`,
    '',
    `| ${ORDER.map((s) => STATE_LABEL[s]).join(' | ')} |`,
    `| ${ORDER.map(() => '---').join(' | ')} |`,
    `| ${ORDER.map((s) => report.summary[s]).join(' | ')} |`,
  ];
  for (const { model, classification: c, sites } of report.models) {
    lines.push('', `## ${model}`, '', describeClassification(c), '');
    if (sites.length === 0) {
      lines.push('No queries.');
      continue;
    }
    lines.push('| Where | Operation | State | How |', '| --- | --- | --- | --- |');
    for (const site of sites) {
      const operation = site.through ? `\`${site.operation}\` through \`${site.through}\`` : `\`${site.operation}\``;
      lines.push(`| \`${site.file}:${site.line}\` | ${escapeCell(operation)} | ${STATE_LABEL[site.state]} | ${escapeCell(detail(site))} |`);
    }
  }
  if (report.unclassified.length > 0) {
    lines.push('', '## Not classified', '', 'These models look private but are neither owner- or tenant-scoped nor `@public`, so their queries are not checked.', '');
    for (const u of report.unclassified) lines.push(`- **${u.model}** (\`${u.file}\`): ${u.evidence}`);
  }
  return `${lines.join('\n')}\n`;
}

export function toHtml(report: AccessReport): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const sections = report.models
    .map(
      ({ model, classification: c, sites }) =>
        `<h2>${esc(model)}</h2><p>${esc(describeClassification(c))}</p><table><tr><th>Where</th><th>Operation</th><th>State</th><th>How</th></tr>${sites
          .map((s) => `<tr class="${s.state}"><td><code>${esc(`${s.file}:${s.line}`)}</code></td><td><code>${esc(s.operation)}</code>${s.through ? ` through <code>${esc(s.through)}</code>` : ''}</td><td>${esc(STATE_LABEL[s.state])}</td><td>${esc(detail(s))}</td></tr>`)
          .join('')}</table>`,
    )
    .join('\n');
  const unclassified = report.unclassified.length
    ? `<h2>Not classified</h2><ul>${report.unclassified.map((u) => `<li><b>${esc(u.model)}</b> (<code>${esc(u.file)}</code>): ${esc(u.evidence)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Patient-data access report</title><style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.unscoped{background:#fdd}.suppressed{background:#eee}</style></head><body><h1>Patient-data access report</h1><p>Generated ${esc(report.generatedAt)} from ${report.files} files.</p>\n${sections}\n${unclassified}\n</body></html>\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
