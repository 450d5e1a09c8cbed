import { type CreateStorageOptions, createStorage, type Storage } from '@nuvatra/core';
import { createSqliteDriver } from './driver.js';
import type { SqliteStorageOptions } from './options.js';

/**
 * Nuvatra's storage port on SQLite. Call `await storage.migrate()` once before use.
 *
 * @example
 * const storage = createSqliteStorage({ mode: 'shared', filename: './data/nuvatra.sqlite' });
 * await storage.migrate();
 */
export function createSqliteStorage(options: SqliteStorageOptions & CreateStorageOptions): Storage {
  const { now, ...driverOptions } = options;
  return createStorage(createSqliteDriver(driverOptions as SqliteStorageOptions), now ? { now } : {});
}
