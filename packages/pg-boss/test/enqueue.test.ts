import { describe, expect, it } from 'vitest';
import { freshDatabase, onServer, queueFactory } from './databases.js';
import { newJob } from './jobs.js';

const { name: database } = freshDatabase({ tag: 'pgboss' });
const queues = queueFactory(database);

describe('enqueue and get', () => {
  it('stores a job as pending, with its tenant, payload, attempts and ISO timestamps', async () => {
    const { driver } = await queues.create();
    const runAt = new Date(Date.now() + 60_000);
    const { job, created } = await driver.enqueue(
      newJob({ payload: { callId: 'c1', tags: ['a', 1, null] }, runAt, maxAttempts: 4 }),
    );
    expect(created).toBe(true);
    expect(job).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'calls.summarise',
      tenantId: 'tenant_a',
      payload: { callId: 'c1', tags: ['a', 1, null] },
      status: 'pending',
      attempts: 0,
      maxAttempts: 4,
      runAt: runAt.toISOString(),
      idempotencyKey: null,
      lastError: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: job.createdAt,
    });
    expect(await driver.get(job.id)).toEqual(job);
  });

  it('stores global jobs (no tenant) and any JSON payload', async () => {
    const { driver } = await queues.create();
    for (const payload of [null, 'text', 42, true, [1, [2]], { nested: { deep: [] } }]) {
      const { job } = await driver.enqueue(newJob({ tenantId: null, payload }));
      expect((await driver.get(job.id))?.payload).toEqual(payload);
      expect(job.tenantId).toBeNull();
    }
  });

  it('keeps the job in pg-boss: one queue per job name, retry options from maxAttempts and backoff', async () => {
    const { driver, schema } = await queues.create();
    const { job } = await driver.enqueue(newJob({ maxAttempts: 5, backoffMs: 1500 }));
    await driver.enqueue(newJob({ name: 'reports.weekly' }));
    const { rows } = await onServer(
      `SELECT name, state, retry_limit, retry_delay, retry_backoff, data FROM ${schema}.job WHERE id = $1`,
      [job.id],
      database,
    );
    expect(rows).toEqual([
      {
        name: 'calls.summarise',
        state: 'created',
        retry_limit: 4,
        retry_delay: 2,
        retry_backoff: true,
        data: { tenantId: 'tenant_a', idempotencyKey: null, backoffMs: 1500, payload: { callId: 'call_1' } },
      },
    ]);
    const queuesInDb = await onServer(`SELECT name, policy FROM ${schema}.queue ORDER BY name`, [], database);
    expect(queuesInDb.rows).toEqual([
      { name: 'calls.summarise', policy: 'standard' },
      { name: 'reports.weekly', policy: 'standard' },
    ]);
  });

  it('answers null for ids it never issued, UUID-shaped or not', async () => {
    const { driver } = await queues.create();
    expect(await driver.get('not-a-uuid')).toBeNull();
    expect(await driver.get('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});

describe('idempotency keys', () => {
  it('stores a keyed job once per (name, tenant, key) and answers the stored job after', async () => {
    const { driver } = await queues.create();
    const first = await driver.enqueue(newJob({ idempotencyKey: 'k1', payload: { v: 1 } }));
    const again = await driver.enqueue(newJob({ idempotencyKey: 'k1', payload: { v: 2 } }));
    expect(again).toEqual({ job: first.job, created: false });
    const otherTenant = await driver.enqueue(newJob({ idempotencyKey: 'k1', tenantId: 'tenant_b' }));
    const global = await driver.enqueue(newJob({ idempotencyKey: 'k1', tenantId: null }));
    const globalAgain = await driver.enqueue(newJob({ idempotencyKey: 'k1', tenantId: null }));
    const otherName = await driver.enqueue(newJob({ idempotencyKey: 'k1', name: 'reports.weekly' }));
    expect([otherTenant.created, global.created, globalAgain.created, otherName.created]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(globalAgain.job.id).toBe(global.job.id);
    expect(new Set([first.job.id, otherTenant.job.id, global.job.id, otherName.job.id]).size).toBe(4);
  });

  it('holds in every status: running, completed and dead jobs keep their key', async () => {
    const { driver } = await queues.create();
    const owner = 'worker-1';
    const keyed = (key: string) => newJob({ idempotencyKey: key, maxAttempts: 1 });
    const running = await driver.enqueue(keyed('running'));
    const completed = await driver.enqueue(keyed('completed'));
    const dead = await driver.enqueue(keyed('dead'));
    const claimed = await driver.claim({ names: ['calls.summarise'], owner, limit: 3, leaseMs: 60_000 });
    expect(claimed).toHaveLength(3);
    await driver.complete(completed.job.id, owner);
    await driver.fail(dead.job.id, owner, { error: 'boom' });
    for (const [key, stored, status] of [
      ['running', running, 'running'],
      ['completed', completed, 'completed'],
      ['dead', dead, 'dead'],
    ] as const) {
      const again = await driver.enqueue(keyed(key));
      expect(again.created, key).toBe(false);
      expect(again.job.id).toBe(stored.job.id);
      expect(again.job.status).toBe(status);
    }
  });

  it('frees the key of a discarded job', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob({ idempotencyKey: 'once', maxAttempts: 1 }));
    await driver.claim({ names: [job.name], owner: 'w', limit: 1, leaseMs: 60_000 });
    await driver.fail(job.id, 'w', { error: 'boom' });
    expect(await driver.discard(job.id)).toBe(true);
    const again = await driver.enqueue(newJob({ idempotencyKey: 'once' }));
    expect(again.created).toBe(true);
    expect(again.job.id).not.toBe(job.id);
  });

  it('stores one job when two nodes enqueue the same key at once', async () => {
    const { schema } = await queues.create();
    const nodes = [queues.node(schema), queues.node(schema)];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => nodes[i % 2]!.enqueue(newJob({ idempotencyKey: 'race' }))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    const { rows } = await onServer(`SELECT count(*)::int AS n FROM ${schema}.job`, [], database);
    expect(rows[0]?.n).toBe(1);
  });
});
