import { describe, expect, it } from 'vitest';
import { freshDatabase, onServer, queueFactory } from './databases.js';
import { eventually, newJob } from './jobs.js';

const { name: database } = freshDatabase({ tag: 'pgboss' });
const queues = queueFactory(database);
const lease = { leaseMs: 60_000 };

describe('claim', () => {
  it('takes due jobs of the named queues only, up to the limit, and leases them to the owner', async () => {
    const { driver } = await queues.create();
    const a1 = await driver.enqueue(newJob({ payload: 1 }));
    const a2 = await driver.enqueue(newJob({ payload: 2 }));
    await driver.enqueue(newJob({ payload: 'later', runAt: new Date(Date.now() + 3_600_000) }));
    await driver.enqueue(newJob({ name: 'unhandled', payload: 'other' }));
    const b1 = await driver.enqueue(newJob({ name: 'reports.weekly', payload: 3 }));

    const first = await driver.claim({ names: ['calls.summarise', 'reports.weekly'], owner: 'w1', limit: 2, ...lease });
    expect(first.map((job) => job.id)).toEqual([a1.job.id, a2.job.id]);
    expect(first[0]).toMatchObject({ status: 'running', attempts: 1, runAt: a1.job.runAt });
    expect(Date.parse(first[0]!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a1.job.updatedAt));

    const rest = await driver.claim({ names: ['calls.summarise', 'reports.weekly'], owner: 'w1', limit: 10, ...lease });
    expect(rest.map((job) => job.id)).toEqual([b1.job.id]);
    expect(await driver.claim({ names: ['calls.summarise'], owner: 'w2', limit: 10, ...lease })).toEqual([]);
    expect(await driver.claim({ names: [], owner: 'w2', limit: 10, ...lease })).toEqual([]);
    expect(await driver.claim({ names: ['never.enqueued'], owner: 'w2', limit: 10, ...lease })).toEqual([]);
  });

  it('never gives one job to two workers, across nodes claiming at once', async () => {
    const { driver, schema } = await queues.create();
    for (let i = 0; i < 40; i++) await driver.enqueue(newJob({ payload: i }));
    const nodes = [driver, queues.node(schema), queues.node(schema)];
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        nodes[i % 3]!.claim({ names: ['calls.summarise'], owner: `w${i}`, limit: 4, ...lease }),
      ),
    );
    const ids = claims.flat().map((job) => job.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('sets pg-boss expiry from the lease, in whole seconds and at least one', async () => {
    const { driver, schema } = await queues.create();
    await driver.enqueue(newJob());
    await driver.enqueue(newJob());
    await driver.claim({ names: ['calls.summarise'], owner: 'w', limit: 1, leaseMs: 1 });
    await driver.claim({ names: ['calls.summarise'], owner: 'w', limit: 1, leaseMs: 90_500 });
    const { rows } = await onServer<{ seconds: string }>(
      `SELECT extract(epoch FROM expire_in)::text AS seconds FROM ${schema}.job ORDER BY expire_in`,
      [],
      database,
    );
    expect(rows.map((row) => Number(row.seconds))).toEqual([1, 91]);
  });

  it('takes a job whose lease lapsed again, counting the attempt; until then its owner may still finish it', async () => {
    const { driver, schema } = await queues.create();
    const { job: finished } = await driver.enqueue(newJob({ payload: 'finished late' }));
    const { job } = await driver.enqueue(newJob({ payload: 'taken again' }));
    await driver.claim({ names: [job.name], owner: 'slow', limit: 2, leaseMs: 1_000 });
    expect(await driver.claim({ names: [job.name], owner: 'fast', limit: 2, ...lease })).toEqual([]);
    await eventually(async () => {
      const { rows } = await onServer(
        `SELECT 1 FROM ${schema}.job WHERE id = $1 AND started_on + expire_in < now()`,
        [finished.id],
        database,
      );
      return rows.length ? true : undefined;
    });
    expect(await driver.complete(finished.id, 'slow')).toBe(true);

    const again = await driver.claim({ names: [job.name], owner: 'fast', limit: 2, ...lease });
    expect(again).toEqual([expect.objectContaining({ id: job.id, status: 'running', attempts: 2 })]);
    expect(await driver.complete(job.id, 'slow')).toBe(false);
    expect(await driver.fail(job.id, 'slow', { error: 'late' })).toBeNull();
    expect(await driver.release(job.id, 'slow')).toBe(false);
    expect(await driver.complete(job.id, 'fast')).toBe(true);
  });

  it('marks a job dead when its lease lapses in its last attempt, instead of taking it again', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob({ maxAttempts: 1 }));
    await driver.claim({ names: [job.name], owner: 'crashed', limit: 1, leaseMs: 1_000 });
    const dead = await eventually(async () => {
      await driver.claim({ names: [job.name], owner: 'next', limit: 1, ...lease });
      const stored = await driver.get(job.id);
      return stored?.status === 'dead' ? stored : undefined;
    });
    expect(dead).toMatchObject({
      attempts: 1,
      lastError: expect.stringMatching(/lease lapsed during the last attempt/),
    });
    expect(await driver.complete(job.id, 'crashed')).toBe(false);
  });
});

