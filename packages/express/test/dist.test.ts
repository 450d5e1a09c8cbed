import { expect, it } from 'vitest';
import { fileUrl, runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('meets the raw body captured by the CommonJS build from the ES module build', () => {
      // The two builds share the registered symbol captureRawBody stores under, so mixing them still works.
      const body = `const esm = await import(${JSON.stringify(fileUrl(built.path('dist/index.js')))});
        const req = { method: 'POST', url: '/hook', headers: { host: 'a.example', 'content-length': '3' }, socket: {} };
        pkg.captureRawBody(req, {}, Buffer.from('abc'));
        return esm.toRequest(req).text();`;
      expect(built.run('require', built.name, body).result).toBe('abc');
    });
  },
});
