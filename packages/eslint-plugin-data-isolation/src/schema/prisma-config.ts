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
 * The `schema` string of a prisma.config file, read from its syntax tree. The file is workspace code,
 * so it is never executed: anything computed (`path.join(...)`, env lookups) yields undefined.
 */
export function readPrismaConfigSchema(sourceText: string, fileName: string): string | undefined {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const config = resolve(exportedExpression(source), source, true);
  if (config === undefined || !ts.isObjectLiteralExpression(config)) return undefined;
  const schema = schemaProperty(config, source);
  return schema !== undefined && ts.isStringLiteralLike(schema) ? schema.text : undefined;
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
