import ts from 'typescript';

export function isAny(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
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
