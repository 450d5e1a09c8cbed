import { models, type Storage } from '@nuvatra/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupabaseStorage } from '../src/index.js';
import { asPostgrest, createDatabase, databaseUrl, onServer, uniquePrefix } from './databases.js';

// The dashboard's policies, exercised the way PostgREST runs a request: as `authenticated` (or `anon`), with the
// token's claims in request.jwt.claims. Supabase verifies the Clerk token before it gets here; these tests start
// from the claims it would set, and try every way to read another tenant's rows with them.

const prefix = uniquePrefix();
const database = `${prefix}rls`;
let storage: Storage;
let a: string; // invite-only: named by public_metadata.tenant_id
let b: string; // organisation org_b
let suspended: string;

const callsOf = (claims: object | null, role: 'authenticated' | 'anon' = 'authenticated') =>
  asPostgrest<{ tenant_id: string }>(database, { role, claims }, 'SELECT tenant_id FROM calls ORDER BY tenant_id');
const tenantsSeen = async (claims: object | null) =>
  (await callsOf(claims)).rows.map((row) => row.tenant_id).filter((id, index, all) => all.indexOf(id) === index);
const v1 = (extra: object) => ({ sub: 'user_1', role: 'authenticated', v: undefined, ...extra });
const v2 = (extra: object) => ({ sub: 'user_2', role: 'authenticated', v: 2, ...extra });

beforeAll(async () => {
  await createDatabase(database);
  storage = createSupabaseStorage({ connectionString: databaseUrl(database) });
  await storage.migrate();
  a = (await storage.tenants.create({ slug: 'a', name: 'A' })).id;
  b = (await storage.tenants.create({ slug: 'b', name: 'B', externalIds: { clerk_org: 'org_b' } })).id;
  suspended = (await storage.tenants.create({ slug: 'c', name: 'C', externalIds: { clerk_org: 'org_c' } })).id;
  for (const [tenant, number] of [
    [a, '+12125550101'],
    [b, '+12125550102'],
    [suspended, '+12125550103'],
  ] as const) {
    await storage.withTenant(tenant, async (scope) => {
      await scope.calls.create({ provider: 'twilio', providerCallId: `CA-${tenant}`, to: number });
      await scope.phoneNumbers.create({ number, kind: 'owned' });
      await scope.members.add({ userId: `user-${tenant}`, role: 'owner' });
    });
  }
  await storage.tenants.update(suspended, { status: 'suspended' });
});
afterAll(() => storage?.close());

