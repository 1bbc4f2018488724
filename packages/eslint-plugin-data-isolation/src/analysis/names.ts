import ts from 'typescript';

/**
 * Where a name is used in the program's own source: as the name of a function with a body (or a name a
 * module exports something under), and as the callee of calls by that plain name (`name(…)`).
 *
 * A method call (`x.name(…)`) can run a function of the program only if some function has that name:
 * asking TypeScript what `rows.map` or `res.json` is costs the type of `rows`/`res` (for a query's result,
 * the whole generic return type of the query), while a name no function has cannot resolve to one.
 *
 * Asked name by name: a lint of a few staged files asks about a few dozen names, and a whole-program index
 * walked every node of every file for them (half of what the rule cost a pre-commit run of 5 files of a
 * 2,000-file app). TypeScript's parser keeps, per file, the set of identifier texts it met (property names
 * written as string literals included): a file without the name is skipped by one lookup, and in a file
 * with it only the places the name is written are looked at. The answers are those of a walk of the
 * whole file (`functionNames`), which files where a name may be spelled differently from its text, or where
 * many places were looked at already, get instead (see `useOf`).
 */
export interface NameUse {
  /** A function with a body has this name (a declaration, a method, a `const`/property initialised with one), or an export specifier does. */
  readonly declared: boolean;
  /** The calls by this plain name. */
  readonly calls: readonly ts.CallExpression[];
}

const NO_USE: NameUse = { declared: false, calls: [] };

/**
 * Places looked at in one file before it is walked whole instead: a file where many of the names asked
 * about are written many times (a whole-workspace lint asks about every method name it meets) costs no
 * more than the walk would.
 */
const MAX_PLACES = 64;

interface FileUses {
  /** The answers for names asked about so far, or for every name once the file is walked whole. */
  byName: Map<string, NameUse>;
  /** Places looked at so far; undefined once the file is walked whole. */
  places: number | undefined;
}

/** Per source file, which the programs of an editor session share while the file does not change. */
const usesByFile = new WeakMap<ts.SourceFile, FileUses>();

/** The uses of names in the program's own source files (see NameUse), asked name by name. */
export class ProgramNames {
  private readonly byName = new Map<string, NameUse>();
  private stringExports: Set<string> | undefined;
  constructor(private readonly sources: readonly ts.SourceFile[]) {}

  use(name: string): NameUse {
    let use = this.byName.get(name);
    if (!use) {
      let declared = false;
      const calls: ts.CallExpression[] = [];
      // A file whose identifier texts lack the name is passed over by one lookup; the names that export
      // specifiers give as string literals (`export { f as "name" }`) are not among those texts.
      const exported = this.stringExported().has(name);
      for (const source of this.sources) {
        const identifiers = identifiersOf(source);
        if (identifiers && !identifiers.has(name) && !exported) continue;
        const inFile = useOf(source, name);
        declared ||= inFile.declared;
        for (const call of inFile.calls) calls.push(call);
      }
      this.byName.set(name, (use = { declared, calls }));
    }
    return use;
  }

  private stringExported(): Set<string> {
    if (!this.stringExports) {
      this.stringExports = new Set();
      for (const source of this.sources) stringExportsOf(source.statements, this.stringExports);
    }
    return this.stringExports;
  }
}

function identifiersOf(source: ts.SourceFile): ReadonlyMap<string, unknown> | undefined {
  const identifiers = (source as { identifiers?: unknown }).identifiers;
  return identifiers instanceof Map ? identifiers : undefined;
}

/**
 * How a name is used in one file of the program's own source (see NameUse). Exact for any name; ProgramNames
 * asks only in the files whose identifier texts have it.
 */
export function useOf(source: ts.SourceFile, name: string): NameUse {
  const file = fileUses(source);
  let use = file.byName.get(name);
  if (use) return use;
  if (file.places === undefined) return NO_USE;
  const written = usesWritten(source, name);
  file.places += written.places;
  if (file.places > MAX_PLACES) {
    walkWhole(source, file);
    return file.byName.get(name) ?? NO_USE;
  }
  file.byName.set(name, written.use);
  return written.use;
}

function fileUses(source: ts.SourceFile): FileUses {
  let file = usesByFile.get(source);
  if (!file) {
    file = { byName: new Map(), places: 0 };
    usesByFile.set(source, file);
    // A backslash may spell a name differently from its text (`\u0061bc`, `'\x61bc'() {}`): such files, and
    // any without the identifier texts (which ProgramNames then cannot pass over), are walked whole.
    if (!identifiersOf(source) || source.text.includes('\\')) walkWhole(source, file);
  }
  return file;
}

/** Every name's answer from functionNames. */
function walkWhole(source: ts.SourceFile, file: FileUses): void {
  const { declared, calls } = functionNames(source);
  const byName = new Map<string, { declared: boolean; calls: ts.CallExpression[] }>();
  const entry = (name: string) => {
    let use = byName.get(name);
    if (!use) byName.set(name, (use = { declared: false, calls: [] }));
    return use;
  };
  for (const name of declared) entry(name).declared = true;
  for (const call of calls) entry((call.expression as ts.Identifier).text).calls.push(call);
  file.byName = byName;
  file.places = undefined;
}

