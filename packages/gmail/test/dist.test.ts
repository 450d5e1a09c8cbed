import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('builds the plugin, with its routes, from the CommonJS and the ES module build', () => {
      const body = `const plugin = pkg.gmailPlugin({
          clientId: 'id.apps.googleusercontent.com',
          clientSecret: 'test-secret',
          redirectUri: 'https://app.example.com/gmail/callback',
          pubsub: {
            topicName: 'projects/p/topics/gmail',
            audience: 'https://voice.example.com/api/gmail/push',
            serviceAccountEmail: 'push@p.iam.gserviceaccount.com',
          },
        });
        return [plugin.name, plugin.routes.map((route) => route.method + ' ' + route.path).sort(), pkg.gmailSyncJobName];`;
      const expected = [
        'gmail',
        [
          'DELETE /api/gmail/connection',
          'GET /api/gmail/callback',
          'GET /api/gmail/connect',
          'GET /api/gmail/connection',
          'POST /api/gmail/callback',
          'POST /api/gmail/push',
        ],
        'gmail.sync',
      ];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });
  },
});
