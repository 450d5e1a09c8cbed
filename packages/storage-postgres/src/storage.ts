import { type CreateStorageOptions, createStorage, type Storage } from '@nuvatra/core';
import { createPostgresDriver } from './driver.js';
import type { PostgresStorageOptions } from './options.js';

/**
 * Nuvatra's storage port on PostgreSQL. Call `await storage.migrate()` once before use (as the tables' owner).
 *
 * @example
 * const storage = createPostgresStorage({ mode: 'shared', connectionString: process.env.DATABASE_URL });
 * await storage.migrate();
 */
export function createPostgresStorage(options: PostgresStorageOptions & CreateStorageOptions): Storage {
  const { now, ...driverOptions } = options;
  return createStorage(createPostgresDriver(driverOptions as PostgresStorageOptions), now ? { now } : {});
}
