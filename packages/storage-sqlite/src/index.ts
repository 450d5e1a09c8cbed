export { createSqliteDriver } from './driver.js';
export { jobMigrations } from './jobs/migrations.js';
export type { SqliteJobQueueOptions } from './jobs/queue.js';
export { createSqliteJobQueue } from './jobs/queue.js';
export type { Migration } from './migrations.js';
export { controlMigrations, tenantMigrations } from './migrations.js';
export type { SqliteStorageOptions } from './options.js';
export { createSqliteStorage } from './storage.js';
