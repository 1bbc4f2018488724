/**
 * Every query on an owner-scoped model the rule analyses, for the access report and editors
 * (`eslint-plugin-data-isolation/inventory`, a stable export). The rule records into a recorder only
 * while one is installed, so linting pays nothing otherwise. The recorder lives on `globalThis` so that
 * it is shared when the user's config loads another copy of the plugin than the caller's. Install it
 * around one synchronous-per-file lint (ESLint lints a file's rules without interleaving other files).
 */
export type SiteStatus = 'scoped' | 'guarded' | 'unscoped' | 'unverified' | 'unreadable';

export interface ScopeOutcome {
  scope: 'owner' | 'tenant';
  status: SiteStatus;
  /** The field that scopes the query, when a filter entry does (`consultation.patientId`). */
  field?: string;
  /** Where that field's value comes from: `signed-in user`, or why its origin is unknown. */
  source?: string;
}

export interface SiteRecord {
  file: string;
  /** 1-based, of the operation's name (`findMany`). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  model: string;
  operation: string;
  access: 'read' | 'write' | 'create';
  outcomes: ScopeOutcome[];
  /** Where the rule reported this query's finding, if it did (the operation, an `OR` branch, a value). */
  reportedAt?: { line: number; column: number };
  /**
   * Set when the query runs for no signed-in user (`system`: a job, a verified webhook, a script) or for
   * anyone by design (`public`: declared in settings): it is then not checked, only listed, with the reason.
   */
  context?: { kind: SiteContext; reason: string };
  /**
   * Set when the line is a call of a helper that runs the query (`getReport(id)`), listed where the call
   * is: the chain to the query (`getReport → report.findUnique at data/reports.ts:2`) and the files it
   * passes through (absolute), on whose changes this line depends.
   */
  through?: { helper: string; files: string[] };
}

export type SiteContext = 'system' | 'public';

export type Recorder = (site: SiteRecord) => void;

const KEY = Symbol.for('eslint-plugin-data-isolation.inventory');
type Registry = { [KEY]?: Recorder };

export function setRecorder(recorder: Recorder | undefined): void {
  (globalThis as Registry)[KEY] = recorder;
}

export function currentRecorder(): Recorder | undefined {
  return (globalThis as Registry)[KEY];
}

/** Site statuses from worst to best. */
export const WORST_FIRST: readonly SiteStatus[] = ['unscoped', 'unreadable', 'unverified', 'guarded', 'scoped'];

/** The outcome that decides a query's status: its worst requirement. */
export function worstOutcome(outcomes: readonly ScopeOutcome[]): ScopeOutcome {
  return [...outcomes].sort((a, b) => WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status))[0] ?? { scope: 'owner', status: 'scoped' };
}

/** How a query is scoped, in words: `patientId ← signed-in user, tenant: checked … after the fetch`. */
export function describeScope(outcomes: readonly ScopeOutcome[]): string {
  return outcomes
    .map((o) => {
      switch (o.status) {
        case 'guarded':
          return `${o.scope}: ${o.source ?? 'checked against the signed-in user after the fetch'}`;
        case 'unreadable':
        case 'unscoped':
          return `${o.scope}: the filter cannot be read statically`;
        default:
          return o.field ? `${o.field} ← ${o.source}` : `${o.scope} (${o.source})`;
      }
    })
    .join(', ');
}
