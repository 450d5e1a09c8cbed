import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('builds the plugin, with its routes, from the CommonJS and the ES module build', () => {
      const body = `const plugin = pkg.telnyx({ publicKey: '${'A'.repeat(43)}=', env: {} });
        return [plugin.name, plugin.routes.map((route) => route.path)[0], pkg.sendSmsJobName];`;
      const expected = ['telnyx', '/api/webhooks/telnyx', 'telnyx.send-sms'];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });
  },
});
