import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { runJobIsolationTests, runJobQueueContractTests, runJobRuntimeTests } from '@nuvatra/testing';
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
