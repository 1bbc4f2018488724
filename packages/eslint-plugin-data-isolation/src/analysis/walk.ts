import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { AST_NODE_TYPES } from '../node-types';

/**
 * Each child node of `node`, in ESLint's traversal order (source order), by the node type's visitor keys,
 * until `visit` returns `true` (whether it did is returned). The analysis walks parts of a function many
 * times per query; reading every own key of each node (`range`, `loc`, …) and wrapping single children in
 * arrays cost more there than the walk itself.
 */
export function forEachChildNode(node: TSESTree.Node, visit: (child: TSESTree.Node) => unknown): boolean {
  const keys = visitorKeys[node.type];
  if (keys === undefined) return false;
  for (let i = 0; i < keys.length; i++) {
    const value = (node as unknown as Record<string, unknown>)[keys[i]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const item = value[j] as TSESTree.Node | null;
        if (item !== null && typeof item === 'object' && typeof item.type === 'string' && visit(item) === true) return true;
      }
    } else if (typeof (value as TSESTree.Node).type === 'string' && visit(value as TSESTree.Node) === true) {
      return true;
    }
  }
  return false;
}

/** Whether `test` holds for a child node of `node` (asked in source order until one holds). */
export const someChildNode: (node: TSESTree.Node, test: (child: TSESTree.Node) => boolean) => boolean = forEachChildNode;

/** Each node of a function's body, not descending into the functions nested in it. */
export function forEachOwnNode(body: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  // One callback for the whole walk, not one per node.
  const walk = (node: TSESTree.Node): void => {
    visit(node);
    forEachChildNode(node, step);
  };
  const step = (child: TSESTree.Node): void => {
    if (!isFunction(child)) walk(child);
  };
  walk(body);
}

/** The `return` statements of a function body, not those of the functions nested in it, in source order. */
export function ownReturns(body: TSESTree.Node): readonly TSESTree.ReturnStatement[] {
  return ownNodes(body).returns;
}

/** The calls of a function body, not those of the functions nested in it, in source order. */
export function ownCalls(body: TSESTree.Node): readonly TSESTree.CallExpression[] {
  return ownNodes(body).calls;
}

/**
 * A body's own calls and returns, from one walk per body: the proofs ask for the calls before each query,
 * the contexts and the helper summaries for the returns, of the same functions.
 */
function ownNodes(body: TSESTree.Node): OwnNodes {
  let found = ownNodesOf.get(body);
  if (!found) {
    const calls: TSESTree.CallExpression[] = [];
    const returns: TSESTree.ReturnStatement[] = [];
    forEachOwnNode(body, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      else if (node.type === AST_NODE_TYPES.ReturnStatement) returns.push(node);
    });
    ownNodesOf.set(body, (found = { calls, returns }));
  }
  return found;
}
interface OwnNodes {
  calls: readonly TSESTree.CallExpression[];
  returns: readonly TSESTree.ReturnStatement[];
}
const ownNodesOf = new WeakMap<TSESTree.Node, OwnNodes>();

function isFunction(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression;
}
