import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('makes the plugin with its webhook route, through require and through import', () => {
      const body = `const plugin = pkg.vapi({ serverSecret: 'server-secret-0123456789', env: {} });
        return [plugin.name, plugin.routes.map((route) => route.method + ' ' + route.path), typeof plugin.hooks.handOffCall];`;
      const expected = ['vapi', ['POST /api/webhooks/vapi'], 'function'];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });

    it('verifies the server secret with Web Crypto in a plain Node process', () => {
      const body = `const headers = new Headers({ 'x-vapi-secret': 'server-secret-0123456789' });
        return pkg.verifyVapiRequest(headers, new Uint8Array(), { serverSecret: 'server-secret-0123456789' });`;
      expect(built.run('import', built.name, body).result).toBe('secret');
    });
  },
});
