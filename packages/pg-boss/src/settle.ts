import type { JobFailure, JobRecord } from '@nuvatra/core';
import type { QueueContext } from './context.js';
import { type Executor, ident, inTransaction, isJobId, toBossDb } from './database.js';
import { dueShift, selectJob, toJobRecord } from './records.js';

/**
 * Locks the job and answers its queue name when `owner` holds it (pg-boss has it `active` and the adapter's row
 * names `owner`), else null. The pg-boss row is locked first and the owner read after, in a statement of its own:
 * a claim that was taking the job meanwhile has committed by then, and its owner is the one read.
 */
async function lockHeld(transaction: Executor, schema: string, id: string, owner: string): Promise<string | null> {
  const s = ident(schema);
  const meta = await transaction.query<{ name: string }>(`SELECT name FROM ${s}.nuvatra_job WHERE id = $1`, [id]);
  const name = meta.rows[0]?.name;
  if (name === undefined) return null;
  const locked = await transaction.query(
    `SELECT 1 FROM ${s}.job WHERE name = $1 AND id = $2 AND state = 'active' FOR UPDATE`,
    [name, id],
  );
  if (locked.rowCount === 0) return null;
  const held = await transaction.query(`SELECT 1 FROM ${s}.nuvatra_job WHERE id = $1 AND owner = $2`, [id, owner]);
  return held.rowCount === 0 ? null : name;
}

export async function completeJob({ pool, schema, boss }: QueueContext, id: string, owner: string): Promise<boolean> {
  if (!isJobId(id)) return false;
  return inTransaction(pool, async (transaction) => {
    const name = await lockHeld(transaction, schema, id, owner);
    if (name === null) return false;
    await boss.complete(name, id, {}, { db: toBossDb(transaction) });
    await releaseOwner(transaction, schema, id);
    return true;
  });
}

/**
 * pg-boss `fail`: `retry` while retries remain (retryLimit = maxAttempts − 1), else `failed`, which reads as dead.
 * A final failure is dead at once: pg-boss has no call for that, so it is set directly.
 */
export async function failJob(
  { pool, schema, boss }: QueueContext,
  id: string,
  owner: string,
  failure: JobFailure,
): Promise<JobRecord | null> {
  if (!isJobId(id)) return null;
  return inTransaction(pool, async (transaction) => {
    const name = await lockHeld(transaction, schema, id, owner);
    if (name === null) return null;
    const output = { message: failure.error };
    if (failure.final) {
      await transaction.query(
        `UPDATE ${ident(schema)}.job SET state = 'failed', completed_on = now(), output = $3
          WHERE name = $1 AND id = $2`,
        [name, id, output],
      );
    } else {
      await boss.fail(name, id, output, { db: toBossDb(transaction) });
      await exactBackoff(transaction, schema, name, id);
    }
    await releaseOwner(transaction, schema, id, failure.error);
    const row = await selectJob(transaction, schema, id);
    return row && toJobRecord(row);
  });
}

/**
 * Gives the job back, due now, its attempt not counted. pg-boss's next fetch raises `retry_count` when the job
 * started before, so this lowers it, or, on a first attempt, clears `started_on` (the job reads as never started).
 */
export async function releaseJob({ pool, schema }: QueueContext, id: string, owner: string): Promise<boolean> {
  if (!isJobId(id)) return false;
  return inTransaction(pool, async (transaction) => {
    const name = await lockHeld(transaction, schema, id, owner);
    if (name === null) return false;
    const s = ident(schema);
    await transaction.query(
      `UPDATE ${s}.job SET
          state = (CASE WHEN retry_count = 0 THEN 'created' ELSE 'retry' END)::${s}.job_state,
          started_on = CASE WHEN retry_count = 0 THEN NULL ELSE started_on END,
          retry_count = greatest(retry_count - 1, 0),
          start_after = now() - ${dueShift}
        WHERE name = $1 AND id = $2`,
      [name, id],
    );
    await releaseOwner(transaction, schema, id);
    return true;
  });
}

async function releaseOwner(transaction: Executor, schema: string, id: string, error?: string) {
  await transaction.query(
    `UPDATE ${ident(schema)}.nuvatra_job SET owner = NULL, updated_on = now(), last_error = coalesce($2, last_error)
      WHERE id = $1`,
    [id, error ?? null],
  );
}

/**
 * The port's backoff, exactly: `backoffMs` doubled for each attempt after the first (at most 30 days), from now, as
 * the SQLite adapter waits. pg-boss's own (whole seconds, up to twice as long with jitter) would make a retry's due
 * time differ between the two adapters.
 */
async function exactBackoff(transaction: Executor, schema: string, name: string, id: string) {
  await transaction.query(
    `UPDATE ${ident(schema)}.job SET start_after = now() - ${dueShift} + least(
        coalesce((data->>'backoffMs')::numeric, retry_delay * 1000) * 2 ^ least(retry_count, 30),
        ${30 * 24 * 3_600_000}
      ) * interval '1 millisecond'
      WHERE name = $1 AND id = $2 AND state = 'retry'`,
    [name, id],
  );
}
