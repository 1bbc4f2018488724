import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/**
 * Each child node of `node`, in ESLint's traversal order (source order), by the node type's visitor keys.
 * The analysis walks parts of a function many times per query; reading every own key of each node
 * (`range`, `loc`, …) and wrapping single children in arrays cost more there than the walk itself.
 */
export function forEachChildNode(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  const keys = visitorKeys[node.type];
  if (keys === undefined) return;
  for (let i = 0; i < keys.length; i++) {
    const value = (node as unknown as Record<string, unknown>)[keys[i]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const item = value[j] as TSESTree.Node | null;
        if (item !== null && typeof item === 'object' && typeof item.type === 'string') visit(item);
      }
    } else if (typeof (value as TSESTree.Node).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

/** Whether `test` holds for a child node of `node` (asked in source order until one holds). */
export function someChildNode(node: TSESTree.Node, test: (child: TSESTree.Node) => boolean): boolean {
  const keys = visitorKeys[node.type];
  if (keys === undefined) return false;
  for (let i = 0; i < keys.length; i++) {
    const value = (node as unknown as Record<string, unknown>)[keys[i]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const item = value[j] as TSESTree.Node | null;
        if (item !== null && typeof item === 'object' && typeof item.type === 'string' && test(item)) return true;
      }
    } else if (typeof (value as TSESTree.Node).type === 'string' && test(value as TSESTree.Node)) {
      return true;
    }
  }
  return false;
}
