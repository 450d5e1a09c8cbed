import type { JobPayload, JobRecord, JobStatus } from '@nuvatra/core';
import { z } from 'zod';
import { type Executor, ident } from './database.js';

// pg-boss's job states, in its enum's order, and what each is in the port's words. `cancelled` is never set by the
// adapter; a job cancelled through pg-boss directly will not run again, so it reads as dead (and can be retried).
const statusOfState = {
  created: 'pending',
  retry: 'pending',
  active: 'running',
  completed: 'completed',
  cancelled: 'dead',
  failed: 'dead',
} as const satisfies Record<string, JobStatus>;

type BossState = keyof typeof statusOfState;

/** The pg-boss states of each status, for filters. */
export const statesOfStatus: Record<JobStatus, BossState[]> = {
  pending: ['created', 'retry'],
  running: ['active'],
  completed: ['completed'],
  dead: ['failed', 'cancelled'],
};

/**
 * The port's `runAt` as pg-boss's `start_after`. pg-boss's fetch takes a job when `start_after < now()`; the port
 * says a job is due when `runAt <= now`. Both are microseconds, so the job is stored one microsecond early (and read
 * back one later): due at exactly `runAt`, as on SQLite. (Only a frozen test clock could tell the difference.)
 */
export const dueShift = "interval '1 microsecond'";

/** `runAt`, one microsecond early, as an ISO string pg-boss's `startAfter` takes (it casts a trailing `Z` string). */
export function toStartAfter(runAt: Date): string {
  return `${new Date(runAt.getTime() - 1).toISOString().slice(0, -1)}999Z`;
}

const jobRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  data: z.looseObject({ payload: z.json() }),
  state: z.enum(Object.keys(statusOfState) as [BossState, ...BossState[]]),
  retry_limit: z.number().int(),
  retry_count: z.number().int(),
  run_at: z.coerce.date(),
  started_on: z.coerce.date().nullable(),
  created_on: z.coerce.date(),
  updated_on: z.coerce.date(),
  tenant_id: z.string().nullable(),
  idempotency_key: z.string().nullable(),
  last_error: z.string().nullable(),
  seq: z.string(),
});

type JobRow = z.output<typeof jobRowSchema>;

/**
 * A job as pg-boss holds it, joined with the adapter's row. pg-boss counts retries (`retry_count`, raised by each
 * fetch of a job that started before), so the attempts started are that plus one once the job has ever started.
 */
export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenant_id,
    payload: row.data.payload as JobPayload,
    status: statusOfState[row.state],
    attempts: row.retry_count + (row.started_on ? 1 : 0),
    maxAttempts: row.retry_limit + 1,
    runAt: row.run_at.toISOString(),
    idempotencyKey: row.idempotency_key,
    lastError: row.last_error,
    createdAt: row.created_on.toISOString(),
    updatedAt: row.updated_on.toISOString(),
  };
}

/** Reads jobs with their adapter rows; `where` and `tail` (ORDER BY, LIMIT) may use the aliases `j` and `n`. */
export async function selectJobs(
  executor: Executor,
  schema: string,
  where: string,
  values: unknown[],
  tail = '',
): Promise<JobRow[]> {
  const s = ident(schema);
  const { rows } = await executor.query(
    `SELECT j.id::text AS id, j.name, j.data, j.state::text AS state, j.retry_limit, j.retry_count,
        j.start_after + ${dueShift} AS run_at, j.started_on, n.created_on, n.updated_on, n.tenant_id,
        n.idempotency_key, n.last_error, n.seq::text AS seq
      FROM ${s}.nuvatra_job n JOIN ${s}.job j ON j.name = n.name AND j.id = n.id
      WHERE ${where} ${tail}`,
    values,
  );
  return rows.map((row) => jobRowSchema.parse(row));
}

/** One job by id, or null. */
export async function selectJob(executor: Executor, schema: string, id: string): Promise<JobRow | null> {
  const [row] = await selectJobs(executor, schema, 'n.id = $1', [id]);
  return row ?? null;
}
