import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('defines a connection, with its routes and tables, from the CommonJS and the ES module build', () => {
      const body = `const connection = pkg.defineGoogleConnection({ kind: 'calendar', scopes: ['x'], routePrefix: '/api/calendar',
          clientId: 'id', clientSecret: 'secret', redirectUri: 'https://app.example.com/callback' });
        return [connection.routes.map((route) => route.method + ' ' + route.path), Object.keys(connection.storage.models)];`;
      const expected = [
        [
          'GET /api/calendar/connect',
          'GET /api/calendar/callback',
          'POST /api/calendar/callback',
          'GET /api/calendar/connection',
          'DELETE /api/calendar/connection',
        ],
        ['google_calendar_oauth_states', 'google_calendar_connections'],
      ];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });
  },
});
