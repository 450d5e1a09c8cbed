import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('normalizes a phone number through both builds', () => {
      const body = "return pkg.normalizePhoneNumber('+1 (555) 111-1111');";
      expect(built.run('require', built.name, body).result).toBe('+15551111111');
      expect(built.run('import', built.name, body).result).toBe('+15551111111');
    });
  },
});
