import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { runJobIsolationTests, runJobQueueContractTests, runJobRuntimeTests } from '@nuvatra/testing';
import { describe, expect, it } from 'vitest';
import { frozenClockQueues } from './clock.js';
import { freshDatabase } from './databases.js';

// The job queue suites every queue adapter runs, on one fresh database; each queue in a schema of its own, with a
// database clock the suites move (test/clock.ts). The runtime and isolation suites keep tenants in
// @nuvatra/storage-postgres, in the same database, as a deployment on Postgres would.

const database = freshDatabase({ tag: 'pgboss' });
const queues = frozenClockQueues(database.url);
let storages = 0;

runJobQueueContractTests({
  name: 'pg-boss',
  createDriver: (clock) => queues.create(clock),
  createPeer: (driver) => queues.peer(driver),
  advanceTime: (driver, ms) => queues.advance(driver, ms),
});

const withStorage = async (clock: Parameters<typeof queues.create>[0]) => {
  const storage = createPostgresStorage({
    mode: 'shared',
    connectionString: database.url,
    schema: `tenants${++storages}`,
  });
  await storage.migrate();
  return { storage, driver: await queues.create(clock) };
};

runJobRuntimeTests({
  name: 'pg-boss',
  create: withStorage,
  advanceTime: (driver, ms) => queues.advance(driver, ms),
});

runJobIsolationTests({
  name: 'pg-boss',
  create: withStorage,
  advanceTime: (driver, ms) => queues.advance(driver, ms),
});

describe('what this file hands the suites', () => {
  it('is a pg-boss queue whose database clock is the one the suites move, not the server time', async () => {
    let time = Date.parse('2020-01-01T00:00:00.000Z');
    const driver = await queues.create({ now: () => new Date(time) });
    try {
      expect(driver.kind).toBe('pg-boss');
      const due = new Date(time + 60_000);
      const { job } = await driver.enqueue({
        name: 'clock.check',
        tenantId: 'ten_clock',
        payload: {},
        runAt: due,
        idempotencyKey: null,
        maxAttempts: 1,
        backoffMs: 0,
      });
      const claim = () => driver.claim({ names: ['clock.check'], owner: 'w1', limit: 1, leaseMs: 60_000 });
      // Years ago on the server's clock, so due there at once; not due on the suite's until the suite moves it.
      expect(await claim()).toEqual([]);
      time += 60_000;
      await queues.advance(driver, 60_000);
      expect((await claim()).map((claimed) => claimed.id)).toEqual([job.id]);
    } finally {
      await driver.close();
    }
  });
});
