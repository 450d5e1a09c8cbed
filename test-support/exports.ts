import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// Test-only: what the exports tests snapshot. It lives outside packages/ so no published package ships it.

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

export interface PublicSurface {
  /** The package's name, from its package.json. */
  name: string;
  /** Its runtime exports with their `typeof`, sorted. */
  runtime: Record<string, string>;
  /** Every exported name, values and types, with what it is, read by the TypeScript compiler. */
  declared: Record<string, string>;
  /** The declared names that have a runtime meaning: what `runtime` must list, no more. */
  declaredValues: string[];
}

/**
 * What a package's exports test freezes in its snapshot: the public surface of src/index.ts. A change there
 * reaches every user, so it must be on purpose; after an intended change, review the diff and run
 * `pnpm vitest run -u --project <package>`.
 * `packageDirectory`: `new URL('..', import.meta.url)` from the test/ folder; `source`: the loaded entry.
 */
export function readPublicSurface(packageDirectory: URL, source: object): PublicSurface {
  const { name } = JSON.parse(readFileSync(new URL('package.json', packageDirectory), 'utf8')) as { name: string };
  const declared = declaredExports(new URL('src/index.ts', packageDirectory));
  return { name, runtime: runtimeExports(source), declared, declaredValues: declaredValueNames(declared) };
}

/** Every runtime export of a loaded module, sorted by name, with its `typeof`. */
export function runtimeExports(module: object): Record<string, string> {
  const entries = Object.entries(module).map(([name, value]) => [name, typeof value] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => compare(a, b)));
}

/**
 * Every symbol a package entry exports, values and types, sorted by name, with what it is: `function`,
 * `const`, `class`, `interface`, `type`, or several joined by ` + ` when one name is both (`const + type`).
 * Read by the TypeScript compiler with the repository's tsconfig, so re-exports are followed to their origin.
 */
function declaredExports(entry: URL): Record<string, string> {
  const file = fileURLToPath(entry);
  const program = ts.createProgram([file], repositoryCompilerOptions());
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file);
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) throw new Error(`TypeScript could not read ${file} as a module.`);

  const entries = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return [symbol.name, kindsOf(target.flags, isTypeOnlyExport(symbol)).join(' + ')] as const;
  });
  return Object.fromEntries(entries.sort(([a], [b]) => compare(a, b)));
}

/** The names `declaredExports` reports with a runtime meaning: what `runtimeExports` must list, no more. */
function declaredValueNames(declared: Record<string, string>): string[] {
  const valueKinds = new Set(['function', 'const', 'class', 'enum', 'namespace']);
  return Object.entries(declared)
    .filter(([, kinds]) => kinds.split(' + ').some((kind) => valueKinds.has(kind)))
    .map(([name]) => name);
}

function kindsOf(flags: ts.SymbolFlags, typeOnly: boolean): string[] {
  const kinds: string[] = [];
  if (!typeOnly) {
    if (flags & ts.SymbolFlags.Class) kinds.push('class');
    else if (flags & ts.SymbolFlags.Function) kinds.push('function');
    else if (flags & ts.SymbolFlags.Variable) kinds.push('const');
    if (flags & ts.SymbolFlags.Enum) kinds.push('enum');
    if (flags & ts.SymbolFlags.ValueModule) kinds.push('namespace');
  }
  if (flags & ts.SymbolFlags.Interface) kinds.push('interface');
  if (flags & ts.SymbolFlags.TypeAlias) kinds.push('type');
  // `export type { SomeClass }` exports the class's instance type only.
  if (typeOnly && flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) kinds.push('type');
  return kinds.length > 0 ? kinds : ['unknown'];
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
  );
}

function repositoryCompilerOptions(): ts.CompilerOptions {
  const configFile = ts.findConfigFile(repositoryRoot, ts.sys.fileExists, 'tsconfig.json');
  if (!configFile) throw new Error(`No tsconfig.json in ${repositoryRoot}.`);
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, repositoryRoot).options, noEmit: true };
}

// Plain code-unit order, so a snapshot does not depend on the machine's locale.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
