import { join } from 'node:path';
import type { JobQueueDriver } from '@nuvatra/core';
import type { SuiteClock } from '@nuvatra/testing';
import { runJobIsolationTests, runJobQueueContractTests, runJobRuntimeTests } from '@nuvatra/testing';
import { describe, expect, it } from 'vitest';
import { createSqliteJobQueue, createSqliteStorage, type SqliteStorageOptions } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// The job queue suites every queue adapter runs, once per place the SQLite queue keeps its table: next to a storage
// in memory, in a shared file, in the control file of file-per-tenant mode, and in a file of its own.

/** A migrated queue in a migrated storage; closing the queue closes the storage it borrowed its connection from. */
async function queueInStorage(options: SqliteStorageOptions, clock: SuiteClock): Promise<JobQueueDriver> {
  const storage = createSqliteStorage(options);
  await storage.migrate();
  const queue = createSqliteJobQueue({ storage, now: clock.now });
  await queue.migrate();
  return { ...queue, close: () => storage.close() };
}

const modes = {
  'sqlite queue (storage in memory)': () => ({ mode: 'shared', filename: ':memory:' }) as const,
  'sqlite queue (shared storage file)': () =>
    ({ mode: 'shared', filename: join(temporaryDirectory(), 'nuvatra.sqlite') }) as const,
  'sqlite queue (file-per-tenant control file)': () =>
    ({ mode: 'file-per-tenant', directory: temporaryDirectory() }) as const,
};

for (const [name, options] of Object.entries(modes)) {
  const opened = new WeakMap<JobQueueDriver, SqliteStorageOptions>();
  runJobQueueContractTests({
    name,
    async createDriver(clock) {
      const storageOptions = options();
      const queue = await queueInStorage(storageOptions, clock);
      opened.set(queue, storageOptions);
      return queue;
    },
    // A second storage on the same database: another connection, as a second worker process opens one.
    ...(name.includes('memory')
      ? {}
      : {
          createPeer: (driver: JobQueueDriver, clock: SuiteClock) =>
            queueInStorage(opened.get(driver) as SqliteStorageOptions, clock),
        }),
  });
}

const files = new WeakMap<JobQueueDriver, string>();
runJobQueueContractTests({
  name: 'sqlite queue (a file of its own)',
  async createDriver(clock) {
    const filename = join(temporaryDirectory(), 'jobs.sqlite');
    const queue = createSqliteJobQueue({ filename, now: clock.now });
    await queue.migrate();
    files.set(queue, filename);
    return queue;
  },
  async createPeer(driver, clock) {
    const queue = createSqliteJobQueue({ filename: files.get(driver) as string, now: clock.now });
    await queue.migrate();
    return queue;
  },
});

for (const [name, options] of Object.entries(modes)) {
  runJobRuntimeTests({
    name,
    async create(clock) {
      const storage = createSqliteStorage(options());
      await storage.migrate();
      const driver = createSqliteJobQueue({ storage, now: clock.now });
      await driver.migrate();
      // The suite closes the queue, then the storage.
      return { storage, driver };
    },
  });
}

for (const [name, options] of Object.entries(modes)) {
  runJobIsolationTests({
    name,
    async create(clock) {
      const storage = createSqliteStorage(options());
      await storage.migrate();
      const driver = createSqliteJobQueue({ storage, now: clock.now });
      await driver.migrate();
      return { storage, driver };
    },
  });
}

describe('what this file hands the suites', () => {
  it('is a migrated SQLite queue that keeps time by the suite clock, in the storage file it was given', async () => {
    let time = Date.parse('2020-01-01T00:00:00.000Z');
    const filename = join(temporaryDirectory(), 'nuvatra.sqlite');
    const driver = await queueInStorage({ mode: 'shared', filename }, { now: () => new Date(time) });
    try {
      expect(driver.kind).toBe('sqlite');
      await driver.enqueue({
        name: 'clock.check',
        tenantId: 'ten_clock',
        payload: {},
        runAt: new Date(time + 60_000),
        idempotencyKey: null,
        maxAttempts: 1,
        backoffMs: 0,
      });
      const claim = () => driver.claim({ names: ['clock.check'], owner: 'w1', limit: 1, leaseMs: 60_000 });
      expect(await claim()).toEqual([]);
      time += 60_000;
      expect(await claim()).toHaveLength(1);
    } finally {
      await driver.close();
    }
  });
});
