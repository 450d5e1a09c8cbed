import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';
import { createDatabase, databaseUrl, uniquePrefix } from './databases.js';

// What npm users get (see test-support/built-package.ts), with @nuvatra/core resolved to its dist the same way,
// and that it works against the test server.

const prefix = uniquePrefix();

const createTenantBody = (database: string) => `
  const storage = pkg.createPostgresStorage({ mode: 'shared', connectionString: ${JSON.stringify(databaseUrl(database))} });
  await storage.migrate();
  const tenant = await storage.tenants.create({ slug: 'acme', name: 'Acme' });
  const call = await storage.withTenant(tenant.id, (scope) =>
    scope.calls.create({ provider: 'twilio', providerCallId: 'CA1', to: '+15551111111' }),
  );
  await storage.close();
  return { driver: storage.driverName, slug: tenant.slug, callOfTenant: call.tenantId === tenant.id };`;

runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('migrates a fresh database and stores a tenant and its call through both builds', async () => {
      const stored = { driver: 'postgres (shared schema)', slug: 'acme', callOfTenant: true };
      const required = await createDatabase(`${prefix}require`);
      const imported = await createDatabase(`${prefix}import`);
      expect(built.run('require', built.name, createTenantBody(required)).result).toEqual(stored);
      expect(built.run('import', built.name, createTenantBody(imported)).result).toEqual(stored);
    });
  },
});
