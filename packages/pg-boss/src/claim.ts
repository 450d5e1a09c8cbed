import type { ClaimRequest, JobRecord } from '@nuvatra/core';
import type { QueueContext } from './context.js';
import { type Executor, ident, inTransaction, toBossDb } from './database.js';
import { selectJobs, toJobRecord } from './records.js';

/** pg-boss's expiry is in whole seconds, at least one. */
const leaseSeconds = (leaseMs: number) => Math.max(1, Math.ceil(leaseMs / 1000));

/**
 * One transaction: first the jobs of these names whose lease lapsed (still `active` in pg-boss, which would only
 * notice in its maintenance), then pg-boss `fetch` from each named queue for the rest. Both lock with FOR UPDATE
 * SKIP LOCKED, so two workers never take the same job. The lease is pg-boss's expiry, the owner the adapter's row.
 */
export async function claimJobs(context: QueueContext, request: ClaimRequest): Promise<JobRecord[]> {
  const { pool, schema, boss } = context;
  const names = [...new Set(request.names)];
  if (names.length === 0 || request.limit < 1) return [];
  return inTransaction(pool, async (transaction) => {
    const claimed = await reclaimLapsed(transaction, schema, names, request.limit);
    for (const name of names) {
      const wanted = request.limit - claimed.length;
      if (wanted < 1) break;
      const jobs = await boss.fetch(name, { batchSize: wanted, db: toBossDb(transaction) });
      claimed.push(...jobs.map((job) => job.id));
    }
    if (claimed.length === 0) return [];
    const s = ident(schema);
    await transaction.query(
      `UPDATE ${s}.job SET expire_in = $3 * interval '1 second' WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[])`,
      [names, claimed, leaseSeconds(request.leaseMs)],
    );
    await transaction.query(`UPDATE ${s}.nuvatra_job SET owner = $2, updated_on = now() WHERE id = ANY($1::uuid[])`, [
      claimed,
      request.owner,
    ]);
    // pg-boss's fetch picks jobs in its order, but answers them in none: hand them over oldest due first.
    const rows = await selectJobs(
      transaction,
      schema,
      'n.id = ANY($1::uuid[])',
      [claimed],
      'ORDER BY j.start_after, n.seq',
    );
    return rows.map(toJobRecord);
  });
}

/** Why a job dies when its lease lapses in its last attempt (the SQLite adapter's words). */
const lapsedLastAttempt =
  'The lease lapsed during the last attempt: the worker stopped, or the handler ran longer than leaseMs.';

/**
 * Lapsed jobs, oldest lapse first: taken again (started now, pg-boss's retry count raised, as its fetch does), or,
 * when that lapsed attempt was the last, dead (pg-boss's own expiry does the same): retrying a job that kills its
 * worker forever could kill every worker. Answers the ids taken.
 */
async function reclaimLapsed(transaction: Executor, schema: string, names: string[], limit: number) {
  const s = ident(schema);
  const { rows } = await transaction.query<{ id: string; exhausted: boolean }>(
    `WITH lapsed AS (
        SELECT name, id, retry_count >= retry_limit AS exhausted FROM ${s}.job
        WHERE name = ANY($1::text[]) AND state = 'active' AND started_on + expire_in <= now()
        ORDER BY started_on + expire_in, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${s}.job j SET
        state = (CASE WHEN lapsed.exhausted THEN 'failed' ELSE 'active' END)::${s}.job_state,
        completed_on = CASE WHEN lapsed.exhausted THEN now() END,
        output = CASE WHEN lapsed.exhausted THEN $3::jsonb ELSE j.output END,
        started_on = CASE WHEN lapsed.exhausted THEN j.started_on ELSE now() END,
        retry_count = CASE WHEN lapsed.exhausted THEN j.retry_count ELSE j.retry_count + 1 END
      FROM lapsed WHERE j.name = lapsed.name AND j.id = lapsed.id
      RETURNING j.id::text AS id, lapsed.exhausted`,
    [names, limit, { message: lapsedLastAttempt }],
  );
  const dead = rows.filter((row) => row.exhausted).map((row) => row.id);
  if (dead.length > 0) {
    await transaction.query(
      `UPDATE ${s}.nuvatra_job SET owner = NULL, last_error = $2, updated_on = now() WHERE id = ANY($1::uuid[])`,
      [dead, lapsedLastAttempt],
    );
  }
  return rows.filter((row) => !row.exhausted).map((row) => row.id);
}
