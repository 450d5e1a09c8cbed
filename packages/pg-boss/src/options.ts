import { NuvatraError } from '@nuvatra/core';
import type { Pool } from 'pg';
import { z } from 'zod';

const poolSchema = z.custom<Pool>(
  (value) => typeof (value as Pool | null)?.connect === 'function' && typeof (value as Pool).query === 'function',
  'must be a pg Pool',
);

const optionsSchema = z
  .object({
    /** The database the nodes share, e.g. process.env.DATABASE_URL. */
    connectionString: z.string().min(1).optional(),
    /** A pg Pool you created instead of `connectionString`; `close()` leaves it open. */
    pool: poolSchema.optional(),
    /** pg-boss's schema, which also holds the adapter's own table (created by `migrate()`). pg-boss's limits. */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'must be a lowercase SQL name of at most 50 characters (a-z, 0-9, _)')
      .default('nuvatra_jobs'),
    /** Connections of the pool made from `connectionString`. */
    maxConnections: z.number().int().min(1).max(1000).default(10),
  })
  .strict();

export type PgBossJobQueueOptions = z.input<typeof optionsSchema>;

export function parsePgBossJobQueueOptions(options: unknown): z.output<typeof optionsSchema> {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    invalid(`${issues}. Pass { connectionString } (or pool).`, result.error);
  }
  if (!result.data.connectionString === !result.data.pool) {
    invalid('pass exactly one of connectionString (e.g. process.env.DATABASE_URL) or pool.');
  }
  return result.data;
}

function invalid(message: string, cause?: unknown): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message: `createPgBossJobQueue: ${message}`, cause });
}
