import type { JobQueueDriver, Storage } from '@nuvatra/core';

/** The suites' clock: it starts at the real time and moves only when a test moves it, so no test sleeps. */
export interface SuiteClock {
  now(): Date;
}

export interface JobQueueSuiteOptions {
  /** Names the suite in the test report, e.g. `sqlite (shared file)`. */
  name: string;
  /** A fresh, migrated, empty queue; called once per test. It reads time from `clock.now` when it can. */
  createDriver(clock: SuiteClock): Promise<JobQueueDriver>;
  /**
   * A second queue on the same database (another connection): claims through both must never share a job.
   * Leave it out when the adapter cannot open one (an in-memory database).
   */
  createPeer?(driver: JobQueueDriver, clock: SuiteClock): Promise<JobQueueDriver>;
  /**
   * Called after the suite moves its clock by `ms`, for adapters that keep time elsewhere (a database's `now()`):
   * make jobs due and leases lapse as if that time had passed. Adapters that read `clock.now` leave it out.
   */
  advanceTime?(driver: JobQueueDriver, ms: number): Promise<void>;
}

export interface JobRuntimeSuiteOptions {
  name: string;
  /**
   * A fresh, migrated, empty storage and a fresh, migrated queue (in the same database where the adapter can), the
   * queue reading time from `clock.now` when it can. The suite closes both.
   */
  create(clock: SuiteClock): Promise<{ storage: Storage; driver: JobQueueDriver }>;
  advanceTime?(driver: JobQueueDriver, ms: number): Promise<void>;
}

export interface JobIsolationSuiteOptions extends JobRuntimeSuiteOptions {
  /** Tenants sharing the queue (default 12, at least 4). */
  tenants?: number;
  /** Random jobs across them (default 150). */
  jobs?: number;
  /** Replays a run; otherwise `NUVATRA_ISOLATION_SEED`, otherwise random. */
  seed?: number;
}

export function checkJobSuiteOptions(suite: string, options: { name?: unknown }, factory: string): void {
  if (typeof options?.name !== 'string' || options.name.length === 0) {
    throw new TypeError(`${suite}: options.name must be a non-empty string naming the adapter.`);
  }
  if (typeof (options as Record<string, unknown>)[factory] !== 'function') {
    throw new TypeError(`${suite}: options.${factory} must be a function.`);
  }
}
