import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresStorage } from '../src/index.js';

// Test-only: fresh, uniquely named databases on the local PostgreSQL server, dropped after the test file (tenant
// databases too). Set NUVATRA_TEST_POSTGRES_URL to use another server; it must allow CREATE DATABASE and roles.

const serverUrl = process.env.NUVATRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The connection string of `database` on the test server. */
export function databaseUrl(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL on the server's maintenance database as the test superuser. */
export async function onServer<T extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
  database?: string,
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: database ? databaseUrl(database) : serverUrl });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

/** A prefix no other test file uses; every database the file creates holds it (templates: `template_<prefix>…`). */
export function uniquePrefix(): string {
  const prefix = `nvt_${randomBytes(4).toString('hex')}_`;
  afterAll(async () => {
    const { rows } = await onServer<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE '%' || $1 || '%'",
      [prefix],
    );
    // A few at a time: dropping is mostly waiting on the disk, and the server overlaps a few well.
    const names = rows.map((row) => row.datname);
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (const name of names.filter((_, index) => index % 4 === lane)) {
          await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        }
      }),
    );
  }, 300_000);
  return prefix;
}

/** Creates database `name`, which must hold a prefix of `uniquePrefix` (dropped after the file). */
export async function createDatabase(name: string): Promise<string> {
  await onServer(`CREATE DATABASE "${name}"`);
  return name;
}

/** A storage factory per mode, each call a fresh schema (and, per tenant, a fresh database prefix) in `control`. */
export function storageModes(prefix: string, control: string) {
  let created = 0;
  return {
    'postgres (shared schema)': () =>
      createPostgresStorage({ mode: 'shared', connectionString: databaseUrl(control), schema: `s${++created}` }),
    // A small LRU so the suites also exercise closing and reopening tenant pools.
    'postgres (database per tenant)': () => {
      created += 1;
      return createPostgresStorage({
        mode: 'database-per-tenant',
        connectionString: databaseUrl(control),
        schema: `s${created}`,
        databasePrefix: `${prefix}${created}_`,
        maxOpenTenants: 8,
        maxConnections: 4,
      });
    },
  };
}
