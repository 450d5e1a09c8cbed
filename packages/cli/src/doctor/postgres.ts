import { controlMigrations, tenantMigrations } from '@nuvatra/storage-postgres';
import type pg from 'pg';
import { connectionProblem, errorCodes, errorDetail, openPostgresStorage, redactUrl } from '../storage/postgres.js';
import type { Check } from './checks.js';

/** A checklist waits this long for the server to accept a connection. */
const connectionTimeoutMillis = 5_000;
const migrateFix = 'nuvatra migrate (the server also migrates when it starts)';

/**
 * Connects to DATABASE_URL without migrating: one routing read (the server's first read of every call), then the
 * migrations ledger against the versions this release ships. Reports the URL without its password.
 */
export async function postgresCheck(url: string, perTenant: boolean): Promise<Check> {
  const { storage, pool, close } = openPostgresStorage(url, perTenant, connectionTimeoutMillis);
  const where = `${storage.driverName} at ${redactUrl(url)}`;
  const check = (status: Check['status'], message: string, fix?: string): Check => ({
    name: 'Database',
    status,
    message: `${where}: ${message}`,
    ...(fix ? { fix } : {}),
  });
  try {
    try {
      await storage.routing.tenantIdBySlug('nuvatra-doctor');
    } catch (error) {
      // 42P01 no such table, 42883 no such function: reachable, never migrated.
      if (errorCodes(error).some((code) => code === '42P01' || code === '42883')) {
        return check('warn', 'reachable, not migrated yet', migrateFix);
      }
      const problem = connectionProblem(error, url);
      return problem
        ? check('fail', problem.message, problem.fix)
        : check('fail', `the routing read failed: ${errorDetail(error, url)}`);
    }
    const pending = await pendingMigrations(pool, perTenant);
    if (pending === null) return check('ok', 'reachable (this role cannot read the migrations ledger)');
    return pending === 0
      ? check('ok', 'reachable, migrations applied')
      : check('warn', `reachable, ${pending} migration${pending === 1 ? '' : 's'} pending`, migrateFix);
  } catch (error) {
    return check('fail', `reading the migrations ledger failed: ${errorDetail(error, url)}`);
  } finally {
    await close();
  }
}

/**
 * Versions this release ships that the ledger lacks: the control and tenant sets in the shared schema; only the
 * control set in the control database of database-per-tenant mode (tenant databases migrate as they open).
 * `null` when the role may not read the ledger (an app role has no grant on it, by design).
 */
async function pendingMigrations(pool: pg.Pool, perTenant: boolean): Promise<number | null> {
  let rows: Array<{ migration_set: string; version: number }>;
  try {
    ({ rows } = await pool.query('SELECT migration_set, version FROM public.nuvatra_migrations'));
  } catch (error) {
    if (errorCodes(error).includes('42501')) return null;
    throw error;
  }
  const applied = new Set(rows.map((row) => `${row.migration_set}@${row.version}`));
  const shipped = [
    ...controlMigrations.map((migration) => `control@${migration.version}`),
    ...(perTenant ? [] : tenantMigrations.map((migration) => `tenant@${migration.version}`)),
  ];
  return shipped.filter((version) => !applied.has(version)).length;
}
