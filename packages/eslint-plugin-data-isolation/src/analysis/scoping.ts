import type { TSESTree } from '@typescript-eslint/utils';
import type { Constraint } from '../adapters/types';
import type { FieldPath } from '../schema/types';

export type ScopeStatus = 'scoped' | 'unscoped' | 'unknown';

export interface Evaluation {
  status: ScopeStatus;
  /** An `OR` branch that lacks the scope while a sibling has it: the precise place to point at. */
  branch?: TSESTree.Node;
  /** An owner value that may be `undefined` (Prisma then drops the filter). */
  undefinedValue?: { node: TSESTree.Node; path: readonly string[] };
}

/** Whether a filter value may be absent at run time, in which case it constrains nothing. */
export type ValueCheck = (value: TSESTree.Node) => 'defined' | 'mayBeUndefined';

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * Decides whether a filter restricts rows to one of `accepted` paths on every path through it:
 * one scoped conjunct scopes an AND; every branch of an OR must be scoped.
 */
export function evaluate(c: Constraint, accepted: readonly FieldPath[], check: ValueCheck): Evaluation {
  switch (c.kind) {
    case 'equals': {
      if (!accepted.some((p) => samePath(p, c.path))) return { status: 'unscoped' };
      return check(c.value) === 'defined'
        ? { status: 'scoped' }
        : { status: 'unscoped', undefinedValue: { node: c.value, path: c.path } };
    }
    case 'none':
      return { status: 'unscoped' };
    case 'unknown':
      return c.requires && accepted.some((p) => c.requires!(p)) ? { status: 'scoped' } : { status: 'unknown' };
    case 'all': {
      const results = c.of.map((child) => evaluate(child, accepted, check));
      if (results.some((r) => r.status === 'scoped')) return { status: 'scoped' };
      if (results.some((r) => r.status === 'unknown')) return { status: 'unknown' };
      return {
        status: 'unscoped',
        branch: results.find((r) => r.branch)?.branch,
        undefinedValue: results.find((r) => r.undefinedValue)?.undefinedValue,
      };
    }
    case 'any': {
      const results = c.of.map((child) => evaluate(child, accepted, check));
      const failing = results.findIndex((r) => r.status === 'unscoped');
      if (failing === -1) {
        return { status: results.some((r) => r.status === 'unknown') ? 'unknown' : 'scoped' };
      }
      const failed = results[failing];
      const siblingScoped = c.explicit === true && results.some((r) => r.status !== 'unscoped');
      return {
        status: 'unscoped',
        branch: failed.branch ?? (siblingScoped ? c.of[failing].node : undefined),
        undefinedValue: failed.undefinedValue,
      };
    }
  }
}
