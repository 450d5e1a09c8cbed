import { definePluginModel, models, type Storage, type StoragePlugin } from '@nuvatra/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index.js';
import { createDatabase, databaseUrl, onServer, uniquePrefix } from './databases.js';

// Row-level security as the second wall: raw SQL through the app role, past the driver's own tenant filter.

const prefix = uniquePrefix();
const database = `${prefix}rls`;
const notesPlugin: StoragePlugin = {
  name: 'rls-notes',
  storage: {
    models: { rlsNotes: definePluginModel({ table: 'plugin_rls_notes', fields: { id: 'string', body: 'string' } }) },
    migrations: {
      postgres: [
        { version: 1, name: 'notes', sql: 'CREATE TABLE plugin_rls_notes (tenant_id text, id text, body text)' },
      ],
    },
  },
};

let storage: Storage;
let a: string;
let b: string;

/** Runs `sql` in a transaction as the app role, with `tenant` set as the adapter sets it (or nothing). */
async function asApp<T extends pg.QueryResultRow>(tenant: string | null, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    await client.query('BEGIN; SET LOCAL ROLE nuvatra_app');
    if (tenant !== null) await client.query("SELECT set_config('nuvatra.tenant_id', $1, true)", [tenant]);
    return await client.query<T>(sql, params);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

const inDatabase = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  onServer<T>(sql, params, database);

beforeAll(async () => {
  await createDatabase(database);
  storage = createPostgresStorage({ mode: 'shared', connectionString: databaseUrl(database) });
  await storage.migrate({ plugins: [notesPlugin] });
  a = (await storage.tenants.create({ slug: 'a', name: 'A' })).id;
  b = (await storage.tenants.create({ slug: 'b', name: 'B' })).id;
  for (const tenant of [a, b]) {
    await storage.withTenant(tenant, async (scope) => {
      await scope.calls.create({ provider: 'twilio', providerCallId: `CA-${tenant}`, to: '+12125550100' });
      await scope.phoneNumbers.create({ number: tenant === a ? '+12125550101' : '+12125550102', kind: 'owned' });
      await scope.members.add({ userId: `user-${tenant}`, role: 'owner' });
      await scope.model('rlsNotes').insert({ id: 'n1', body: `note of ${tenant}` });
    });
  }
});
afterAll(() => storage?.close());

describe('row-level security on the shared schema', () => {
  it("answers a raw select * from calls in tenant A's transaction with A's rows only", async () => {
    const { rows } = await asApp<{ tenant_id: string }>(a, 'SELECT * FROM calls');
    expect(rows.map((row) => row.tenant_id)).toEqual([a]);
    const notes = await asApp<{ tenant_id: string }>(b, 'SELECT * FROM plugin_rls_notes');
    expect(notes.rows.map((row) => row.tenant_id)).toEqual([b]);
  });

  it('answers no row at all when no tenant, or an empty one, is set', async () => {
    for (const tenant of [null, '']) {
      for (const model of Object.values(models).filter((m) => m.tenantOwned)) {
        expect((await asApp(tenant, `SELECT * FROM ${model.table}`)).rows, model.table).toEqual([]);
      }
    }
  });

  it("refuses an INSERT carrying another tenant's tenant_id through WITH CHECK", async () => {
    const insert = `INSERT INTO calls (tenant_id, id, provider, provider_call_id, direction, to_number, status, messages,
      metadata, created_at, updated_at) VALUES ($1, 'call_x', 'twilio', 'CAx', 'inbound', '+1', 'ringing', '[]', '{}', now(), now())`;
    await expect(asApp(a, insert, [b])).rejects.toMatchObject({ code: '42501' });
    await expect(asApp(null, insert, [a])).rejects.toMatchObject({ code: '42501' });
  });

  it("neither changes another tenant's row nor moves a row to another tenant", async () => {
    expect((await asApp(a, "UPDATE calls SET summary = 'leaked' WHERE tenant_id = $1", [b])).rowCount).toBe(0);
    expect((await asApp(a, 'DELETE FROM calls WHERE tenant_id = $1', [b])).rowCount).toBe(0);
    await expect(asApp(a, 'UPDATE calls SET tenant_id = $1', [b])).rejects.toMatchObject({ code: '42501' });
  });

  it("lets an UPDATE or DELETE with no WHERE at all touch only the scope's own tenant's rows", async () => {
    expect((await asApp(a, "UPDATE calls SET summary = 'everyone'")).rowCount).toBe(1);
    expect((await asApp(a, 'DELETE FROM calls')).rowCount).toBe(1);
    expect((await asApp(null, 'DELETE FROM calls')).rowCount).toBe(0);
  });

  it('never leaks a row across tenants interleaved on a pool of one connection, many times over', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(database), max: 1 });
    const pooled = createPostgresStorage({ mode: 'shared', pool });
    try {
      // All queued at once on the single connection, alternating tenants, through the adapter and through raw SQL.
      const rounds = Array.from({ length: 200 }, (_, index) => (index % 3 === 0 ? b : a));
      const seen = await Promise.all(
        rounds.map(async (tenant, index) => {
          if (index % 2 === 0) {
            const page = await pooled.withTenant(tenant, (scope) => scope.calls.list());
            return { tenant, owners: page.items.map((call) => call.tenantId) };
          }
          const client = await pool.connect();
          try {
            await client.query('BEGIN; SET LOCAL ROLE nuvatra_app');
            await client.query("SELECT set_config('nuvatra.tenant_id', $1, true)", [tenant]);
            const { rows } = await client.query<{ tenant_id: string }>('SELECT tenant_id FROM calls');
            await client.query('COMMIT');
            return { tenant, owners: rows.map((row) => row.tenant_id) };
          } finally {
            client.release();
          }
        }),
      );
      for (const { tenant, owners } of seen) expect(owners).toEqual([tenant]);
    } finally {
      await pooled.close();
      await pool.end();
    }
  });

  it('does not leak the tenant or the role into the next transaction on the same pooled connection', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(database), max: 1 });
    const pooled = createPostgresStorage({ mode: 'shared', pool });
    try {
      const seen = await pooled.withTenant(a, (scope) => scope.calls.list());
      expect(seen.items.map((call) => call.tenantId)).toEqual([a]);
      const after = await pool.query(
        "SELECT current_user AS role, current_setting('nuvatra.tenant_id', true) AS tenant, pg_backend_pid() AS pid",
      );
      expect(after.rows[0]).toMatchObject({ role: 'postgres', tenant: '' });
      const client = await pool.connect();
      try {
        await client.query('BEGIN; SET LOCAL ROLE nuvatra_app');
        expect((await client.query('SELECT count(*)::int AS n FROM calls')).rows[0].n).toBe(0);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    } finally {
      await pooled.close();
      await pool.end();
    }
  });

  it('runs as an app role without BYPASSRLS, superuser or login, owning no table', async () => {
    const { rows } = await inDatabase(
      `SELECT rolsuper, rolbypassrls, rolcanlogin,
         (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
       FROM pg_roles r WHERE rolname = 'nuvatra_app'`,
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false, owned: 0 }]);
  });

  it('forces row-level security with the tenant policy on every table that holds tenant rows', async () => {
    const { rows } = await inDatabase<{ table: string; rls: boolean; forced: boolean; policy: string | null }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
         (SELECT qual || ' / ' || with_check FROM pg_policies p WHERE p.schemaname = 'public'
            AND p.tablename = c.relname AND p.policyname = 'nuvatra_tenant_isolation') AS policy
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')`,
    );
    // Evaluated once per statement (an InitPlan); an unset or empty setting is NULL, which matches no row.
    const policy = `(tenant_id = ( SELECT NULLIF(current_setting('nuvatra.tenant_id'::text, true), ''::text) AS "nullif"))`;
    // tenant_external_ids maps external ids to tenants: a global routing table, read across tenants by design.
    const tenantTables = rows.filter((row) => row.table !== 'tenant_external_ids');
    const expected = [...Object.values(models).filter((m) => m.tenantOwned), notesPlugin.storage?.models.rlsNotes];
    expect(tenantTables.map((row) => row.table).sort()).toEqual(expected.map((model) => model?.table).sort());
    for (const row of tenantTables) {
      expect(row, row.table).toMatchObject({ rls: true, forced: true });
      expect(row.policy, row.table).toBe(`${policy} / ${policy}`);
    }
  });

  it('has no SECURITY DEFINER function but the two routing reads, with a fixed search_path, and no view', async () => {
    const { rows } = await inDatabase(
      `SELECT p.proname AS name, r.rolname AS owner, p.proconfig AS config
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
       WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY p.proname`,
    );
    const config = ['search_path=pg_catalog, pg_temp'];
    expect(rows).toEqual([
      { name: 'nuvatra_tenant_id_by_number', owner: 'nuvatra_routing', config },
      { name: 'nuvatra_tenant_ids_for_user', owner: 'nuvatra_routing', config },
    ]);
    const views = await inDatabase(
      "SELECT relname FROM pg_class WHERE relkind IN ('v', 'm') AND relnamespace = 'public'::regnamespace",
    );
    expect(views.rows).toEqual([]);
  });

  it('lets the routing functions answer ids across tenants while their role reads only the routing columns', async () => {
    const { rows } = await asApp(null, "SELECT nuvatra_tenant_id_by_number('+12125550102', 'owned') AS id");
    expect(rows).toEqual([{ id: b }]);
    expect(await storage.routing.tenantIdsForUser(`user-${a}`)).toEqual([a]);
    const asRouting = (sql: string) =>
      onServer(`BEGIN; SET LOCAL ROLE nuvatra_routing; ${sql}; ROLLBACK`, [], database);
    await expect(asRouting('SELECT label FROM phone_numbers')).rejects.toMatchObject({ code: '42501' });
    await expect(asRouting('SELECT * FROM calls')).rejects.toMatchObject({ code: '42501' });
    await expect(asRouting("INSERT INTO tenant_members (tenant_id, user_id) VALUES ('x', 'y')")).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('refuses to migrate with an app role that has BYPASSRLS', async () => {
    const role = `${prefix}bypass`;
    await onServer(`CREATE ROLE ${role} NOLOGIN BYPASSRLS`);
    try {
      const unsafe = createPostgresStorage({
        mode: 'shared',
        connectionString: databaseUrl(database),
        schema: 'unsafe',
        appRole: role,
      });
      await expect(unsafe.migrate()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await unsafe.close();
    } finally {
      await onServer(`DROP ROLE ${role}`);
    }
  });
});

describe('migrations', () => {
  it('run once when three app nodes migrate one fresh database at the same time', async () => {
    const fresh = await createDatabase(`${prefix}concurrent`);
    const nodes = [1, 2, 3].map(() =>
      createPostgresStorage({ mode: 'shared', connectionString: databaseUrl(fresh), maxConnections: 2 }),
    );
    try {
      await Promise.all(nodes.map((node) => node.migrate({ plugins: [notesPlugin] })));
      const ledger = await onServer<{ n: number; sets: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT (migration_set, version))::int AS sets FROM nuvatra_migrations',
        [],
        fresh,
      );
      expect(ledger.rows[0]?.n).toBe(ledger.rows[0]?.sets);
      const policies = await onServer<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_policies WHERE tablename = 'calls'",
        [],
        fresh,
      );
      expect(policies.rows[0]?.n).toBe(1);
      const tenant = await nodes[1]!.tenants.create({ slug: 'after', name: 'After' });
      expect(await nodes[2]!.routing.tenantIdBySlug('after')).toBe(tenant.id);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });
});
