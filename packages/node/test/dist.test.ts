import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('serves a handler through both builds', () => {
      const body = `const server = await pkg.serve({ handle: async (r) => new Response(new URL(r.url).pathname) }, { port: 0, hostname: '127.0.0.1' });
        try { return await (await fetch(server.url + '/ping')).text(); } finally { await server.close(); }`;
      expect(built.run('require', built.name, body).result).toBe('/ping');
      expect(built.run('import', built.name, body).result).toBe('/ping');
    });
  },
});
