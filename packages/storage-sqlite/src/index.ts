export { createSqliteDriver } from './driver.js';
export type { Migration } from './migrations.js';
export { controlMigrations, tenantMigrations } from './migrations.js';
export type { SqliteStorageOptions } from './options.js';
export { createSqliteStorage } from './storage.js';
