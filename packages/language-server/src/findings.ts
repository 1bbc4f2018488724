import type { ESLint, Linter } from 'eslint';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { describeScope, worstOutcome, type SiteRecord } from 'eslint-plugin-data-isolation/inventory';
import { RULE_PREFIX, SUPPRESS_RULE, type QueryItem, type QueryStatus } from './protocol';

/** One message of our rules, with what hovers, code actions and the view need. */
export interface Finding {
  ruleId: string;
  messageId?: string;
  message: string;
  severity: 1 | 2;
  range: Range;
  /** The rule's suggestions, as edits of the text that was linted. */
  suggestions: { title: string; edit: TextEdit }[];
  /** The message's placeholders (model, operation, owners…), read back from the rule's message template. */
  data: Record<string, string>;
  docsUrl?: string;
  suppressed?: { justification?: string };
}

type RulesMeta = ReturnType<ESLint['getRulesMetaForResults']>;

export function findingsOf(result: ESLint.LintResult, meta: RulesMeta, document: TextDocument): Finding[] {
  const out: Finding[] = [];
  const add = (message: Linter.LintMessage, suppressed?: Finding['suppressed']) => {
    if (!message.ruleId?.startsWith(RULE_PREFIX)) return;
    const rule = meta[message.ruleId];
    const template = message.messageId ? rule?.messages?.[message.messageId] : undefined;
    out.push({
      ruleId: message.ruleId,
      messageId: message.messageId,
      message: message.message,
      severity: message.severity === 1 ? 1 : 2,
      range: rangeOf(message),
      suggestions: (message.suggestions ?? []).map((s) => ({
        title: s.desc,
        edit: {
          range: { start: document.positionAt(s.fix.range[0]), end: document.positionAt(s.fix.range[1]) },
          newText: s.fix.text,
        },
      })),
      data: template ? templateData(template, message.message) : {},
      docsUrl: rule?.docs?.url,
      suppressed,
    });
  };
  for (const message of result.messages) add(message);
  for (const message of result.suppressedMessages ?? []) {
    const justification = message.suppressions.map((s) => s.justification).find((j) => j.length > 0);
    add(message, { justification });
  }
  return out;
}

export function rangeOf(message: Pick<Linter.LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  const start = { line: Math.max(message.line - 1, 0), character: Math.max(message.column - 1, 0) };
  const end =
    message.endLine !== undefined && message.endColumn !== undefined
      ? { line: message.endLine - 1, character: message.endColumn - 1 }
      : { line: start.line, character: start.character + 1 };
  return { start, end };
}

/** `{{name}}` placeholders of a message template, matched against the rendered message. */
export function templateData(template: string, message: string): Record<string, string> {
  const seen = new Set<string>();
  const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
  let source = '';
  let last = 0;
  for (let m = placeholder.exec(template); m; m = placeholder.exec(template)) {
    const name = m[1]!;
    source += escapeRegExp(template.slice(last, m.index));
    source += seen.has(name) ? `\\k<${name}>` : `(?<${name}>.+?)`;
    seen.add(name);
    last = placeholder.lastIndex;
  }
  source += escapeRegExp(template.slice(last));
  const match = new RegExp(`^${source}$`, 's').exec(message);
  return match?.groups ? { ...match.groups } : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function diagnosticOf(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: finding.severity === 1 ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    source: 'data-isolation',
    code: finding.ruleId,
    codeDescription: finding.docsUrl ? { href: finding.docsUrl } : undefined,
    message: finding.message,
  };
}

export function queryItemOf(uri: string, finding: Finding): QueryItem {
  return {
    uri,
    range: finding.range,
    model: finding.data.model,
    operation: finding.data.operation,
    status: finding.suppressed ? 'suppressed' : 'unscoped',
    message: finding.message,
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    justification: finding.suppressed?.justification,
  };
}

/**
 * Every query of a file: each recorded site, with the finding the rule reported for it (matched by where
 * it was reported, as the access report does), and the findings that belong to no recorded site
 * (configuration problems, assignments in `create`). Without an inventory, the findings alone.
 */
