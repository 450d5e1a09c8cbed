import { randomBytes } from 'node:crypto';
import type { Storage } from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { inject, onTestFinished } from 'vitest';

/** `postgres`: the project run by vitest.postgres.config.ts, on the local PostgreSQL with row-level security. */
export const storageKind = process.env.NUVATRA_TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh, migrated storage for one test: in-memory SQLite, or a schema of its own in the project's database. */
export async function openTestStorage(): Promise<Storage> {
  const storage =
    storageKind === 'postgres'
      ? createPostgresStorage({
          mode: 'shared',
          connectionString: inject('postgresUrl'),
          schema: `t_${randomBytes(6).toString('hex')}`,
          maxConnections: 4,
        })
      : createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  if (storageKind === 'postgres') onTestFinished(() => storage.close());
  return storage;
}
