import { models } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index.js';
import { createDatabase, databaseUrl, onServer, uniquePrefix } from './databases.js';

// A database per tenant: where rows land, how the pools behave, and what is refused.

const prefix = uniquePrefix();

async function perTenantStorage(name: string, options: { maxOpenTenants?: number } = {}) {
  const control = await createDatabase(`${prefix}${name}`);
  const storage = createPostgresStorage({
    mode: 'database-per-tenant',
    connectionString: databaseUrl(control),
    databasePrefix: `${prefix}${name}_`,
    maxConnections: 2,
    ...options,
  });
  await storage.migrate();
  return { storage, control };
}

const tablesOf = async (database: string) =>
  (
    await onServer<{ table: string; rls: boolean; forced: boolean }>(
      `SELECT relname AS table, relrowsecurity AS rls, relforcerowsecurity AS forced FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname`,
      [],
      database,
    )
  ).rows;

describe('postgres (database per tenant)', () => {
  it("creates <prefix><tenant id> when a tenant is created, and keeps the tenant's own rows there", async () => {
    const { storage, control } = await perTenantStorage('rows');
    try {
      const tenant = await storage.tenants.create({ slug: 'acme', name: 'Acme' });
      await storage.withTenant(tenant.id, async (scope) => {
        await scope.calls.create({ provider: 'twilio', providerCallId: 'CA1', to: '+12125550100' });
        await scope.phoneNumbers.create({ number: '+12125550100', kind: 'owned' });
      });
      const own = `${prefix}rows_${tenant.id}`;
      const calls = await onServer('SELECT tenant_id FROM calls', [], own);
      expect(calls.rows).toEqual([{ tenant_id: tenant.id }]);
      // The control database holds the registry and routing tables, and no tenant data.
      const controlTables = (await tablesOf(control)).map((row) => row.table);
      expect(controlTables).toContain('phone_numbers');
      expect(controlTables).not.toContain('calls');
      const tenantTables = await tablesOf(own);
      const expected = Object.values(models).filter((model) => model.placement === 'tenant');
      expect(tenantTables.filter((row) => row.table !== 'nuvatra_migrations').map((row) => row.table)).toEqual(
        expected.map((model) => model.table).sort(),
      );
      for (const row of tenantTables.filter((r) => r.table !== 'nuvatra_migrations')) {
        expect(row, row.table).toMatchObject({ rls: true, forced: true });
      }
      expect(await storage.routing.tenantIdByNumber('+12125550100', 'owned')).toBe(tenant.id);
    } finally {
      await storage.close();
    }
  });

  it('keeps at most maxOpenTenants pools open and reopens a closed one on demand', async () => {
    const { storage } = await perTenantStorage('lru', { maxOpenTenants: 1 });
    try {
      const tenants = [];
      for (const slug of ['one', 'two', 'three']) tenants.push(await storage.tenants.create({ slug, name: slug }));
      for (const round of [1, 2]) {
        for (const tenant of tenants) {
          await storage.withTenant(tenant.id, (scope) =>
            scope.calls.create({ provider: 'twilio', providerCallId: `CA${round}`, to: '+12125550100' }),
          );
        }
      }
      await Promise.all(
        tenants.map((tenant) =>
          storage.withTenant(tenant.id, async (scope) => {
            const calls = await scope.calls.list();
            expect(calls.items.map((call) => call.tenantId)).toEqual([tenant.id, tenant.id]);
          }),
        ),
      );
    } finally {
      await storage.close();
    }
  });

  it('refuses a tenant whose database name would pass 63 bytes rather than let PostgreSQL truncate it', async () => {
    const { storage } = await perTenantStorage('long');
    try {
      await expect(
        storage.tenants.create({ id: `t${'x'.repeat(60)}`, slug: 'long', name: 'Long' }),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      expect(await storage.routing.tenantIdBySlug('long')).toBeNull();
    } finally {
      await storage.close();
    }
  });

  it('refuses options that cannot work when the factory runs', () => {
    const url = databaseUrl(`${prefix}unused`);
    expect(() => createPostgresStorage({ mode: 'shared' })).toThrow(/exactly one of connectionString/);
    expect(() =>
      createPostgresStorage({ mode: 'database-per-tenant', connectionString: 'host=/tmp dbname=control' }),
    ).toThrow(/as a URL/);
    expect(() =>
      createPostgresStorage({ mode: 'database-per-tenant', connectionString: url, databasePrefix: 'template_' }),
    ).toThrow(/choose another prefix/);
    expect(() => createPostgresStorage({ mode: 'shared', connectionString: url, appRole: 'App' })).toThrow(
      /appRole: must be a lowercase SQL name/,
    );
  });
});