describe('complete, fail and release', () => {
  it('completes a held job once, and only for its owner', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob());
    await driver.claim({ names: [job.name], owner: 'w1', limit: 1, ...lease });
    expect(await driver.complete(job.id, 'w2')).toBe(false);
    expect(await driver.complete(job.id, 'w1')).toBe(true);
    expect(await driver.complete(job.id, 'w1')).toBe(false);
    expect(await driver.get(job.id)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(await driver.complete('00000000-0000-4000-8000-000000000000', 'w1')).toBe(false);
    expect(await driver.complete('nope', 'w1')).toBe(false);
  });

  it('retries a failed job after exactly its backoff, doubled each time, then marks it dead with the last error', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob({ maxAttempts: 3, backoffMs: 400 }));
    const failAttempt = async (error: string) => {
      const before = Date.now();
      const failed = await driver.fail(job.id, 'w', { error });
      return { failed: failed!, before, after: Date.now() };
    };
    await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease });
    const first = await failAttempt('provider timed out');
    expect(first.failed).toMatchObject({
      status: 'pending',
      attempts: 1,
      maxAttempts: 3,
      lastError: 'provider timed out',
    });
    // The database's clock, read between the two local readings (same host): backoffMs, then twice that.
    expect(Date.parse(first.failed.runAt)).toBeGreaterThanOrEqual(first.before + 400 - 5);
    expect(Date.parse(first.failed.runAt)).toBeLessThanOrEqual(first.after + 400 + 5);
    expect(await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease })).toEqual([]);

    const claimAgain = () =>
      eventually(async () => {
        const claimed = await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease });
        return claimed.length ? claimed[0] : undefined;
      });
    expect(await claimAgain()).toMatchObject({ id: job.id, attempts: 2, lastError: 'provider timed out' });
    const second = await failAttempt('still down');
    expect(Date.parse(second.failed.runAt)).toBeGreaterThanOrEqual(second.before + 800 - 5);
    expect(Date.parse(second.failed.runAt)).toBeLessThanOrEqual(second.after + 800 + 5);
    expect(await claimAgain()).toMatchObject({ id: job.id, attempts: 3 });
    const dead = await failAttempt('gave up');
    expect(dead.failed).toMatchObject({ status: 'dead', attempts: 3, lastError: 'gave up' });
    expect(await driver.fail(job.id, 'w', { error: 'again' })).toBeNull();
  });

  it('is pending again at once without backoff', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob({ maxAttempts: 3, backoffMs: 0 }));
    for (const attempt of [1, 2, 3]) {
      const [claimed] = await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease });
      expect(claimed).toMatchObject({ id: job.id, attempts: attempt });
      const failed = await driver.fail(job.id, 'w', { error: `failure ${attempt}` });
      expect(failed?.status).toBe(attempt < 3 ? 'pending' : 'dead');
    }
    expect(await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease })).toEqual([]);
  });

  it('marks a job dead at once on a final failure, whatever attempts remain', async () => {
    const { driver } = await queues.create();
    const { job } = await driver.enqueue(newJob({ maxAttempts: 5 }));
    await driver.claim({ names: [job.name], owner: 'w', limit: 1, ...lease });
    const dead = await driver.fail(job.id, 'w', { error: 'tenant suspended', final: true });
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, maxAttempts: 5, lastError: 'tenant suspended' });
    expect(await driver.fail(job.id, 'other', { error: 'x' })).toBeNull();
  });

  it('releases a held job: due now, its attempt not counted, on a first attempt and a later one', async () => {
    const { driver } = await queues.create();
    const runAt = new Date(Date.now() - 60_000);
    const { job } = await driver.enqueue(newJob({ runAt, backoffMs: 0 }));
    await driver.claim({ names: [job.name], owner: 'w1', limit: 1, ...lease });
    expect(await driver.release(job.id, 'w2')).toBe(false);
    expect(await driver.release(job.id, 'w1')).toBe(true);
    const released = await driver.get(job.id);
    expect(released).toMatchObject({ status: 'pending', attempts: 0 });
    expect(Date.parse(released!.runAt)).toBeGreaterThan(runAt.getTime());
    expect(await driver.release(job.id, 'w1')).toBe(false);

    expect((await driver.claim({ names: [job.name], owner: 'w1', limit: 1, ...lease }))[0]?.attempts).toBe(1);
    await driver.fail(job.id, 'w1', { error: 'once' });
    expect((await driver.claim({ names: [job.name], owner: 'w2', limit: 1, ...lease }))[0]?.attempts).toBe(2);
    expect(await driver.release(job.id, 'w2')).toBe(true);
    expect(await driver.get(job.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'once' });
    expect((await driver.claim({ names: [job.name], owner: 'w3', limit: 1, ...lease }))[0]?.attempts).toBe(2);
  });
});
