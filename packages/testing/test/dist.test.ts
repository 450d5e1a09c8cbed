import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtPackage, fileUrl, listExports } from '../../../test-support/built-package.js';
import { runtimeExports } from '../../../test-support/exports.js';
import * as source from '../src/index.js';

// What npm users get: dist/, loaded by a Node process of its own (see test-support/built-package.ts), directly
// and through the exports map by name. The build is ESM only because vitest refuses require(); CommonJS callers
// load it through Node's require(esm) (Node >= 20.19). Fails (never skips) until `pnpm build` has run.

const built = builtPackage(new URL('..', import.meta.url));
const expected = runtimeExports(source);
const stale = 'dist differs from src: run pnpm build first';

describe('the built @nuvatra/testing', () => {
  it('points every condition at its ESM build and declarations', () => {
    expect(built.targets).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(existsSync(built.path('dist/index.d.ts'))).toBe(true);
  });

  it('exports what the source entry exports, from dist/index.js', () => {
    expect(built.run('import', fileUrl(built.path('dist/index.js')), listExports).result, stale).toEqual(expected);
  });

  it('resolves by name to dist, without the source condition, for import and for require', () => {
    expect(built.run('import', built.name, listExports)).toEqual({
      resolved: built.path('dist/index.js'),
      result: expected,
    });
    expect(built.run('require', built.name, listExports)).toEqual({
      resolved: built.path('dist/index.js'),
      result: expected,
    });
  });

  it('offers both suites as functions', () => {
    const suites = { runIsolationTests: 'function', runStorageContractTests: 'function' };
    expect(built.run('import', built.name, listExports).result).toEqual(suites);
  });
});
