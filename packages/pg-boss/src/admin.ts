import {
  createHttpError,
  decodeCursor,
  encodeCursor,
  type JobListFilter,
  type JobRecord,
  type Page,
  type PageRequest,
  pageRequestSchema,
  parseOrThrow,
} from '@nuvatra/core';
import type { QueueContext } from './context.js';
import { ident, inTransaction, isJobId, toBossDb } from './database.js';
import { dueShift, selectJob, selectJobs, statesOfStatus, toJobRecord } from './records.js';

export async function getJob({ pool, schema }: QueueContext, id: string): Promise<JobRecord | null> {
  if (!isJobId(id)) return null;
  const row = await selectJob(pool, schema, id);
  return row && toJobRecord(row);
}

/** Newest first (insertion order), keyset paging on the adapter's `seq`, through its indexes. */
export async function listJobs(
  { pool, schema }: QueueContext,
  filter: JobListFilter,
  page: PageRequest = {},
): Promise<Page<JobRecord>> {
  const { limit, cursor } = parseOrThrow(pageRequestSchema, page, 'page request');
  const conditions = ['true'];
  const values: unknown[] = [];
  const value = (v: unknown) => `$${values.push(v)}`;
  if (filter.status) conditions.push(`j.state::text = ANY(${value(statesOfStatus[filter.status])}::text[])`);
  if (filter.tenantId) conditions.push(`n.tenant_id = ${value(filter.tenantId)}`);
  if (filter.name) conditions.push(`n.name = ${value(filter.name)}`);
  if (cursor) conditions.push(`n.seq < ${value(seqOf(cursor))}::bigint`);
  const rows = await selectJobs(
    pool,
    schema,
    conditions.join(' AND '),
    values,
    `ORDER BY n.seq DESC LIMIT ${value(limit + 1)}`,
  );
  const items = rows.slice(0, limit).map(toJobRecord);
  const last = rows[limit - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.created_on.toISOString(), last.seq]) : null,
  };
}

/** Core's cursor shape, as the SQLite adapter uses it: the last job's `createdAt` and its insertion number. */
function seqOf(cursor: string): string {
  const seq = decodeCursor(cursor)[1];
  if (!/^\d{1,18}$/.test(seq)) {
    throw createHttpError('INVALID_CURSOR', 'The cursor is not one this queue returned; pass nextCursor unchanged.');
  }
  return seq;
}

/**
 * A dead job, pending again now with its attempts reset. pg-boss's `retry` only allows one more attempt on top
 * of the ones used (it raises `retryLimit`), so the job is reset directly.
 */
export async function retryJob({ pool, schema }: QueueContext, id: string): Promise<JobRecord | null> {
  if (!isJobId(id)) return null;
  return inTransaction(pool, async (transaction) => {
    const s = ident(schema);
    const reset = await transaction.query(
      `UPDATE ${s}.job j SET state = 'created', retry_count = 0, started_on = NULL, completed_on = NULL,
          start_after = now() - ${dueShift}, output = NULL
        FROM ${s}.nuvatra_job n
        WHERE n.id = $1 AND j.name = n.name AND j.id = n.id AND j.state IN ('failed', 'cancelled')`,
      [id],
    );
    if (reset.rowCount === 0) return null;
    await transaction.query(`UPDATE ${s}.nuvatra_job SET owner = NULL, updated_on = now() WHERE id = $1`, [id]);
    const row = await selectJob(transaction, schema, id);
    return row && toJobRecord(row);
  });
}

/** Deletes a dead job (pg-boss `deleteJob`) and its row, which frees its idempotency key. */
export async function discardJob({ pool, schema, boss }: QueueContext, id: string): Promise<boolean> {
  if (!isJobId(id)) return false;
  return inTransaction(pool, async (transaction) => {
    const s = ident(schema);
    const dead = await transaction.query<{ name: string }>(
      `SELECT j.name FROM ${s}.nuvatra_job n JOIN ${s}.job j ON j.name = n.name AND j.id = n.id
        WHERE n.id = $1 AND j.state IN ('failed', 'cancelled') FOR UPDATE OF j`,
      [id],
    );
    const name = dead.rows[0]?.name;
    if (name === undefined) return false;
    await boss.deleteJob(name, id, { db: toBossDb(transaction) });
    await transaction.query(`DELETE FROM ${s}.nuvatra_job WHERE id = $1`, [id]);
    return true;
  });
}
