import { type CreateStorageOptions, createStorage, type Storage } from '@nuvatra/core';
import { controlConnectionOf, lendControlConnection } from './connection.js';
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
  const driver = createSqliteDriver(driverOptions as SqliteStorageOptions);
  const storage = createStorage(driver, now ? { now } : {});
  // So createSqliteJobQueue({ storage }) keeps its table in this database, on this connection.
  const connection = controlConnectionOf(driver);
  if (connection) lendControlConnection(storage, connection);
  return storage;
}
