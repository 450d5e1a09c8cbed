import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

// Test-only: a fresh, uniquely named database on the local PostgreSQL server (trust auth), dropped after the test
// file. Set NUVATRA_TEST_POSTGRES_URL to use another server; its user must be allowed to CREATE DATABASE.

const serverUrl = process.env.NUVATRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The connection string of `database` on the test server, with `password` in it if given. */
export function databaseUrl(database: string, password?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (password) url.password = password;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Call in a describe block: a database no other run uses, created before its tests and dropped after them.
 * `password` goes into the URL only (trust auth ignores it), so tests can check it is never printed.
 */
export function freshDatabase(password: string): { name: string; url: string } {
  const name = `nvt_cli_${randomBytes(4).toString('hex')}`;
  beforeAll(() => onServer(`CREATE DATABASE "${name}"`));
  afterAll(() => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return { name, url: databaseUrl(name, password) };
}

/** A database no run creates, on the same server. */
export const missingDatabaseUrl = (password: string) =>
  databaseUrl(`nvt_cli_missing_${randomBytes(4).toString('hex')}`, password);
