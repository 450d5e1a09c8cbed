export { createPostgresDriver } from './driver.js';
export type { Migration } from './migrations.js';
export { controlMigrations, tenantMigrations } from './migrations.js';
export type { PostgresStorageOptions } from './options.js';
export { createPostgresStorage } from './storage.js';
