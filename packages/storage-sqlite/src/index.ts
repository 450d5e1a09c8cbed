export { createSqliteDriver } from './driver.js';
export { createSqliteStorage } from './storage.js';
export type { SqliteStorageOptions } from './options.js';
export { controlMigrations, tenantMigrations } from './migrations.js';
export type { Migration } from './migrations.js';
