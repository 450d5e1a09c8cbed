import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), and that it works.
runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('builds the plugin, with its tools and routes, from the CommonJS and the ES module build', () => {
      const body = `const plugin = pkg.googleCalendarPlugin({ clientId: 'id', clientSecret: 'secret',
          redirectUri: 'https://app.example.com/callback' });
        return [plugin.name, Object.keys(plugin.tools), plugin.routes.map((route) => route.path).at(-1)];`;
      const expected = ['google-calendar', ['check_availability', 'book_appointment'], '/api/calendar/appointments'];
      expect(built.run('require', built.name, body).result).toEqual(expected);
      expect(built.run('import', built.name, body).result).toEqual(expected);
    });
  },
});
