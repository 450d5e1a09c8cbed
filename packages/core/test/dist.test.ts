import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtPackage, fileUrl, listExports } from '../../../test-support/built-package.js';
import { runtimeExports } from '../../../test-support/exports.js';
import * as source from '../src/index.js';

// What npm users get: dist/, loaded by a Node process of its own (see test-support/built-package.ts) through
// both builds and through the exports map by name. Fails (never skips) until `pnpm build` has run.

const built = builtPackage(new URL('..', import.meta.url));
const expected = runtimeExports(source);
const stale = 'dist differs from src: run pnpm build first';

describe('the built @nuvatra/core', () => {
  it('points import and require at their own build and declarations', () => {
    expect(built.targets).toEqual({
      'import.types': './dist/index.d.ts',
      'import.default': './dist/index.js',
      'require.types': './dist/index.d.cts',
      'require.default': './dist/index.cjs',
    });
    for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) expect(existsSync(built.path(file)), file).toBe(true);
  });

  it('exports what the source entry exports, from dist/index.cjs and from dist/index.js', () => {
    expect(built.run('require', built.path('dist/index.cjs'), listExports).result, stale).toEqual(expected);
    expect(built.run('import', fileUrl(built.path('dist/index.js')), listExports).result, stale).toEqual(expected);
  });

  it('resolves by name to dist, without the source condition, for require and for import', () => {
    expect(built.run('require', built.name, listExports)).toEqual({
      resolved: built.path('dist/index.cjs'),
      result: expected,
    });
    expect(built.run('import', built.name, listExports)).toEqual({
      resolved: built.path('dist/index.js'),
      result: expected,
    });
  });

  it('normalizes a phone number through both builds', () => {
    const body = "return pkg.normalizePhoneNumber('+1 (555) 111-1111');";
    expect(built.run('require', built.name, body).result).toBe('+15551111111');
    expect(built.run('import', built.name, body).result).toBe('+15551111111');
  });
});
