import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeExports } from './exports.js';

// Test-only: loads a package's build the way a consumer does, in a Node process of its own. Not in the test's
// process: Vitest's module runner resolves workspace imports with the `@nuvatra/source` condition, and its workers
// run with `--conditions @nuvatra/source`, so even a `createRequire` there would load @nuvatra dependencies of a
// dist file from src/.

const SOURCE_CONDITION = '@nuvatra/source';

export interface ConsumerRun {
  /** The file the specifier resolved to, after symlinks. */
  resolved: string;
  /** What the body returned, through JSON. */
  result: unknown;
}

export interface BuiltPackage {
  readonly name: string;
  /** The "." export without the source condition, flattened: `{ 'import.types': './dist/index.d.ts', … }`. */
  readonly targets: Record<string, string>;
  /** The absolute path of a file of the package. */
  path(relative: string): string;
  /**
   * Runs `body` (the inside of an async function, with the loaded module as `pkg`) in a fresh Node process whose
   * working directory has the package installed by name, the way pnpm links it. `specifier` is the package name,
   * or a path or file URL from `path`. No custom conditions are set, so names resolve to dist as for a consumer.
   */
  run(how: 'require' | 'import', specifier: string, body: string): ConsumerRun;
}

export interface BuiltPackageSuiteOptions {
  /** The package's directory: `new URL('..', import.meta.url)` from its test/ folder. */
  packageDirectory: URL;
  /** Its source entry, loaded: dist must export the same names, with the same `typeof`. */
  source: object;
  /** `esm` when the package ships an ES module build only, which CommonJS callers load through require(esm). */
  builds?: 'esm and cjs' | 'esm';
  /** The package's own checks that its build works, as `it(...)` calls; `built` loads the build as a consumer. */
  behaviour(built: BuiltPackage): void;
}

/**
 * What npm users get: dist/, loaded by a Node process of its own through each build and through the exports map
 * by name, then the package's `behaviour` checks. Fails (never skips) until `pnpm build` has run.
 */
export function runBuiltPackageTests({ packageDirectory, source, builds, behaviour }: BuiltPackageSuiteOptions): void {
  const built = builtPackage(packageDirectory);
  const expected = runtimeExports(source);
  const stale = 'dist differs from src: run pnpm build first';
  const esmOnly = builds === 'esm';
  const required = esmOnly ? 'dist/index.js' : 'dist/index.cjs';

  describe(`the built ${built.name}`, () => {
    if (esmOnly) {
      it('points every condition at its ESM build and declarations', () => {
        expect(built.targets).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
        expect(existsSync(built.path('dist/index.d.ts'))).toBe(true);
      });

      it('exports what the source entry exports, from dist/index.js', () => {
        expect(built.run('import', fileUrl(built.path('dist/index.js')), listExports).result, stale).toEqual(expected);
      });
    } else {
      it('points import and require at their own build and declarations', () => {
        expect(built.targets).toEqual({
          'import.types': './dist/index.d.ts',
          'import.default': './dist/index.js',
          'require.types': './dist/index.d.cts',
          'require.default': './dist/index.cjs',
        });
        for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
          expect(existsSync(built.path(file)), file).toBe(true);
        }
      });

      it('exports what the source entry exports, from dist/index.cjs and from dist/index.js', () => {
        expect(built.run('require', built.path('dist/index.cjs'), listExports).result, stale).toEqual(expected);
        expect(built.run('import', fileUrl(built.path('dist/index.js')), listExports).result, stale).toEqual(expected);
      });
    }

    it(`resolves by name to dist, without the source condition, for ${esmOnly ? 'import and for require' : 'require and for import'}`, () => {
      expect(built.run('require', built.name, listExports)).toEqual({
        resolved: built.path(required),
        result: expected,
      });
      expect(built.run('import', built.name, listExports)).toEqual({
        resolved: built.path('dist/index.js'),
        result: expected,
      });
    });

    behaviour(built);
  });
}

/**
 * The package whose directory is `packageDirectory`, after checking that every file its exports map points at
 * (outside the source condition) exists. Throws "run pnpm build first" otherwise, so the test fails, never skips.
 */
function builtPackage(packageDirectory: URL): BuiltPackage {
  const directory = fileURLToPath(packageDirectory);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const targets = flatten(manifest.exports['.'], '');
  const missing = Object.values(targets).filter((target) => !existsSync(join(directory, target)));
  if (Object.keys(targets).length === 0 || missing.length > 0) {
    throw new Error(
      `${manifest.name} is not built (${missing.join(', ') || 'no dist targets'} missing in ${directory}): run pnpm build first.`,
    );
  }

  return {
    name: manifest.name,
    targets,
    path: (relative) => join(directory, relative),
    run: (how, specifier, body) => runInConsumer(manifest.name, directory, how, specifier, body),
  };
}

function flatten(conditions: unknown, prefix: string): Record<string, string> {
  if (typeof conditions === 'string') return { [prefix || 'default']: conditions };
  const targets: Record<string, string> = {};
  for (const [condition, value] of Object.entries((conditions ?? {}) as Record<string, unknown>)) {
    if (condition === SOURCE_CONDITION) continue;
    Object.assign(targets, flatten(value, prefix ? `${prefix}.${condition}` : condition));
  }
  return targets;
}

function runInConsumer(name: string, directory: string, how: 'require' | 'import', specifier: string, body: string) {
  const consumer = mkdtempSync(join(tmpdir(), 'nuvatra-consumer-'));
  try {
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const link = join(consumer, 'node_modules', name);
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(directory, link, 'junction');

    const spec = JSON.stringify(specifier);
    const script =
      how === 'require'
        ? `const pkg = require(${spec}); const resolved = require.resolve(${spec});
           (async () => { ${body} })().then((result) => process.stdout.write(JSON.stringify({ resolved, result })),
             (error) => { console.error(error); process.exitCode = 1; });`
        : `import { fileURLToPath } from 'node:url';
           const pkg = await import(${spec}); const resolved = fileURLToPath(import.meta.resolve(${spec}));
           const result = await (async () => { ${body} })();
           process.stdout.write(JSON.stringify({ resolved, result }));`;
    const args = how === 'require' ? ['-e', script] : ['--input-type=module', '-e', script];
    // NODE_OPTIONS could carry `--conditions=@nuvatra/source` from the caller; a consumer has none.
    const { NODE_OPTIONS: _, ...env } = process.env;
    try {
      const stdout = execFileSync(process.execPath, args, { cwd: consumer, env, encoding: 'utf8', stdio: 'pipe' });
      return JSON.parse(stdout) as ConsumerRun;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`node failed to ${how} ${specifier} from a consumer of ${name}:\n${stderr}`, { cause: error });
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
}

/** A `run` body answering what `runtimeExports` answers in-process: `{ name: typeof value }`, sorted. */
export const listExports =
  'return Object.fromEntries(Object.keys(pkg).sort().map((name) => [name, typeof pkg[name]]));';

/** A file URL string for `import()` of an absolute path. */
export function fileUrl(path: string): string {
  return pathToFileURL(path).href;
}