function stringExportsOf(statements: readonly ts.Statement[], out: Set<string>): void {
  for (const statement of statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (ts.isStringLiteral(element.name)) out.add(element.name.text);
    } else if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
      stringExportsOf(statement.body.statements, out);
    }
  }
}

/**
 * What functionNames finds for `name`, from the places the name is written: the node there, and its
 * parent; `places`, how many such places were looked at.
 */
function usesWritten(source: ts.SourceFile, name: string): { use: NameUse; places: number } {
  const { text, languageVersion } = source;
  const partOfWord = (at: number) => at >= 0 && at < text.length && ts.isIdentifierPart(text.charCodeAt(at), languageVersion);
  let declared = false;
  let places = 0;
  const calls: ts.CallExpression[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (partOfWord(at - 1) || partOfWord(at + name.length) || afterDot(text, at)) continue;
    places++;
    const path = pathTo(source, at);
    const node = path[path.length - 1];
    const parent = path[path.length - 2];
    // The name itself, not a comment before it (a node's range includes the comments before it).
    if (!parent || !isName(node) || node.text !== name || at !== node.getStart(source) + (ts.isStringLiteral(node) ? 1 : 0)) continue;
    if (!isReached(path)) continue;
    if (declaredName(parent) === node) declared = true;
    else if (ts.isCallExpression(parent) && parent.expression === node) calls.push(parent);
  }
  return { use: declared || calls.length > 0 ? { declared, calls } : NO_USE, places };
}

/**
 * `x.name`, `x?.name`, `x. name`: a member's name, which neither names a function nor calls one by a plain
 * name (a spread, `...name`, does not count). Spares looking at the node there: most places a method name
 * is written are calls of it. Only on the same line: a line comment may end with a full stop.
 */
function afterDot(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  return text[before] === '.' && !(text[before - 1] === '.' && text[before - 2] === '.');
}

/** Whether functionNames's walk reaches the parent of the last node of `path` (it walks through each node above). */
function isReached(path: readonly ts.Node[]): boolean {
  for (let i = 0; i < path.length - 2; i++) if (!isWalkedThrough(path[i])) return false;
  return true;
}

/** The nodes from the file down to the innermost one whose range holds `at` (ranges include leading trivia). */
function pathTo(source: ts.SourceFile, at: number): ts.Node[] {
  const path: ts.Node[] = [source];
  for (let node: ts.Node = source; ; ) {
    const child = ts.forEachChild(node, (c) => (c.pos <= at && at < c.end ? c : undefined));
    if (!child) return path;
    path.push(child);
    node = child;
  }
}

function isName(node: ts.Node): node is ts.Identifier | ts.StringLiteral | ts.PrivateIdentifier {
  return ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node);
}

/**
 * The name a node gives a function with a body (a declaration, a method, a `const`, property or field
 * initialised with one), or the name an export specifier exports under.
 */
function declaredName(node: ts.Node): ts.Identifier | ts.StringLiteral | ts.PrivateIdentifier | undefined {
  let name: ts.Node | undefined;
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
      if ((node as ts.FunctionDeclaration | ts.MethodDeclaration).body) name = (node as ts.FunctionDeclaration | ts.MethodDeclaration).name;
      break;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertyDeclaration: {
      const declaration = node as ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration;
      if (tsFunctionInitialiser(declaration.initializer)) name = declaration.name;
      break;
    }
    case ts.SyntaxKind.ExportSpecifier:
      name = (node as ts.ExportSpecifier).name;
      break;
    default:
      break;
  }
  return name && isName(name) ? name : undefined;
}

/** Whether functionNames walks below this node. */
function isWalkedThrough(node: ts.Node): boolean {
  switch (node.kind) {
    // Types hold no function bodies (and are most of a generated client's source).
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.ImportDeclaration:
    // Nothing below these.
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return false;
    default:
      return !ts.isTypeNode(node);
  }
}

/** The names of a file's functions with bodies (and export names), and its calls by a plain name. */
export interface FileNames {
  declared: readonly string[];
  /** The calls by a plain name (`name(…)`). */
  calls: readonly ts.CallExpression[];
}

const namesByFile = new WeakMap<ts.SourceFile, FileNames>();

/** FileNames by a walk of the whole file (see useOf for the files walked whole). */
export function functionNames(source: ts.SourceFile): FileNames {
  let names = namesByFile.get(source);
  if (names) return names;
  const found: string[] = [];
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    const name = declaredName(node);
    if (name) found.push(name.text);
    // Called by a plain name (`updateSlackNotification(…)`): a method's name (`x.update(…)`) is shared by
    // every client and repository.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) calls.push(node);
    if (isWalkedThrough(node)) ts.forEachChild(node, visit);
  };
  visit(source);
  namesByFile.set(source, (names = { declared: found, calls }));
  return names;
}

/**
 * `const f = (…) => …`, `handler: function (…) {…} satisfies Handler`: the function a TypeScript
 * initialiser is, through parentheses, `as` and `satisfies`; undefined for any other initialiser (or
 * none). The same on ESTree: functionInitialiser.
 */
export function tsFunctionInitialiser(init: ts.Expression | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}
