import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { listExports, runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works. The build is ESM only, a command-line
// tool first; CommonJS callers load its programmatic entry through Node's require(esm) (Node >= 20.19).
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  builds: 'esm',
  behaviour(built) {
    it('offers runCli and the development credentials helpers', () => {
      expect(built.run('import', built.name, listExports).result).toEqual({
        createDevelopmentProviders: 'function',
        developmentProvidersFile: 'function',
        developmentProvidersSchema: 'object',
        readDevelopmentProviders: 'function',
        runCli: 'function',
      });
    });

    it('ships the nuvatra bin as an executable with a shebang, which prints its version', () => {
      const manifest = JSON.parse(readFileSync(built.path('package.json'), 'utf8')) as {
        version: string;
        bin: Record<string, string>;
      };
      const bin = built.path(manifest.bin.nuvatra ?? '');
      expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(statSync(bin).mode & 0o111).not.toBe(0);
      const { NODE_OPTIONS: _, ...env } = process.env;
      expect(execFileSync(process.execPath, [bin, '--version'], { env, encoding: 'utf8' })).toBe(
        `${manifest.version}\n`,
      );
    });
  },
});
