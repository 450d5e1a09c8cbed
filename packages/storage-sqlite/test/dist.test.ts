import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';

// What npm users get (see test-support/built-package.ts), with @nuvatra/core resolved to its dist the same way,
// and that it works.

const createTenantBody = `
  const storage = pkg.createSqliteStorage({ mode: 'shared', filename: ':memory:' });
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
    it('migrates an in-memory database and stores a tenant and its call through both builds', () => {
      const stored = { driver: 'sqlite (shared file)', slug: 'acme', callOfTenant: true };
      expect(built.run('require', built.name, createTenantBody).result).toEqual(stored);
      expect(built.run('import', built.name, createTenantBody).result).toEqual(stored);
    });
  },
});
