import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';
import { createDatabase, databaseUrl, uniquePrefix } from './databases.js';

// What npm users get (see test-support/built-package.ts), with @nuvatra/core and @nuvatra/storage-postgres
// resolved to their dist the same way, and that it works against a Supabase-like test database.

const prefix = uniquePrefix();

const migrateBody = (database: string) => `
  const storage = pkg.createSupabaseStorage({ connectionString: ${JSON.stringify(databaseUrl(database))} });
  await storage.migrate();
  const tenant = await storage.tenants.create({ slug: 'acme', name: 'Acme' });
  const call = await storage.withTenant(tenant.id, (scope) =>
    scope.calls.create({ provider: 'twilio', providerCallId: 'CA1', to: '+15551111111' }),
  );
  await storage.close();
  return { driver: storage.driverName, callOfTenant: call.tenantId === tenant.id };`;

runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('migrates a fresh Supabase-like database and stores a call through both builds', async () => {
      const stored = { driver: 'supabase (postgres, shared schema)', callOfTenant: true };
      const required = await createDatabase(`${prefix}require`);
      const imported = await createDatabase(`${prefix}import`);
      expect(built.run('require', built.name, migrateBody(required)).result).toEqual(stored);
      expect(built.run('import', built.name, migrateBody(imported)).result).toEqual(stored);
    });

    it('resolves @nuvatra/supabase/client to its own build for require and import', () => {
      const body = 'return typeof pkg.createTenantSupabaseClient;';
      expect(built.run('require', `${built.name}/client`, body)).toEqual({
        resolved: built.path('dist/client.cjs'),
        result: 'function',
      });
      expect(built.run('import', `${built.name}/client`, body)).toEqual({
        resolved: built.path('dist/client.js'),
        result: 'function',
      });
    });
  },
});
