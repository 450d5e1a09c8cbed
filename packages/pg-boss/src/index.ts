export type { PgBossJobQueueOptions } from './options.js';
export { createPgBossJobQueue } from './queue.js';