export function queriesOf(uri: string, findings: Finding[], sites: SiteRecord[] | undefined): QueryItem[] {
  if (!sites) return findings.map((f) => queryItemOf(uri, f));
  const byPlace = new Map<string, Finding>();
  for (const finding of findings) {
    if (finding.ruleId === SUPPRESS_RULE) byPlace.set(`${finding.range.start.line}:${finding.range.start.character}`, finding);
  }
  const matched = new Set<Finding>();
  const items: QueryItem[] = [];
  for (const site of sites) {
    const at = site.reportedAt;
    const finding = at ? byPlace.get(`${at.line - 1}:${at.column - 1}`) : undefined;
    const range = rangeOf(site);
    const through = site.through ? { through: site.through.helper } : {};
    if (finding) {
      matched.add(finding);
      items.push({ ...queryItemOf(uri, finding), range, model: site.model, operation: site.operation, ...through });
      continue;
    }
    if (site.context) {
      items.push({ uri, range, model: site.model, operation: site.operation, status: site.context.kind, scopedBy: site.context.reason, ...through });
      continue;
    }
    const worst = worstOutcome(site.outcomes);
    // An unscoped outcome without a finding is one the config does not report (as in the access report).
    const status: QueryStatus = worst.status === 'unscoped' ? 'unreadable' : worst.status;
    items.push({ uri, range, model: site.model, operation: site.operation, status, scopedBy: describeScope(site.outcomes), ...through });
  }
  for (const finding of findings) if (!matched.has(finding)) items.push(queryItemOf(uri, finding));
  return items.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const WHY: Record<string, string> = {
  missingOwnerScope:
    'Nothing in its `where` ties the rows to the signed-in user, so anyone who can reach this code can {{verb}} other users\' rows just by changing an id: broken object-level authorization (OWASP API1, CWE-639).',
  missingOwnerScopeUntyped:
    'Nothing in its `where` ties the rows to the signed-in user, so anyone who can reach this code can {{verb}} other users\' rows just by changing an id. The client is typed `any`, so the call was recognised by name.',
  missingTenantScope:
    'Nothing in its `where` keeps the rows inside the signed-in user\'s organisation, so one clinic can {{verb}} another\'s rows.',
  unscopedOrBranch:
    'An `OR` matches a row when any one branch does. This branch does not check the owner, so every row it matches is visible to every user.',
  possiblyUndefinedOwner:
    'Prisma drops a filter whose value is `undefined`: when this value is missing, the query runs with no owner filter at all.',
  unverifiableScope: 'The filter is built elsewhere, so it cannot be proved to contain the owner.',
};

const SCOPE_LABEL: Record<string, string> = { missingTenantScope: 'Tenant', unverifiableScope: 'Required scope' };

export function hoverMarkdown(finding: Finding): string {
  const { data } = finding;
  const lines: string[] = [];
  const model = data.model ? `\`${data.model}\`` : 'an owner-scoped model';
  const title = finding.suppressed ? `Suppressed query on ${model}` : `Unscoped query on ${model}`;
  lines.push(`**Data isolation — ${title}**`, '');
  const facts: string[] = [];
  if (data.model) facts.push(`Model: **${data.model}**`);
  if (data.operation) facts.push(`Operation: \`${data.operation}\``);
  const fields = data.owners ?? data.tenants ?? data.fields ?? (data.field ? `\`${data.field}\`` : undefined);
  if (fields) {
    const label =
      finding.messageId === 'unscopedOrBranch'
        ? data.scope === 'tenant' ? 'Tenant' : 'Owner'
        : SCOPE_LABEL[finding.messageId ?? ''] ?? 'Owner';
    facts.push(`${label}: ${fields}`);
  }
  if (facts.length) lines.push(facts.join(' · '), '');
  const why = finding.messageId ? WHY[finding.messageId] : undefined;
  if (why) lines.push(`**Why this is a leak:** ${why.replace('{{verb}}', data.verb ?? 'read')}`, '');
  if (finding.suppressed) {
    lines.push(`**Suppressed:** ${finding.suppressed.justification ? finding.suppressed.justification : 'no reason given'}`, '');
  } else {
    const fixes = finding.suggestions.map((s) => s.title.replace(/\.$/, ''));
    const how = fixes.length
      ? `${fixes.join(', or ')} — available as a quick fix.`
      : finding.message.split('. ').slice(1).join('. ') || 'Filter the query by its owner, set from the signed-in user.';
    lines.push(`**How to fix:** ${how} If the query must read across users, suppress it with a justification.`, '');
  }
  if (finding.docsUrl) lines.push(`[${finding.ruleId}](${finding.docsUrl})`);
  return lines.join('\n');
}