describe('a dashboard reading Supabase with a Clerk session token', () => {
  it('sees only tenant A with a v1 token whose public_metadata.tenant_id is A', async () => {
    expect(await tenantsSeen(v1({ public_metadata: { tenant_id: a } }))).toEqual([a]);
  });

  it("sees only B's rows with a v2 token whose active organisation (o.id) is linked to B", async () => {
    expect(await tenantsSeen(v2({ o: { id: 'org_b', rol: 'admin', slg: 'b' } }))).toEqual([b]);
  });

  it('sees only B with a v1 token whose org_id is linked to B', async () => {
    expect(await tenantsSeen(v1({ org_id: 'org_b', org_role: 'org:admin' }))).toEqual([b]);
  });

  it('sees every tenant-owned table of its tenant only, and its own tenants row only', async () => {
    const claims = v2({ o: { id: 'org_b' } });
    const exposed = Object.values(models).filter((m) => m.tenantOwned && m.table !== 'provider_accounts');
    for (const model of exposed) {
      const { rows } = await asPostgrest<{ tenant_id: string }>(
        database,
        { role: 'authenticated', claims },
        `SELECT tenant_id FROM ${model.table}`,
      );
      expect(new Set(rows.map((row) => row.tenant_id)), model.table).toEqual(new Set(rows.length ? [b] : []));
    }
    const members = await asPostgrest(
      database,
      { role: 'authenticated', claims },
      'SELECT user_id FROM tenant_members',
    );
    expect(members.rows).toEqual([{ user_id: `user-${b}` }]);
    const tenants = await asPostgrest(database, { role: 'authenticated', claims }, 'SELECT id, slug FROM tenants');
    expect(tenants.rows).toEqual([{ id: b, slug: 'b' }]);
  });

  it('prefers the tenant claim over the organisation, as the server resolver does', async () => {
    expect(await tenantsSeen(v2({ public_metadata: { tenant_id: a }, o: { id: 'org_b' } }))).toEqual([a]);
  });

  it('sees nothing with a token that names no tenant, or with no token claims at all', async () => {
    expect(await tenantsSeen(v1({}))).toEqual([]);
    expect(await tenantsSeen(v2({ public_metadata: {} }))).toEqual([]);
    expect(await tenantsSeen(null)).toEqual([]);
    const tenants = await asPostgrest(database, { role: 'authenticated', claims: v1({}) }, 'SELECT id FROM tenants');
    expect(tenants.rows).toEqual([]);
  });

  it('sees nothing with a tenant id or an organisation that does not exist, or a suspended tenant', async () => {
    expect(await tenantsSeen(v1({ public_metadata: { tenant_id: 'ten_doesnotexist' } }))).toEqual([]);
    expect(await tenantsSeen(v2({ o: { id: 'org_unknown' } }))).toEqual([]);
    expect(await tenantsSeen(v1({ public_metadata: { tenant_id: suspended } }))).toEqual([]);
    expect(await tenantsSeen(v2({ o: { id: 'org_c' } }))).toEqual([]);
  });

  it('sees nothing when the tenant claim is not a string, rather than falling back to the organisation', async () => {
    expect(await tenantsSeen(v2({ public_metadata: { tenant_id: [a] }, o: { id: 'org_b' } }))).toEqual([]);
    expect(await tenantsSeen(v2({ public_metadata: { tenant_id: { id: a } }, o: { id: 'org_b' } }))).toEqual([]);
    expect(await tenantsSeen(v1({ org_id: { id: 'org_b' } }))).toEqual([]);
  });

  it('trusts only the verified claims: user-editable metadata, headers and a session setting change nothing', async () => {
    // unsafe_metadata is editable by the user from the browser; it is never read.
    expect(await tenantsSeen(v1({ unsafe_metadata: { tenant_id: a } }))).toEqual([]);
    const forged = await asPostgrest<{ tenant_id: string }>(
      database,
      { role: 'authenticated', claims: v1({ public_metadata: { tenant_id: a } }) },
      `SELECT set_config('request.headers', '{"x-tenant-id": "${b}"}', true),
              set_config('nuvatra.tenant_id', '${b}', true);
       SELECT tenant_id FROM calls`,
    );
    // storage-postgres's policy (for PUBLIC) now matches B, but the restrictive policy still demands the token's A.
    expect((forged as unknown as { rows: { tenant_id: string }[] }[])[1]?.rows).toEqual([{ tenant_id: a }]);
  });

  it('cannot write when dashboards are read-only (the default)', async () => {
    const request = { role: 'authenticated' as const, claims: v1({ public_metadata: { tenant_id: a } }) };
    const insert = `INSERT INTO calls (tenant_id, id, provider, provider_call_id, direction, to_number, status, messages,
      metadata, created_at, updated_at) VALUES ('${a}', 'call_x', 'twilio', 'CAx', 'inbound', '+1', 'ringing', '[]', '{}', now(), now())`;
    for (const sql of [
      insert,
      "UPDATE calls SET summary = 'x'",
      'DELETE FROM calls',
      "UPDATE tenants SET name = 'x'",
    ]) {
      await expect(asPostgrest(database, request, sql), sql).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('reaches no global table, no routing function and no secret table', async () => {
    const request = { role: 'authenticated' as const, claims: v2({ o: { id: 'org_b' } }) };
    const refused = [
      'SELECT * FROM tenant_external_ids',
      'SELECT * FROM users',
      'SELECT * FROM shared_numbers',
      'SELECT * FROM unrouted_events',
      'SELECT * FROM global_prompt_bundle',
      'SELECT * FROM global_webhook_receipts',
      'SELECT * FROM nuvatra_migrations',
      'SELECT * FROM provider_accounts',
      "SELECT nuvatra_tenant_id_by_number('+12125550101', 'owned')",
      "SELECT * FROM nuvatra_tenant_ids_for_user('user-x')",
    ];
    for (const sql of refused) {
      await expect(asPostgrest(database, request, sql), sql).rejects.toMatchObject({ code: '42501' });
    }
  });
});

describe('anon (a request without a token)', () => {
  it('is refused every Nuvatra table and function, even with claims naming a tenant', async () => {
    const tables = [...Object.values(models).map((m) => m.table), 'nuvatra_migrations'];
    for (const claims of [null, v1({ public_metadata: { tenant_id: a } })]) {
      for (const table of tables) {
        await expect(
          asPostgrest(database, { role: 'anon', claims }, `SELECT * FROM ${table}`),
          table,
        ).rejects.toMatchObject({ code: '42501' });
      }
      for (const fn of ['nuvatra_supabase.jwt_tenant_id()', "nuvatra_tenant_ids_for_user('x')"]) {
        await expect(asPostgrest(database, { role: 'anon', claims }, `SELECT ${fn}`), fn).rejects.toMatchObject({
          code: '42501',
        });
      }
    }
  });

  it('would have had every table through Supabase default privileges, which the migration revokes', async () => {
    await onServer('CREATE TABLE public.not_nuvatra (id int)', [], database);
    const { rows } = await onServer<{ other: boolean; calls: boolean; tenants: boolean }>(
      `SELECT has_table_privilege('anon', 'public.not_nuvatra', 'SELECT') AS other,
         has_table_privilege('anon', 'public.calls', 'SELECT') AS calls,
         has_table_privilege('anon', 'public.tenants', 'SELECT') AS tenants`,
      [],
      database,
    );
    expect(rows).toEqual([{ other: true, calls: false, tenants: false }]);
  });
});

describe('the catalog after migrate()', () => {
  it('has one SECURITY DEFINER function more than storage-postgres: active_tenant_id, owned by the routing role', async () => {
    const { rows } = await onServer(
      `SELECT n.nspname AS schema, p.proname AS name, r.rolname AS owner, p.proconfig AS config
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
       WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY p.proname`,
      [],
      database,
    );
    const config = ['search_path=pg_catalog, pg_temp'];
    expect(rows).toEqual([
      { schema: 'nuvatra_supabase', name: 'active_tenant_id', owner: 'nuvatra_routing', config },
      { schema: 'public', name: 'nuvatra_tenant_id_by_number', owner: 'nuvatra_routing', config },
      { schema: 'public', name: 'nuvatra_tenant_ids_for_user', owner: 'nuvatra_routing', config },
    ]);
  });

  it('puts the dashboard policies on tenant tables for authenticated only, and none for anon', async () => {
    const { rows } = await onServer<{ policyname: string; permissive: string; roles: string[]; cmd: string }>(
      "SELECT policyname, permissive, roles::text[] AS roles, cmd FROM pg_policies WHERE tablename = 'calls' ORDER BY policyname",
      [],
      database,
    );
    expect(rows).toEqual([
      { policyname: 'nuvatra_supabase_jwt_tenant', permissive: 'RESTRICTIVE', roles: ['authenticated'], cmd: 'ALL' },
      { policyname: 'nuvatra_supabase_select', permissive: 'PERMISSIVE', roles: ['authenticated'], cmd: 'SELECT' },
      { policyname: 'nuvatra_tenant_isolation', permissive: 'PERMISSIVE', roles: ['public'], cmd: 'ALL' },
    ]);
    const anon = await onServer("SELECT * FROM pg_policies WHERE 'anon' = ANY (roles)", [], database);
    expect(anon.rows).toEqual([]);
  });

  it('keeps the server path whole: the app role still reads every tenant in the registry', async () => {
    expect((await storage.tenants.list()).items.map((t) => t.slug).sort()).toEqual(['a', 'b', 'c']);
    expect(await storage.routing.tenantIdByExternalId('clerk_org', 'org_b')).toBe(b);
  });
});

describe('a dashboard allowed to write (dashboardCommands)', () => {
  it("writes its own tenant's rows only: another tenant's are neither written, changed, deleted nor reachable", async () => {
    const fresh = await createDatabase(`${prefix}write`);
    const writable = createSupabaseStorage({
      connectionString: databaseUrl(fresh),
      dashboardCommands: ['select', 'insert', 'update', 'delete'],
    });
    try {
      await writable.migrate();
      const [x, y] = [
        (await writable.tenants.create({ slug: 'x', name: 'X' })).id,
        (await writable.tenants.create({ slug: 'y', name: 'Y' })).id,
      ];
      await writable.withTenant(y, (scope) =>
        scope.calls.create({ provider: 'twilio', providerCallId: 'CA-y', to: '+12125550109' }),
      );
      const request = { role: 'authenticated' as const, claims: v1({ public_metadata: { tenant_id: x } }) };
      const insert = (tenant: string) => `INSERT INTO calls (tenant_id, id, provider, provider_call_id, direction,
        to_number, status, messages, metadata, created_at, updated_at)
        VALUES ('${tenant}', 'call_d', 'twilio', 'CAd', 'inbound', '+1', 'ringing', '[]', '{}', now(), now())`;
      expect((await asPostgrest(fresh, request, insert(x))).rowCount).toBe(1);
      await expect(asPostgrest(fresh, request, insert(y))).rejects.toMatchObject({ code: '42501' });
      expect((await asPostgrest(fresh, request, "UPDATE calls SET summary = 'x' WHERE tenant_id <> ''")).rowCount).toBe(
        0,
      );
      expect((await asPostgrest(fresh, request, 'DELETE FROM calls')).rowCount).toBe(0);
      const anon = { role: 'anon' as const, claims: null };
      await expect(asPostgrest(fresh, anon, insert(x))).rejects.toMatchObject({ code: '42501' });
      // Moving a row to another tenant fails WITH CHECK; the tenants registry stays read-only.
      await writable.withTenant(x, (scope) =>
        scope.calls.create({ provider: 'twilio', providerCallId: 'CA-x', to: '+12125550108' }),
      );
      await expect(asPostgrest(fresh, request, `UPDATE calls SET tenant_id = '${y}'`)).rejects.toMatchObject({
        code: '42501',
      });
      await expect(asPostgrest(fresh, request, "UPDATE tenants SET name = 'x'")).rejects.toMatchObject({
        code: '42501',
      });
    } finally {
      await writable.close();
    }
  });
});

describe('migrations', () => {
  it('run again without duplicating anything, and follow a change of dashboardCommands', async () => {
    const url = databaseUrl(database);
    const writer = createSupabaseStorage({ connectionString: url, dashboardCommands: ['select', 'insert', 'update'] });
    try {
      await writer.migrate();
      const count = async () =>
        (
          await onServer<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_policies WHERE tablename = 'calls' AND policyname LIKE 'nuvatra_supabase%'",
            [],
            database,
          )
        ).rows[0]?.n;
      expect(await count()).toBe(4);
      await writer.migrate();
      expect(await count()).toBe(4);
    } finally {
      await writer.close();
    }
    const reader = createSupabaseStorage({ connectionString: url });
    await reader.migrate();
    await reader.close();
    const privileges = await onServer(
      "SELECT has_table_privilege('authenticated', 'calls', 'INSERT') AS can_insert",
      [],
      database,
    );
    expect(privileges.rows).toEqual([{ can_insert: false }]);
  });

  it('run once when three nodes migrate a fresh database at the same time', async () => {
    const fresh = await createDatabase(`${prefix}concurrent`);
    const nodes = [1, 2, 3].map(() =>
      createSupabaseStorage({ connectionString: databaseUrl(fresh), maxConnections: 2 }),
    );
    try {
      await Promise.all(nodes.map((node) => node.migrate()));
      const { rows } = await onServer<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_policies WHERE tablename = 'calls'",
        [],
        fresh,
      );
      expect(rows[0]?.n).toBe(3);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  it('refuses a database without auth.jwt(), naming what is missing', async () => {
    const plain = await createDatabase(`${prefix}plain`, 'plain');
    const storage = createSupabaseStorage({ connectionString: databaseUrl(plain) });
    try {
      await expect(storage.migrate()).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('auth.jwt() does not exist'),
      });
    } finally {
      await storage.close();
    }
  });

  it('refuses options that cannot work when the factory runs', () => {
    const url = databaseUrl(`${prefix}unused`);
    expect(() => createSupabaseStorage({ connectionString: url, tenantClaim: "x'; drop" })).toThrow(/tenantClaim/);
    expect(() => createSupabaseStorage({ connectionString: url, supabaseSchema: 'public' })).toThrow(
      /supabaseSchema must differ/,
    );
    // @ts-expect-error mode is not an option here
    expect(() => createSupabaseStorage({ connectionString: url, mode: 'database-per-tenant' })).toThrow(/shared/);
    expect(() => createSupabaseStorage({ connectionString: url, dashboardCommands: [] })).toThrow(/dashboardCommands/);
  });
});
