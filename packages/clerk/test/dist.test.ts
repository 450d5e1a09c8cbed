import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';
import { clerkKeys, signingSecret } from './app.js';
import { secretKey } from './fake-clerk.js';
import { frontendOrigin, signSessionToken } from './tokens.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('builds the auth provider and the webhooks plugin from the CommonJS and the ES module build', () => {
      const body = `const auth = pkg.clerkAuth({ secretKey: ${JSON.stringify(secretKey)}, env: {} });
        const plugin = pkg.clerkWebhooks({ signingSecret: ${JSON.stringify(signingSecret)}, env: {} });
        return [auth.name, typeof auth.invite, plugin.name, plugin.routes.map((route) => route.path)];`;
      const expected = ['clerk', 'function', 'clerk', ['/api/webhooks/clerk']];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });

    it('verifies a session token with the PEM key, and refuses a forged one without calling Clerk', async () => {
      const keys = await clerkKeys();
      const token = await signSessionToken(keys, { userId: 'user_built' });
      const body = `const authenticate = (auth, token) => auth.authenticate(new Request('https://api.example.com/api/me',
          { headers: { authorization: 'Bearer ' + token } })).then((principal) => principal.userId, (error) => error.code);
        const networkless = pkg.clerkAuth({ jwtKey: ${JSON.stringify(keys.publicKeyPem)}, authorizedParties: '${frontendOrigin}', env: {} });
        const jwks = pkg.clerkAuth({ secretKey: ${JSON.stringify(secretKey)}, apiUrl: 'http://127.0.0.1:9', env: {} });
        return [await authenticate(networkless, ${JSON.stringify(token)}), await authenticate(jwks, 'e30.e30.')];`;
      const expected = ['user_built', 'UNAUTHENTICATED'];
      expect(built.run('import', built.name, body).result).toEqual(expected);
      expect(built.run('require', built.name, body).result).toEqual(expected);
    });
  },
});
