import { randomUUID } from 'node:crypto';
import { type JobRecord, type NewJob, NuvatraError } from '@nuvatra/core';
import PgBoss from 'pg-boss';
import type { QueueContext } from './context.js';
import { ident, inTransaction, toBossDb } from './database.js';
import { bossOptions } from './migrate.js';
import { selectJob, selectJobs, toJobRecord, toStartAfter } from './records.js';

/**
 * pg-boss needs a queue before its first job: one per job name, created once per process. Two nodes creating the
 * same queue at once deadlock inside pg-boss 10's `create_queue` (its row insert, then DDL that references the
 * queue table), so creation takes a transaction-level advisory lock per schema and runs there, through a pg-boss
 * instance bound to that transaction.
 */
export function createQueueRegistry({ pool, schema }: QueueContext) {
  const queues = new Map<string, Promise<void>>();
  const create = (name: string) =>
    inTransaction(pool, async (transaction) => {
      await transaction.query("SELECT pg_advisory_xact_lock(hashtext('nuvatra_pg_boss_queue'), hashtext($1))", [
        schema,
      ]);
      const boss = new PgBoss(bossOptions(schema, toBossDb(transaction)));
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'standard' });
    });
  return (name: string): Promise<void> => {
    let ready = queues.get(name);
    if (!ready) {
      ready = create(name);
      queues.set(name, ready);
      ready.catch(() => queues.delete(name));
    }
    return ready;
  };
}

/**
 * Stores the job, or answers the one already stored under its idempotency key. The key is claimed in the adapter's
 * table first, in the transaction that then sends the job to pg-boss: a concurrent enqueue with the same key waits
 * on that row and then finds the job. (pg-boss's `singletonKey` dedupes only some states, per queue policy.)
 */
export async function enqueueJob(context: QueueContext, job: NewJob): Promise<{ job: JobRecord; created: boolean }> {
  const { pool, schema, boss } = context;
  return inTransaction(pool, async (transaction) => {
    const id = randomUUID();
    const claimed = await transaction.query(
      `INSERT INTO ${ident(schema)}.nuvatra_job (id, name, tenant_id, idempotency_key, created_on, updated_on)
        VALUES ($1, $2, $3, $4, now(), now()) ON CONFLICT DO NOTHING`,
      [id, job.name, job.tenantId, job.idempotencyKey],
    );
    if (claimed.rowCount === 0) {
      const [stored] = await selectJobs(
        transaction,
        schema,
        `n.name = $1 AND coalesce(n.tenant_id, '') = coalesce($2, '') AND n.idempotency_key = $3`,
        [job.name, job.tenantId, job.idempotencyKey],
      );
      if (!stored) throw orphanKey(job);
      return { job: toJobRecord(stored), created: false };
    }
    const sent = await boss.send(
      job.name,
      { tenantId: job.tenantId, idempotencyKey: job.idempotencyKey, backoffMs: job.backoffMs, payload: job.payload },
      {
        id,
        startAfter: toStartAfter(job.runAt),
        retryLimit: job.maxAttempts - 1,
        // pg-boss's own retry timing, in whole seconds with jitter; `fail` then sets the port's exact due time.
        retryDelay: Math.ceil(job.backoffMs / 1000),
        retryBackoff: job.backoffMs > 0,
        db: toBossDb(transaction),
      },
    );
    const stored = sent === id ? await selectJob(transaction, schema, id) : null;
    if (!stored) {
      throw new NuvatraError({
        code: 'STORAGE_FAILED',
        message: `pg-boss stored no job "${job.name}": its queue is missing from schema "${schema}".`,
      });
    }
    return { job: toJobRecord(stored), created: true };
  });
}

function orphanKey(job: NewJob) {
  return new NuvatraError({
    code: 'STORAGE_FAILED',
    message: `The idempotency key "${job.idempotencyKey}" of job "${job.name}" names a job that pg-boss no longer holds (deleted outside the adapter). Discard through the adapter, which frees the key with the job.`,
  });
}
