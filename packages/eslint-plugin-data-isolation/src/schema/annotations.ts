import type { PathEntry, PolicyDraft } from './policy';
import { closestName, problem } from './text';
import type { ConfigProblem } from './types';

/**
 * The annotation vocabulary in a model's `///` comment:
 *   @owner(path, ...)   any listed path, equal to the signed-in user's id, scopes a query
 *   @tenant(path, ...)  the same for the user's tenant
 *   @public("reason")   an explicit, justified opt-out
 * A path is `field` or `relation.….field`.
 */
const SCOPES = {
  owner: { example: '@owner(userId)', holds: "the signed-in user's id" },
  tenant: { example: '@tenant(tenantId)', holds: "the user's tenant id" },
} as const;
type Scope = keyof typeof SCOPES;
const ANNOTATION_NAMES = ['owner', 'tenant', 'public'];

/** `@name` not glued to a preceding word, so e-mail addresses in prose are not annotations. */
const ANNOTATION = /(?<![\w@.])@([A-Za-z_]\w*)/g;

export interface AnnotationSite {
  /** `prisma/schema.prisma:12`: where the model is declared. */
  where: string;
  model: string;
}

export interface ParsedAnnotations {
  draft: PolicyDraft;
  problems: ConfigProblem[];
}

type Arguments = { text: string } | 'missing' | 'unbalanced';

export function parseAnnotations(documentation: string | undefined, site: AnnotationSite): ParsedAnnotations {
  const doc = documentation ?? '';
  const problems: ConfigProblem[] = [];
  const paths: Record<Scope, PathEntry[]> = { owner: [], tenant: [] };
  const seen = new Set<string>();
  let publicReason: string | undefined;
  const report = (message: string) => problems.push(problem(`${site.where}: ${message}`));

  for (const match of doc.matchAll(ANNOTATION)) {
    const name = match[1];
    const after = match.index + match[0].length;
    seen.add(name);
    if (name === 'owner' || name === 'tenant') {
      const args = readList(doc, after);
      if (typeof args === 'string') report(scopeListProblem(name, args, site.model));
      else paths[name].push(...listEntries(args.text, name, site));
    } else if (name === 'public') {
      const args = readQuoted(doc, after);
      if (typeof args === 'string') report(publicProblem(args, site.model));
      else publicReason ??= args.text;
    } else if (doc[skipBlanks(doc, after)] === '(') {
      const meant = closestName(name, ANNOTATION_NAMES);
      if (meant !== undefined) {
        report(`@${name} on model ${site.model} is not a data-isolation annotation; did you mean @${meant}?`);
      }
    }
  }

  const scopes = (['owner', 'tenant'] as const).filter((scope) => seen.has(scope));
  if (seen.has('public') && scopes.length > 0) {
    const written = scopes.map((scope) => `@${scope}`).join(' and ');
    report(`model ${site.model} is marked both @public and ${written}; remove one of them (until then ${written} ${scopes.length > 1 ? 'apply' : 'applies'})`);
    publicReason = undefined;
  }
  const draft: PolicyDraft = { model: site.model, owners: paths.owner, tenants: paths.tenant, source: 'schema' };
  if (publicReason !== undefined) draft.publicReason = publicReason;
  return { draft, problems };
}

function listEntries(text: string, scope: Scope, site: AnnotationSite): PathEntry[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => ({ text: item, label: `${site.where}: @${scope} path \`${item.replace(/\s+/g, ' ')}\` on model ${site.model}` }));
}

function scopeListProblem(scope: Scope, issue: 'missing' | 'unbalanced', model: string): string {
  const { example, holds } = SCOPES[scope];
  return issue === 'missing'
    ? `@${scope} on model ${model} lists no fields; name the field that holds ${holds}, like ${example}`
    : `@${scope} on model ${model} has unbalanced parentheses; write it like ${example} or @${scope}(a, relation.b)`;
}

function publicProblem(issue: 'missing' | 'unbalanced', model: string): string {
  return issue === 'missing'
    ? `@public on model ${model} needs a reason in quotes, like @public("reference data")`
    : `@public on model ${model} has unbalanced parentheses or quotes; write it like @public("reference data")`;
}

/** `(a, b.c)` → `a, b.c`; a list is plain text up to the first `)`, so `(` inside it means it was never closed. */
function readList(doc: string, from: number): Arguments {
  const open = skipBlanks(doc, from);
  if (doc[open] !== '(') return 'missing';
  const close = doc.indexOf(')', open + 1);
  const nested = doc.indexOf('(', open + 1);
  if (close < 0 || (nested >= 0 && nested < close) || doc[close + 1] === ')') return 'unbalanced';
  const text = doc.slice(open + 1, close);
  return text.trim() === '' ? 'missing' : { text };
}

/** `("reason")` or `('reason')`; the string ends on its own line, and may hold parentheses. */
function readQuoted(doc: string, from: number): Arguments {
  const open = skipBlanks(doc, from);
  if (doc[open] !== '(') return 'missing';
  const start = skipSpace(doc, open + 1);
  const quote = doc[start];
  if (quote !== '"' && quote !== "'") return doc.indexOf(')', start) < 0 ? 'unbalanced' : 'missing';
  const end = closingQuote(doc, start + 1, quote);
  if (end < 0 || doc[skipSpace(doc, end + 1)] !== ')') return 'unbalanced';
  const text = doc.slice(start + 1, end).replace(/\\(.)/g, '$1').trim();
  return text === '' ? 'missing' : { text };
}

function closingQuote(doc: string, from: number, quote: string): number {
  for (let index = from; index < doc.length && doc[index] !== '\n'; index++) {
    if (doc[index] === '\\') index++;
    else if (doc[index] === quote) return index;
  }
  return -1;
}

function skipBlanks(doc: string, from: number): number {
  let index = from;
  while (doc[index] === ' ' || doc[index] === '\t') index++;
  return index;
}

function skipSpace(doc: string, from: number): number {
  let index = from;
  while (index < doc.length && /\s/.test(doc[index])) index++;
  return index;
}
