import { isNuvatraError, type JobQueueDriver } from '@nuvatra/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPgBossJobQueue } from '../src/index.js';
import { databaseUrl, freshDatabase, onServer, queueFactory } from './databases.js';
import { newJob } from './jobs.js';

const { name: database } = freshDatabase({ tag: 'pgboss' });
const queues = queueFactory(database);
const lease = { leaseMs: 60_000 };

async function deadJob(driver: JobQueueDriver, overrides: Parameters<typeof newJob>[0] = {}) {
  const { job } = await driver.enqueue(newJob({ maxAttempts: 1, ...overrides }));
  await driver.claim({ names: [job.name], owner: 'w', limit: 50, ...lease });
  return (await driver.fail(job.id, 'w', { error: 'boom' }))!;
}

describe('list', () => {
  it('lists newest first, filtered by status, tenant and name, in keyset pages', async () => {
    const { driver } = await queues.create();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const tenantId = i % 2 === 0 ? 'tenant_a' : 'tenant_b';
      ids.push((await driver.enqueue(newJob({ tenantId, payload: i }))).job.id);
    }
    ids.push((await driver.enqueue(newJob({ name: 'reports.weekly', tenantId: null }))).job.id);
    const dead = await deadJob(driver, { name: 'mail.send', tenantId: 'tenant_a' });

    const all = await driver.list({});
    expect(all.items.map((job) => job.id)).toEqual([dead.id, ...ids.slice().reverse()]);
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<JobQueueDriver['list']>> = await driver.list({}, { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((job) => job.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((job) => job.id));

    expect((await driver.list({ tenantId: 'tenant_b' })).items.map((job) => job.payload)).toEqual([3, 1]);
    expect((await driver.list({ name: 'reports.weekly' })).items.map((job) => job.id)).toEqual([ids[5]]);
    expect((await driver.list({ status: 'dead' })).items.map((job) => job.id)).toEqual([dead.id]);
    expect((await driver.list({ status: 'pending', tenantId: 'tenant_a' })).items).toHaveLength(3);
    expect((await driver.list({ status: 'running' })).items).toEqual([]);
  });

  it('refuses a cursor it did not issue', async () => {
    const { driver } = await queues.create();
    await expect(driver.list({}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('retry and discard', () => {
  it('retries a dead job: pending now, attempts reset, claimable again', async () => {
    const { driver } = await queues.create();
    const dead = await deadJob(driver, { maxAttempts: 2, backoffMs: 0 });
    expect(dead.status).toBe('pending');
    await driver.claim({ names: [dead.name], owner: 'w', limit: 1, ...lease });
    const failed = await driver.fail(dead.id, 'w', { error: 'boom' });
    expect(failed).toMatchObject({ status: 'dead', attempts: 2 });

    const retried = await driver.retry(dead.id);
    expect(retried).toMatchObject({ id: dead.id, status: 'pending', attempts: 0, maxAttempts: 2 });
    expect(await driver.retry(dead.id)).toBeNull();
    const [claimed] = await driver.claim({ names: [dead.name], owner: 'w', limit: 1, ...lease });
    expect(claimed).toMatchObject({ id: dead.id, attempts: 1 });
    expect(await driver.fail(dead.id, 'w', { error: 'boom' })).toMatchObject({ status: 'pending' });
  });

  it('retries and discards dead jobs only', async () => {
    const { driver } = await queues.create();
    const { job: pending } = await driver.enqueue(newJob());
    expect(await driver.retry(pending.id)).toBeNull();
    expect(await driver.discard(pending.id)).toBe(false);
    expect(await driver.retry('nope')).toBeNull();
    expect(await driver.discard('nope')).toBe(false);

    const dead = await deadJob(driver, { name: 'mail.send' });
    expect(dead.status).toBe('dead');
    expect(await driver.discard(dead.id)).toBe(true);
    expect(await driver.get(dead.id)).toBeNull();
    expect(await driver.discard(dead.id)).toBe(false);
    expect(await driver.get(pending.id)).toMatchObject({ status: 'pending' });
  });

  it('reads a job cancelled through pg-boss itself as dead, which can be retried', async () => {
    const { driver, schema } = await queues.create();
    const { job } = await driver.enqueue(newJob());
    await onServer(
      `UPDATE ${schema}.job SET state = 'cancelled', completed_on = now() WHERE id = $1`,
      [job.id],
      database,
    );
    expect(await driver.get(job.id)).toMatchObject({ status: 'dead' });
    expect((await driver.list({ status: 'dead' })).items.map((j) => j.id)).toEqual([job.id]);
    expect(await driver.retry(job.id)).toMatchObject({ status: 'pending' });
  });
});

describe('migrate, options and close', () => {
  it('installs pg-boss and its own table once, from several nodes at once, and again as a no-op', async () => {
    const schema = queues.newSchema();
    const nodes = [queues.node(schema), queues.node(schema), queues.node(schema)];
    await Promise.all(nodes.map((node) => node.migrate()));
    await nodes[0]!.migrate();
    const { rows } = await onServer<{ version: number }>(`SELECT version FROM ${schema}.version`, [], database);
    expect(rows).toEqual([{ version: 24 }]);
    const tables = await onServer<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('job', 'nuvatra_job')
        ORDER BY 1`,
      [schema],
      database,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(['job', 'nuvatra_job']);
    const { job } = await nodes[1]!.enqueue(newJob());
    expect(await nodes[2]!.get(job.id)).toEqual(job);
  });

  it('creates the same queue from several nodes at once', async () => {
    const { schema } = await queues.create();
    const nodes = [queues.node(schema), queues.node(schema), queues.node(schema)];
    const names = ['a', 'b', 'c', 'd'];
    await Promise.all(nodes.flatMap((node) => names.map((name) => node.enqueue(newJob({ name })))));
    const { rows } = await onServer(`SELECT count(*)::int AS n FROM ${schema}.queue`, [], database);
    expect(rows[0]?.n).toBe(4);
  });

  it('refuses a schema that another pg-boss version migrated', async () => {
    const { driver, schema } = await queues.create();
    await onServer(`UPDATE ${schema}.version SET version = 25`, [], database);
    await expect(driver.migrate()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('runs on a pool you pass (even of one connection), and leaves it open on close', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(database), max: 1 });
    try {
      const driver = createPgBossJobQueue({ pool, schema: queues.newSchema() });
      await driver.migrate();
      const { job } = await driver.enqueue(newJob());
      expect(await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease })).toHaveLength(1);
      await driver.close();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('says kind pg-boss and refuses bad options when created, naming the field', () => {
    const driver = createPgBossJobQueue({ connectionString: databaseUrl(database) });
    expect(driver.kind).toBe('pg-boss');
    void driver.close();
    const attempts: unknown[] = [
      {},
      { connectionString: 'postgres://x', pool: new pg.Pool() },
      { connectionString: 'postgres://x', schema: 'Bad-Name' },
      { connectionString: 'postgres://x', unknown: 1 },
    ];
    for (const options of attempts) {
      let error: unknown;
      try {
        createPgBossJobQueue(options as never);
      } catch (caught) {
        error = caught;
      }
      expect(isNuvatraError(error) && error.code).toBe('CONFIG_INVALID');
    }
    expect(() => createPgBossJobQueue({ connectionString: 'postgres://x', schema: 'Bad-Name' })).toThrow(/schema/);
  });
});
