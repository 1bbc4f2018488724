import { AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/types';

/**
 * typescript-eslint's `AST_NODE_TYPES`, the same enum, held by a plain binding of this module. Imported
 * from a typescript-eslint package itself, every `AST_NODE_TYPES.X` of the compiled code calls the getter
 * of a re-export (CommonJS keeps imports live), which V8 does not inline: about 14 ns a read, and the
 * analysis reads it millions of times in a lint of a large app (88 ms self time at N = 2,000). Every
 * module of the plugin imports it from here. It comes from `@typescript-eslint/types`, where it is
 * declared: the index of `@typescript-eslint/utils` also loads its wrappers of ESLint's classes (16 ms
 * of a pre-commit run), which the plugin does not use.
 */
export const AST_NODE_TYPES = NODE_TYPES;
