import { NuvatraError } from '@nuvatra/core';
import pg, { type Pool, type PoolConfig } from 'pg';
import { ident } from './sql.js';

/** The same server and credentials, another database; a connection string is rewritten, not overridden. */
export function forDatabase(config: PoolConfig, database: string): PoolConfig {
  if (!config.connectionString) return { ...config, database };
  let url: URL;
  try {
    url = new URL(config.connectionString);
  } catch (cause) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        'createPostgresStorage: database-per-tenant mode needs connectionString as a URL (postgres://user@host:5432/control) to reach the tenant databases.',
      cause,
    });
  }
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...config, connectionString: url.toString() };
}

/** Runs `work` on a short-lived connection, closed afterwards: migrations and CREATE DATABASE, as the owner. */
export async function withClient<T>(config: PoolConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A pool we created: an idle connection the server dropped is discarded by pg, not a crash of the process. */
export function createPool(config: PoolConfig): Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined);
  return pool;
}

export interface TenantDatabaseOptions {
  prefix: string;
  maxOpenTenants: number;
  maxConnectionsPerTenant: number;
  /** The app's connection to the control database; tenant pools connect the same way to their own database. */
  appConfig: PoolConfig;
  /** The owner's connection to the control database. */
  ownerConfig: PoolConfig;
  /** Applies the tenant migration sets (and plugins') on an owner connection to a tenant's database. */
  migrate(client: pg.Client): Promise<void>;
}

/**
 * Database per tenant: `<prefix><tenant id>`, created when the tenant is provisioned and migrated by the owner;
 * the app reaches each through a small pool, at most `maxOpenTenants` pools open (least recently used closed).
 */
export function createTenantDatabases(options: TenantDatabaseOptions) {
  const pools = new Map<string, Promise<Pool>>();
  const migrated = new Set<string>();

  // Outside the tenants' namespace: no tenant id can name it (a name starting with the prefix could).
  const templateName = `template_${options.prefix.replace(/_+$/, '')}`;
  if (templateName.startsWith(options.prefix)) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `createPostgresStorage: databasePrefix "${options.prefix}" would let a tenant's database be named like the template "${templateName}"; choose another prefix.`,
    });
  }

  async function createDatabase(name: string, template?: string): Promise<void> {
    const sql = `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await withClient(options.ownerConfig, (client) => client.query(sql));
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Created meanwhile by another node (42P04, or 23505 when both inserted at once): it is there.
        if (code === '42P04' || code === '23505') return;
        // 55006: another node is migrating the template right now, and a database being copied must be idle.
        if (code !== '55006' || attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  function databaseName(tenantId: string): string {
    const name = `${options.prefix}${tenantId}`;
    // Longer names are silently truncated by PostgreSQL, and two tenants could then share one database.
    if (new TextEncoder().encode(name).length > 63) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `The database name "${name}" is longer than PostgreSQL's 63 bytes; use a shorter databasePrefix or tenant id.`,
      });
    }
    return name;
  }

  async function migrate(tenantId: string): Promise<void> {
    await withClient(forDatabase(options.ownerConfig, databaseName(tenantId)), options.migrate);
    migrated.add(tenantId);
  }

  async function open(tenantId: string): Promise<Pool> {
    if (!migrated.has(tenantId)) await migrate(tenantId);
    return createPool({
      ...forDatabase(options.appConfig, databaseName(tenantId)),
      max: options.maxConnectionsPerTenant,
    });
  }

  return {
    databaseName,
    /**
     * Creates (or re-migrates) the template database: migrations run once there, and every tenant's database is
     * a copy of it, so provisioning is one CREATE DATABASE rather than a full migration.
     */
    async prepareTemplate(): Promise<void> {
      await createDatabase(templateName);
      await withClient(forDatabase(options.ownerConfig, templateName), options.migrate);
    },
    /** Creates the tenant's database from the template (kept if it exists) and brings it up to date. */
    async provision(tenantId: string): Promise<void> {
      await createDatabase(databaseName(tenantId), templateName);
      await migrate(tenantId);
    },
    /** The tenant's pool, opened (and its database migrated, once per process) on first use. */
    pool(tenantId: string): Promise<Pool> {
      let pool = pools.get(tenantId);
      if (pool) pools.delete(tenantId);
      else pool = open(tenantId);
      pools.set(tenantId, pool);
      pool.catch(() => pools.get(tenantId) === pool && pools.delete(tenantId));
      for (const [id, stale] of pools) {
        if (pools.size <= options.maxOpenTenants) break;
        pools.delete(id);
        // A transaction still running on it finishes; pg closes each connection as it is released.
        stale.then((p) => p.end()).catch(() => undefined);
      }
      return pool;
    },
    /** New plugin migrations: open databases are migrated now, the others when they next open. */
    async remigrate(): Promise<void> {
      migrated.clear();
      for (const tenantId of pools.keys()) await migrate(tenantId);
    },
    async close(): Promise<void> {
      const open = [...pools.values()];
      pools.clear();
      await Promise.all(open.map((pool) => pool.then((p) => p.end()).catch(() => undefined)));
    },
  };
}
