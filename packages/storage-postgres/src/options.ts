import { NuvatraError } from '@nuvatra/core';
import type { Pool } from 'pg';
import { z } from 'zod';

// Names end up quoted in SQL and in database names; plain lowercase names keep both simple and safe.
const sqlName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase SQL name (a-z, 0-9, _)');
const poolSchema = z.custom<Pool>(
  (value) => typeof (value as Pool | null)?.connect === 'function' && typeof (value as Pool).query === 'function',
  'must be a pg Pool',
);

const common = {
  /** The application's connection; its user should be a login role that is a member of `appRole`. */
  connectionString: z.string().min(1).optional(),
  /** A pg Pool you created instead of `connectionString`; `close()` leaves it open. */
  pool: poolSchema.optional(),
  /** Runs migrations (and, per tenant, CREATE DATABASE): a role that owns the tables. Defaults to the connection. */
  ownerConnectionString: z.string().min(1).optional(),
  /** The role every transaction switches to (`SET LOCAL ROLE`): owns nothing, no BYPASSRLS. Created if missing. */
  appRole: sqlName.default('nuvatra_app'),
  /** Owns the routing functions, and may read only the routing columns of phone numbers and members. */
  routingRole: sqlName.default('nuvatra_routing'),
  /** The schema holding Nuvatra's tables (created if missing). */
  schema: sqlName.default('public'),
  /** Connections of the pool made from `connectionString`. */
  maxConnections: z.number().int().min(1).max(1000).default(10),
};

const optionsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('shared'), ...common }).strict(),
  z
    .object({
      mode: z.literal('database-per-tenant'),
      ...common,
      /** Each tenant's database is `<databasePrefix><tenant id>`. */
      databasePrefix: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,26}$/, 'must be a lowercase SQL name of at most 27 characters')
        .default('nuvatra_tenant_'),
      /** Tenant databases with an open pool at once; the least recently used pool is closed past this. */
      maxOpenTenants: z.number().int().min(1).max(10_000).default(64),
      /** Connections of each tenant database's pool. */
      maxConnectionsPerTenant: z.number().int().min(1).max(100).default(2),
    })
    .strict(),
]);

export type PostgresStorageOptions = z.input<typeof optionsSchema>;
export type ParsedPostgresStorageOptions = z.output<typeof optionsSchema>;

function invalid(message: string, cause?: unknown): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message: `createPostgresStorage: ${message}`, cause });
}

export function parsePostgresStorageOptions(options: unknown): ParsedPostgresStorageOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    invalid(`${issues}. Pass { mode: 'shared' | 'database-per-tenant', connectionString } (or pool).`, result.error);
  }
  const parsed = result.data;
  if (!parsed.connectionString === !parsed.pool) {
    invalid('pass exactly one of connectionString (e.g. process.env.DATABASE_URL) or pool.');
  }
  if (parsed.appRole === parsed.routingRole) invalid('appRole and routingRole must be two different roles.');
  return parsed;
}
