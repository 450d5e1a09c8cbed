import { expect, it } from 'vitest';
import { listExports, runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works. The build is ESM only because vitest
// refuses require(); CommonJS callers load it through Node's require(esm) (Node >= 20.19).
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  builds: 'esm',
  behaviour(built) {
    it('offers every suite as a function', () => {
      const suites = {
        runIsolationTests: 'function',
        runJobIsolationTests: 'function',
        runJobQueueContractTests: 'function',
        runJobRuntimeTests: 'function',
        runStorageContractTests: 'function',
      };
      expect(built.run('import', built.name, listExports).result).toEqual(suites);
    });
  },
});
