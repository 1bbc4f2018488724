import type { TSESTree } from '@typescript-eslint/utils';

/**
 * What a filter says about the rows it selects, in terms every data layer shares.
 * Adapters translate their own filter syntax into this; the scoping analysis reads only this.
 */
export type Constraint =
  /** All children hold (AND, sibling keys of one object). */
  | { kind: 'all'; of: Constraint[]; node: TSESTree.Node }
  /** At least one child holds: an explicit `OR` (`explicit`), or the values an expression may take. */
  | { kind: 'any'; of: Constraint[]; node: TSESTree.Node; explicit?: boolean }
  /**
   * `path` equals (or is in) `value`. `isFilter`, asked only when `path` matters, says that the value is
   * in fact a filter object (a `StringFilter` variable), which cannot be read: it costs a type query.
   */
  | { kind: 'equals'; path: readonly string[]; value: TSESTree.Node; node: TSESTree.Node; isFilter?: () => boolean }
  /**
   * The path on which a narrowing was skipped: taken only when `test` (an `if` around the narrowing)
   * is `holds`. Restricts nothing, unless `test` says the caller is privileged on that path (an admin
   * who may see every row): `if (!user.hasPermission(VIEW_ALL)) q.andWhere(owner)`.
   */
  | { kind: 'skippedWhen'; test: TSESTree.Node; holds: boolean; node: TSESTree.Node }
  /** Selects rows without restricting them to anyone (NOT, ranges, unrelated fields). */
  | { kind: 'none'; node: TSESTree.Node }
  /**
   * Could not be seen statically (a parameter, a helper from another module). `requires` asks the
   * checker whether the value's declared type nonetheless demands a field path.
   */
  | { kind: 'unknown'; node: TSESTree.Node; requires?: (path: readonly string[]) => boolean };
