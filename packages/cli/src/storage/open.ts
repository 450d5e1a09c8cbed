import { join, resolve } from 'node:path';
import { type Actor, readNuvatraEnv, type Storage, type Tenant } from '@nuvatra/core';
import { CliError, type CliIo, EXIT } from '../io.js';

/** How long a command waits for Postgres to accept a connection before saying it cannot reach it. */
const connectionTimeoutMillis = 10_000;

/** Who the CLI's changes are audited as, in each tenant's audit log. */
export const cliActor: Actor = { type: 'system', id: 'nuvatra-cli' };

export interface OpenedStorage {
  storage: Storage;
  /** For people: the driver and where its files are. */
  where: string;
}

/**
 * Opens the deployment's storage the way the example server does, from the same variables and with the same file
 * layout: Postgres when DATABASE_URL is set; else SQLite under NUVATRA_DATA_DIR, `nuvatra.sqlite`, or `tenants/` with
 * NUVATRA_DATABASE_PER_TENANT=1.
 * Migrations run first (once per version, safe beside a running server). The storage is closed after `use`.
 */
export async function withStorage<T>(io: CliIo, use: (opened: OpenedStorage) => Promise<T>): Promise<T> {
  const env = readNuvatraEnv(io.env);
  if (env.databaseUrl) {
    const url = env.databaseUrl;
    const { connectionProblem, openPostgresStorage, redactUrl } = await import('./postgres.js');
    const postgres = openPostgresStorage(url, env.databasePerTenant, connectionTimeoutMillis);
    const where = `${postgres.storage.driverName} at ${redactUrl(url)}`;
    try {
      try {
        await postgres.storage.migrate();
      } catch (error) {
        // The first contact with the server: a wrong DATABASE_URL is said in words, not as pg's stack.
        const problem = connectionProblem(error, url);
        if (!problem) throw error;
        throw new CliError(EXIT.failed, 'STORAGE_UNAVAILABLE', `${where}: ${problem.message}. Fix: ${problem.fix}.`);
      }
      return await use({ storage: postgres.storage, where });
    } finally {
      await postgres.close();
    }
  }
  const { createSqliteStorage } = await import('@nuvatra/storage-sqlite');
  const dataDirectory = resolve(io.cwd, env.dataDir);
  const storage = env.databasePerTenant
    ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants') })
    : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite') });
  try {
    await storage.migrate();
    return await use({ storage, where: `${storage.driverName} in ${dataDirectory}` });
  } finally {
    await storage.close();
  }
}

/** The id of the tenant with this slug; exit 1 when there is none. */
export async function tenantIdOf(opened: OpenedStorage, slug: string): Promise<string> {
  const id = await opened.storage.routing.tenantIdBySlug(slug);
  if (id) return id;
  throw new CliError(
    EXIT.failed,
    'TENANT_NOT_FOUND',
    `No tenant with slug "${slug}" (${opened.where}); nuvatra tenants list shows them.`,
  );
}

/** Every tenant, newest first. */
export async function allTenants(storage: Storage): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.tenants.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    tenants.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return tenants;
}
