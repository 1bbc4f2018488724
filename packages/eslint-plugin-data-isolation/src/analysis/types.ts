import ts from 'typescript';

export function isAny(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * The declared type of the variable that a shorthand property (`{ id }`) reads; undefined for any other
 * node. For the name of a shorthand property, `getTypeAtLocation` returns the type of the object
 * literal's property, which TypeScript computes by asking for the literal's contextual type, and so
 * resolves the whole Prisma call: generic inference over the generated client's argument types,
 * about a millisecond per query. The declared type costs nothing, and as narrowing only removes
 * members from it, it decides most questions about the value (no object member, no `undefined`).
 */
export function shorthandDeclaredType(checker: ts.TypeChecker, node: ts.Node): ts.Type | undefined {
  const parent = node.parent;
  if (!parent || !ts.isShorthandPropertyAssignment(parent) || parent.name !== node) return undefined;
  const symbol = checker.getShorthandAssignmentValueSymbol(parent);
  const type = symbol && checker.getTypeOfSymbol(symbol);
  // `unknown` and `any` narrow to anything: only the type at the location decides them.
  return type && !isAny(type) ? type : undefined;
}

export function mayBeUndefined(type: ts.Type): boolean {
  if (isAny(type)) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
}

const SCALAR = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike;

/**
 * Whether every value of `type` has a defined scalar at `path`: e.g. the return type
 * `{ patientId: string }` of a helper from another module requires `patientId`.
 */
export function typeRequiresPath(checker: ts.TypeChecker, type: ts.Type, path: readonly string[]): boolean {
  if (isAny(type) || mayBeUndefined(type)) return false;
  const parts = type.isUnion() ? type.types : [type];
  if (path.length === 0) return parts.every((t) => (t.flags & SCALAR) !== 0);
  const [head, ...rest] = path;
  return parts.every((part) => {
    const prop = part.getProperty(head);
    return !!prop && !(prop.flags & ts.SymbolFlags.Optional) && typeRequiresPath(checker, checker.getTypeOfSymbol(prop), rest);
  });
}
