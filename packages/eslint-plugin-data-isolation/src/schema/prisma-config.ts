import path from 'node:path';
import ts from 'typescript';

export const PRISMA_CONFIG_NAMES: readonly string[] = [
  'prisma.config.ts',
  'prisma.config.mts',
  'prisma.config.js',
  'prisma.config.mjs',
  'prisma.config.cts',
  'prisma.config.cjs',
];

/** How many `const a = b` hops to follow from the export to the object literal. */
const MAX_ALIAS_HOPS = 5;

/**
 * The `schema` path of a prisma.config file, read from its syntax tree, relative to the file's folder
 * (or absolute when it leads out of it). The file is workspace code, so it is never executed: the
 * path may be a string, or computed from strings and the file's own folder the ways configs spell it
 * (`path.join(__dirname, "prisma")`, `path.resolve(…)`, `` `${__dirname}/prisma` ``,
 * `fileURLToPath(new URL("./prisma", import.meta.url))`, `import.meta.dirname`); anything else (an
 * environment variable, a function of ours to call) yields undefined.
 */
export function readPrismaConfigSchema(sourceText: string, fileName: string): string | undefined {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const config = resolve(exportedExpression(source), source, true);
  if (config === undefined || !ts.isObjectLiteralExpression(config)) return undefined;
  const schema = schemaProperty(config, source);
  const folder = path.dirname(path.resolve(fileName));
  const value = schema && staticPath(schema, source, folder);
  if (value === undefined || !path.isAbsolute(value)) return value;
  const relative = path.relative(folder, value);
  return relative === '' ? '.' : relative.startsWith('..') ? value : relative;
}

/** How many nested expressions a computed path may have, so a pathological config cannot recurse deeply. */
const MAX_PATH_DEPTH = 16;

function staticPath(node: ts.Expression, source: ts.SourceFile, folder: string, depth = 0): string | undefined {
  if (depth > MAX_PATH_DEPTH) return undefined;
  const inner = (expression: ts.Expression | undefined) =>
    expression && staticPath(resolve(expression, source, false) ?? expression, source, folder, depth + 1);
  const expression = resolve(node, source, false) ?? node;
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isTemplateExpression(expression)) {
    let text = expression.head.text;
    for (const span of expression.templateSpans) {
      const part = inner(span.expression);
      if (part === undefined) return undefined;
      text += part + span.literal.text;
    }
    return text;
  }
  if (ts.isIdentifier(expression) && expression.text === '__dirname') return folder;
  if (ts.isPropertyAccessExpression(expression)) {
    const name = expression.name.text;
    if (isImportMeta(expression.expression) && name === 'dirname') return folder;
    if (name === 'pathname') return inner(expression.expression);
    return undefined;
  }
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'URL') {
    const [relative, base] = expression.arguments ?? [];
    const isOwnUrl = base && ts.isPropertyAccessExpression(base) && isImportMeta(base.expression) && base.name.text === 'url';
    const target = isOwnUrl ? inner(relative) : undefined;
    return target === undefined ? undefined : path.resolve(folder, target);
  }
  if (ts.isCallExpression(expression)) {
    const callee = expression.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name === 'fileURLToPath' && expression.arguments.length === 1) return inner(expression.arguments[0]);
    if (name !== 'join' && name !== 'resolve') return undefined;
    const parts = expression.arguments.map((argument) => inner(argument));
    if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
    return name === 'join' ? path.join(...(parts as string[])) : path.resolve(folder, ...(parts as string[]));
  }
  return undefined;
}

function isImportMeta(expression: ts.Expression): boolean {
  return ts.isMetaProperty(expression) && expression.keywordToken === ts.SyntaxKind.ImportKeyword && expression.name.text === 'meta';
}

function scriptKind(fileName: string): ts.ScriptKind {
  return /\.[mc]?ts$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** `export default X`, `export = X` or `module.exports = X`. */
function exportedExpression(source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (ts.isExpressionStatement(statement) && isModuleExportsAssignment(statement.expression)) {
      return statement.expression.right;
    }
  }
  return undefined;
}

function isModuleExportsAssignment(expression: ts.Expression): expression is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(expression.left) &&
    ts.isIdentifier(expression.left.expression) &&
    expression.left.expression.text === 'module' &&
    expression.left.name.text === 'exports'
  );
}

/** Sees through `(x)`, `x as T`, `x satisfies T`, `x!` and top-level `const x = …`; with `calls`, `defineConfig(x)` too. */
function resolve(
  expression: ts.Expression | undefined,
  source: ts.SourceFile,
  calls: boolean,
  hops = MAX_ALIAS_HOPS,
): ts.Expression | undefined {
  if (expression === undefined) return undefined;
  if (
    ts.isParenthesizedExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isSatisfiesExpression(expression) ||
    ts.isTypeAssertionExpression(expression) ||
    ts.isNonNullExpression(expression)
  ) {
    return resolve(expression.expression, source, calls, hops);
  }
  if (calls && ts.isCallExpression(expression)) return resolve(expression.arguments[0], source, calls, hops);
  if (ts.isIdentifier(expression) && hops > 0) {
    return resolve(constInitializer(expression.text, source), source, calls, hops - 1);
  }
  return expression;
}

function constInitializer(name: string, source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

function schemaProperty(config: ts.ObjectLiteralExpression, source: ts.SourceFile): ts.Expression | undefined {
  for (const property of config.properties) {
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'schema') {
      return resolve(property.name, source, false);
    }
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === 'schema') {
      return resolve(property.initializer, source, false);
    }
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}
