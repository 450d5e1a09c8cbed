import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';

/** What every operation of one queue shares. */
export interface QueueContext {
  pool: Pool;
  /** pg-boss's schema, and the adapter's table's. */
  schema: string;
  /** Never started: it runs no timers; its calls run on the pool, or on a transaction passed as `{ db }`. */
  boss: PgBoss;
}
