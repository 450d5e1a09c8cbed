import type { JobQueueDriver } from '@nuvatra/core';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { discardJob, getJob, listJobs, retryJob } from './admin.js';
import { claimJobs } from './claim.js';
import type { QueueContext } from './context.js';
import { toBossDb } from './database.js';
import { createQueueRegistry, enqueueJob } from './enqueue.js';
import { bossOptions, migrateJobQueue } from './migrate.js';
import { type PgBossJobQueueOptions, parsePgBossJobQueueOptions } from './options.js';
import { completeJob, failJob, releaseJob } from './settle.js';

/**
 * Nuvatra's job queue on pg-boss 10: every app node pointed at the same database shares one queue. Pass it to
 * `createNuvatra({ jobs: { driver } })`, and run `migrate()` once per start (safe from several nodes at once).
 */
export function createPgBossJobQueue(options: PgBossJobQueueOptions): JobQueueDriver {
  const { connectionString, pool: givenPool, schema, maxConnections } = parsePgBossJobQueueOptions(options);
  const pool = givenPool ?? new pg.Pool({ connectionString, max: maxConnections });
  const boss = new PgBoss(bossOptions(schema, toBossDb(pool)));
  const context: QueueContext = { pool, schema, boss };
  const ensureQueue = createQueueRegistry(context);

  return {
    kind: 'pg-boss',
    migrate: () => migrateJobQueue(pool, schema),
    async enqueue(job) {
      await ensureQueue(job.name);
      return enqueueJob(context, job);
    },
    claim: (request) => claimJobs(context, request),
    complete: (id, owner) => completeJob(context, id, owner),
    fail: (id, owner, failure) => failJob(context, id, owner, failure),
    release: (id, owner) => releaseJob(context, id, owner),
    get: (id) => getJob(context, id),
    list: (filter, page) => listJobs(context, filter, page),
    retry: (id) => retryJob(context, id),
    discard: (id) => discardJob(context, id),
    async close() {
      // This instance of pg-boss was never started (no timers to stop); the pool is all there is to end.
      if (!givenPool) await pool.end();
    },
  };
}
