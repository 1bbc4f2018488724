import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../node-types';
import type { Constraint } from './constraint';
import type { FieldPath } from '../schema/types';
import type { Origin } from './provenance';

/**
 * From worst to best: no filter on the owner; a filter we cannot read; a filter on the owner by a
 * value of unknown origin; a filter on the owner by the signed-in user.
 */
export type ScopeStatus = 'unscoped' | 'unreadable' | 'unverifiedValue' | 'scoped';
const RANK: Record<ScopeStatus, number> = { unscoped: 0, unreadable: 1, unverifiedValue: 2, scoped: 3 };

export interface ValueFinding {
  node: TSESTree.Node;
  path: readonly string[];
  origin: Origin;
}

export interface Evaluation {
  status: ScopeStatus;
  /** An `OR` branch that lacks the scope while a sibling has it: the precise place to point at. */
  branch?: TSESTree.Node;
  /** The owner value that made the filter worthless (from the request, or possibly `undefined`). */
  badValue?: ValueFinding;
  /**
   * A filter (or a part of one) that is request input as a whole (`where: req.body`, `{ ...input.where }`):
   * the client picks the owner, or leaves it out.
   */
  fromRequest?: ValueFinding;
  /** For `unverifiedValue`: the value whose origin is unknown. */
  unverified?: ValueFinding;
  /** For `scoped`: the filter entry that scopes it (absent when a declared type proves it). */
  scopedBy?: ValueFinding;
}

/** Where a filter value comes from, and whether it may be absent at run time. */
export type ValueCheck = (value: TSESTree.Node, path: readonly string[]) => Origin;

/**
 * Whether the callers who reach a path where `test` is `holds` are privileged (`test` is a check of the
 * signed-in user's own permission): rows they see unfiltered are theirs to see.
 */
export type PrivilegeCheck = (test: TSESTree.Node, holds: boolean) => boolean;

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * Decides whether a filter restricts rows to one of `accepted` paths on every path through it:
 * the best conjunct decides an AND; the worst branch decides an OR.
 */
export function evaluate(c: Constraint, accepted: readonly FieldPath[], check: ValueCheck, privileged?: PrivilegeCheck): Evaluation {
  switch (c.kind) {
    case 'skippedWhen':
      return privileged?.(c.test, c.holds) ? { status: 'scoped' } : { status: 'unscoped' };
    case 'equals': {
      if (!accepted.some((p) => samePath(p, c.path))) return { status: 'unscoped' };
      const origin = check(c.value, c.path);
      // Whether the value is in fact a filter object (a `StringFilter` variable) costs a type query; it
      // matters only for a value of unknown origin: the signed-in user's id is not one, and one the
      // request chose scopes nothing either way.
      if (origin.kind === 'unknown' && c.isFilter?.()) return { status: 'unreadable' };
      const finding = { node: c.value, path: c.path, origin };
      switch (origin.kind) {
        case 'principal':
          return { status: 'scoped', scopedBy: finding };
        case 'unknown':
          return { status: 'unverifiedValue', unverified: finding };
        default:
          return { status: 'unscoped', badValue: finding };
      }
    }
    case 'none':
      return { status: 'unscoped' };
    case 'unknown': {
      // A part of the filter the client chose (`where: { ...args }`, `where: req.body`) restricts nothing the
      // server decides: no owner, or one the client picked — even when its type requires the owner field.
      const value = c.node.type === AST_NODE_TYPES.SpreadElement ? c.node.argument : c.node;
      const origin = check(value, []);
      if (origin.kind === 'request') return { status: 'unscoped', fromRequest: { node: value, path: [], origin } };
      if (c.requires && accepted.some((p) => c.requires!(p))) return { status: 'scoped' };
      return { status: 'unreadable' };
    }
    case 'all': {
      const results = c.of.map((child) => evaluate(child, accepted, check, privileged));
      const best = results.reduce<Evaluation>((a, b) => (RANK[b.status] > RANK[a.status] ? b : a), { status: 'unscoped' });
      if (best.status !== 'unscoped') return best;
      return {
        status: 'unscoped',
        branch: results.find((r) => r.branch)?.branch,
        badValue: results.find((r) => r.badValue)?.badValue,
        fromRequest: results.find((r) => r.fromRequest)?.fromRequest,
      };
    }
    case 'any': {
      const results = c.of.map((child) => evaluate(child, accepted, check, privileged));
      if (results.length === 0) return { status: 'scoped' };
      const worstIndex = results.reduce((w, r, i) => (RANK[r.status] < RANK[results[w].status] ? i : w), 0);
      const worst = results[worstIndex];
      if (worst.status !== 'unscoped') return worst;
      const siblingScoped = c.explicit === true && results.some((r) => r.status !== 'unscoped');
      return {
        status: 'unscoped',
        branch: worst.branch ?? (siblingScoped && !worst.badValue && !worst.fromRequest ? c.of[worstIndex].node : undefined),
        badValue: worst.badValue,
        fromRequest: worst.fromRequest,
      };
    }
  }
}
