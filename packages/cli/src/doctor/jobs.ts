import { join, resolve } from 'node:path';
import type { JobQueueDriver } from '@nuvatra/core';
import type { Check, Variables } from './checks.js';
import { variable } from './checks.js';

// The job queue the example server keeps beside its storage (SQLite's `jobs` table, or pg-boss at DATABASE_URL):
// what is due now and what is dead. Read from one page of each, so the check stays cheap on a big queue.

const sample = 100;

/** Read only, after the database check opened the database; a queue not created yet is not a problem. */
export async function jobsCheck(env: Variables, cwd: string): Promise<Check> {
  const databaseUrl = variable(env, 'DATABASE_URL');
  if (databaseUrl) {
    const { createPgBossJobQueue } = await import('@nuvatra/pg-boss');
    const queue = createPgBossJobQueue({ connectionString: databaseUrl, maxConnections: 1 });
    try {
      return await summarize(queue);
    } finally {
      await queue.close();
    }
  }
  const { createSqliteJobQueue, createSqliteStorage } = await import('@nuvatra/storage-sqlite');
  const dataDirectory = resolve(cwd, variable(env, 'NUVATRA_DATA_DIR') ?? './data');
  // The queue lives in the shared file, or in control.sqlite when each tenant has a file.
  const storage =
    variable(env, 'NUVATRA_DATABASE_PER_TENANT') === '1'
      ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants') })
      : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite') });
  try {
    return await summarize(createSqliteJobQueue({ storage }));
  } finally {
    await storage.close();
  }
}

async function summarize(queue: JobQueueDriver): Promise<Check> {
  const name = 'Jobs';
  try {
    const pending = await queue.list({ status: 'pending' }, { limit: sample });
    const dead = await queue.list({ status: 'dead' }, { limit: sample });
    const now = Date.now();
    const due = pending.items.filter((job) => Date.parse(job.runAt) <= now).length;
    const count = (page: { items: unknown[]; nextCursor: string | null }) =>
      `${page.items.length}${page.nextCursor ? '+' : ''}`;
    const counts = `${count(pending)} pending (${due}${pending.nextCursor ? '+' : ''} due now), ${count(dead)} dead`;
    if (dead.items.length > 0) {
      return {
        name,
        status: 'warn',
        message: `${queue.kind} queue: ${counts}`,
        fix: 'read them at GET /api/admin/jobs?status=dead, then POST /api/admin/jobs/<id>/retry or DELETE /api/admin/jobs/<id>',
      };
    }
    return { name, status: 'ok', message: `${queue.kind} queue: ${counts}` };
  } catch (error) {
    const text = `${(error as Error).message} ${String((error as { cause?: Error }).cause?.message)}`;
    if (/no such table|does not exist/i.test(text)) {
      return { name, status: 'skip', message: `no ${queue.kind} job queue yet (the server creates it when it starts)` };
    }
    return { name, status: 'warn', message: `could not read the ${queue.kind} queue: ${(error as Error).message}` };
  }
}
