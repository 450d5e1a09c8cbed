import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

// Test-only: fresh, uniquely named databases on the local PostgreSQL server (127.0.0.1:5432, trust auth, user
// postgres, which `.ci/run` starts), dropped after the test file that made them. Set NUVATRA_TEST_POSTGRES_URL to use
// another server; its user must be allowed to CREATE DATABASE and roles.

const serverUrl = process.env.NUVATRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The connection string of `database` on the test server, with `password` in it if given (trust auth ignores it). */
export function databaseUrl(database: string, password?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (password) url.password = password;
  return url.toString();
}

/** Runs SQL as the test superuser, on the maintenance database or on `database`. */
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

/**
 * A prefix no other test file uses (`<tag>_<random>_`); every database whose name holds it (templates and tenant
 * databases included) is dropped after the file.
 */
export function uniquePrefix(tag = 'nvt'): string {
  const prefix = `${tag}_${randomBytes(4).toString('hex')}_`;
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

/** Creates database `name` (give it a `uniquePrefix`, so it is dropped after the file). */
export async function createDatabase(name: string): Promise<string> {
  await onServer(`CREATE DATABASE "${name}"`);
  return name;
}

/** Call at a file's or describe block's top: a database created before its tests and dropped after the file. */
export function freshDatabase(options: { tag?: string; password?: string } = {}): { name: string; url: string } {
  const name = `${uniquePrefix(options.tag)}db`;
  beforeAll(() => createDatabase(name));
  return { name, url: databaseUrl(name, options.password) };
}
