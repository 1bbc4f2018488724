import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { isAny } from './types';

/**
 * Well-known names for the signed-in user, each with the path from the variable to the user object.
 * Only suggested when the checker confirms the path and the field exist, so we never guess.
 */
const CANDIDATES: readonly { name: string; toUser: readonly string[] }[] = [
  { name: 'session', toUser: ['user'] },
  { name: 'user', toUser: [] },
  { name: 'currentUser', toUser: [] },
  { name: 'authUser', toUser: [] },
  { name: 'sessionUser', toUser: [] },
  { name: 'viewer', toUser: [] },
  { name: 'principal', toUser: [] },
  { name: 'me', toUser: [] },
  { name: 'ctx', toUser: ['session', 'user'] },
  { name: 'ctx', toUser: ['user'] },
  { name: 'context', toUser: ['user'] },
  { name: 'req', toUser: ['user'] },
  { name: 'request', toUser: ['user'] },
];

const ID_VARIABLES = ['userId', 'currentUserId', 'sessionUserId', 'viewerId'];

export interface PrincipalFinder {
  /** Source text for `field` of the signed-in user visible at `node` (`session.user.id`), or null. */
  valueFor(node: TSESTree.Node, field: 'id' | string, options?: { functionOnly?: boolean }): string | null;
}

export function createPrincipalFinder(
  checker: ts.TypeChecker,
  tsNode: (node: TSESTree.Node) => ts.Node,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
): PrincipalFinder {
  const typeOfVariable = (variable: TSESLint.Scope.Variable): ts.Type | null => {
    const id = variable.defs[0]?.name;
    if (!id || id.type !== AST_NODE_TYPES.Identifier) return null;
    const type = checker.getTypeAtLocation(tsNode(id));
    return isAny(type) ? null : checker.getNonNullableType(type);
  };

  const follow = (type: ts.Type, path: readonly string[]): ts.Type | null => {
    let current: ts.Type | null = type;
    for (const segment of path) {
      const prop: ts.Symbol | undefined = current && checker.getPropertyOfType(current, segment);
      if (!prop) return null;
      current = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
      if (isAny(current)) return null;
    }
    return current;
  };

  /** The innermost variable named `name` visible at `node` and declared before it (only those can be used in it). */
  const visible = (node: TSESTree.Node, name: string, functionOnly = false): TSESLint.Scope.Variable | undefined => {
    for (let scope: TSESLint.Scope.Scope | null = scopeOf(node); scope; scope = scope.upper) {
      if (functionOnly && (scope.type === 'module' || scope.type === 'global')) break;
      const variable = scope.set.get(name);
      const declared = variable?.defs[0]?.name;
      if (variable && declared && declared.range[0] < node.range[0]) return variable;
    }
    return undefined;
  };

  return {
    valueFor(node, field, options) {
      for (const candidate of CANDIDATES) {
        const variable = visible(node, candidate.name, options?.functionOnly);
        const type = variable && typeOfVariable(variable);
        if (!type) continue;
        const user = follow(type, candidate.toUser);
        if (user && follow(user, [field])) return [candidate.name, ...candidate.toUser, field].join('.');
      }
      if (field !== 'id') return null;
      for (const name of ID_VARIABLES) {
        const variable = visible(node, name, options?.functionOnly);
        const type = variable && typeOfVariable(variable);
        if (type && type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) return name;
      }
      return null;
    },
  };
}
