import type { JobQueueDriver, NewJob } from '@nuvatra/core';
import { afterEach, beforeEach } from 'vitest';
import { createManualClock, type ManualClock } from '../clock.js';
import type { JobQueueSuiteOptions } from '../options.js';

export interface QueueContext {
  driver(): JobQueueDriver;
  clock(): ManualClock;
  /** A second queue on the same database, or undefined when the adapter offers none. */
  peer(): Promise<JobQueueDriver | undefined>;
  /** A job as core would hand it over: due now by the suite's clock, 3 attempts, 1 s backoff. */
  newJob(overrides?: Partial<NewJob>): NewJob;
}

export function useFreshQueue(options: JobQueueSuiteOptions): QueueContext {
  let driver: JobQueueDriver | undefined;
  let clock: ManualClock | undefined;
  const opened: JobQueueDriver[] = [];
  beforeEach(async () => {
    clock = createManualClock(options.advanceTime, () => driver);
    driver = await options.createDriver(clock);
    opened.push(driver);
  });
  afterEach(async () => {
    for (const queue of opened.splice(0).reverse()) await queue.close();
    driver = undefined;
  });
  return {
    driver: () => driver as JobQueueDriver,
    clock: () => clock as ManualClock,
    async peer() {
      if (!options.createPeer || !driver || !clock) return undefined;
      const peer = await options.createPeer(driver, clock);
      opened.push(peer);
      return peer;
    },
    newJob: (overrides = {}) => ({
      name: 'contract.work',
      tenantId: 'ten_a',
      payload: { n: 1 },
      runAt: (clock as ManualClock).now(),
      idempotencyKey: null,
      maxAttempts: 3,
      backoffMs: 1000,
      ...overrides,
    }),
  };
}

export const claimAs = (driver: JobQueueDriver, owner: string, limit = 10, names = ['contract.work']) =>
  driver.claim({ names, owner, limit, leaseMs: 60_000 });
