import { type ModelDefinition, models, NuvatraError } from '@nuvatra/core';
import pg, { type ClientConfig } from 'pg';
import type { ParsedSupabaseOptions } from './options.js';
import { type DashboardPlan, functionsSql, grantsSql } from './policies.js';
import { LOCK_MIGRATIONS } from './sql.js';

const coreModels = Object.values(models) as ModelDefinition[];

/** Tables that hold secrets (sealed, but still not for a browser): left out unless named in dashboardTables. */
const secretTables = new Set(['provider_accounts']);

function refuse(message: string): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message: `createSupabaseStorage: ${message}` });
}

/**
 * The dashboard's policy set, applied after storage-postgres's `migrate()` in a transaction of its own that takes
 * the same advisory lock, so nodes starting together apply it one after the other. Idempotent: functions are
 * replaced, grants repeated, only missing policies created. A table storage-postgres has just created is empty
 * until this returns (nothing writes before `migrate()` resolves), so the moment between the two commits, when
 * Supabase's default grants still apply to it, exposes no row.
 */
export async function migrateDashboardAccess(
  config: ClientConfig,
  options: ParsedSupabaseOptions,
  pluginModels: readonly ModelDefinition[],
): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_MIGRATIONS, options.schema]);
    const plan = await readPlan(client, options, pluginModels);
    await client.query(functionsSql(plan));
    await client.query(grantsSql(plan).join(';\n'));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function readPlan(
  client: pg.Client,
  options: ParsedSupabaseOptions,
  pluginModels: readonly ModelDefinition[],
): Promise<DashboardPlan> {
  const { rows } = await client.query<{ jwt: boolean; roles: string[] }>(
    `SELECT to_regprocedure('auth.jwt()') IS NOT NULL AS jwt,
       ARRAY(SELECT rolname::text FROM pg_roles WHERE rolname IN ($1, $2)) AS roles`,
    [options.authenticatedRole, options.anonRole],
  );
  const found = rows[0];
  if (!found?.jwt) {
    refuse('auth.jwt() does not exist in this database: connect to a Supabase project database (its Postgres).');
  }
  for (const role of [options.authenticatedRole, options.anonRole]) {
    if (!found.roles.includes(role)) refuse(`the role "${role}" does not exist: is this a Supabase database?`);
  }
  const existing = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [options.schema],
  );
  const tables = new Set(existing.rows.map((row) => row.relname));
  const all = [...coreModels, ...pluginModels].filter((model) => tables.has(model.table));
  const tenantOwned = all.filter((model) => model.tenantOwned).map((model) => model.table);
  const wanted = options.dashboardTables ?? tenantOwned.filter((table) => !secretTables.has(table));
  const unknown = wanted.filter((table) => !tenantOwned.includes(table));
  if (unknown.length > 0) {
    refuse(
      `dashboardTables names ${unknown.join(', ')}, not tenant-owned tables of schema "${options.schema}". Choose among: ${tenantOwned.join(', ')}.`,
    );
  }
  const policies = await client.query<{ tablename: string; policyname: string }>(
    'SELECT tablename, policyname FROM pg_policies WHERE schemaname = $1',
    [options.schema],
  );
  return {
    schema: options.schema,
    appRole: options.appRole,
    routingRole: options.routingRole,
    supabaseSchema: options.supabaseSchema,
    authenticatedRole: options.authenticatedRole,
    anonRole: options.anonRole,
    tenantClaim: options.tenantClaim,
    organizationProvider: options.organizationProvider,
    commands: options.dashboardCommands,
    nuvatraTables: [...all.map((model) => model.table), 'nuvatra_migrations'].filter((t) => tables.has(t)),
    dashboardTables: wanted,
    existingPolicies: new Set(policies.rows.map((row) => `${row.tablename}.${row.policyname}`)),
  };
}
