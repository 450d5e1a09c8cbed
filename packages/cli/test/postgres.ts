import { randomBytes } from 'node:crypto';
import { databaseUrl, freshDatabase as freshTestDatabase } from '../../../test-support/postgres.js';

// Test-only: a fresh database on the local PostgreSQL server (test-support/postgres.ts), dropped after the file.

/**
 * Call in a describe block: a database no other run uses, created before its tests and dropped after the file.
 * `password` goes into the URL only (trust auth ignores it), so tests can check it is never printed.
 */
export function freshDatabase(password: string): { name: string; url: string } {
  return freshTestDatabase({ tag: 'nvt_cli', password });
}

/** A database no run creates, on the same server. */
export const missingDatabaseUrl = (password: string) =>
  databaseUrl(`nvt_cli_missing_${randomBytes(4).toString('hex')}`, password);
