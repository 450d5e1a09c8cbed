// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('calls the API from the CommonJS and the ES module build, with the token and the impersonated tenant', () => {
      const body = `const sent = [];
        const client = pkg.createNuvatraClient({
          baseUrl: 'https://api.example.com',
          getToken: async () => 'session-token',
          tenantId: 'ten_1',
          fetch: async (url, init) => {
            sent.push([url, init.headers.get('authorization'), init.headers.get('x-tenant-id')]);
            return Response.json({ error: { code: 'TENANT_SUSPENDED', message: 'This business is suspended.' } }, { status: 403 });
          },
        });
        const failure = await client.request('GET', '/api/calls', { query: { limit: 5 } }).catch((error) => error);
        return [sent, failure instanceof pkg.NuvatraApiError, failure.code, failure.message, typeof pkg.NuvatraProvider];`;
      const expected = [
        [['https://api.example.com/api/calls?limit=5', 'Bearer session-token', 'ten_1']],
        true,
        'TENANT_SUSPENDED',
        'This business is suspended.',
        'function',
      ];
      expect(built.run('import', built.name, body).result).toEqual(expected);
      expect(built.run('require', built.name, body).result).toEqual(expected);
    });

    it('ships the default stylesheet as one file, its imports inlined', () => {
      const file = built.path('dist/styles.css');
      expect(existsSync(file)).toBe(true);
      const css = readFileSync(file, 'utf8');
      expect(css).not.toContain('@import');
      expect(css).toContain('.nv-root');
    });
  },
});
