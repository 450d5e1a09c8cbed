import {
  type AnyJobDefinition,
  createDevAuth,
  createNuvatra,
  type JobQueueDriver,
  type Logger,
  type Nuvatra,
  type NuvatraJobs,
  type Storage,
  type Tenant,
} from '@nuvatra/core';
import { afterEach } from 'vitest';
import { createManualClock, type ManualClock } from '../clock.js';
import type { JobRuntimeSuiteOptions } from '../options.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export interface RuntimeApp {
  storage: Storage;
  driver: JobQueueDriver;
  clock: ManualClock;
  nuvatra: Nuvatra;
  jobs: NuvatraJobs;
  tenantA: Tenant;
  tenantB: Tenant;
  logs: LogLine[];
}

export interface RuntimeContext {
  /** A fresh deployment whose one plugin brings `jobs`; tenants A and B each hold one call of their own. */
  start(jobs: AnyJobDefinition[]): Promise<RuntimeApp>;
  /** Another deployment on the same storage and queue (a second process, or a later release of the code). */
  restart(app: RuntimeApp, jobs: AnyJobDefinition[]): RuntimeApp;
}

export function useJobRuntime(options: JobRuntimeSuiteOptions): RuntimeContext {
  const opened: Array<{ storage: Storage; driver: JobQueueDriver }> = [];
  afterEach(async () => {
    for (const { storage, driver } of opened.splice(0)) {
      await driver.close();
      await storage.close();
    }
  });

  function deploy(base: Omit<RuntimeApp, 'nuvatra' | 'jobs' | 'logs'>, jobs: AnyJobDefinition[]): RuntimeApp {
    const logs: LogLine[] = [];
    const logger: Logger = {
      info: (message, fields = {}) => logs.push({ level: 'info', message, fields }),
      warn: (message, fields = {}) => logs.push({ level: 'warn', message, fields }),
      error: (message, fields = {}) => logs.push({ level: 'error', message, fields }),
    };
    const nuvatra = createNuvatra({
      storage: base.storage,
      auth: createDevAuth({ nodeEnv: 'test' }),
      logger,
      plugins: [{ name: 'job-suite', jobs }],
      jobs: { driver: base.driver, now: base.clock.now, worker: { pollIntervalMs: 5 } },
    });
    return { ...base, nuvatra, jobs: nuvatra.jobs as NuvatraJobs, logs };
  }

  return {
    async start(jobs) {
      let driver: JobQueueDriver | undefined;
      const clock = createManualClock(options.advanceTime, () => driver);
      const created = await options.create(clock);
      driver = created.driver;
      opened.push(created);
      const { storage } = created;
      const tenantA = await storage.tenants.create({ slug: 'tenant-a', name: 'Tenant A' });
      const tenantB = await storage.tenants.create({ slug: 'tenant-b', name: 'Tenant B' });
      for (const tenant of [tenantA, tenantB]) {
        await storage.withTenant(tenant.id, (scope) =>
          scope.calls.create({ provider: 'other', providerCallId: `seed-${tenant.slug}`, to: '+15550100001' }),
        );
      }
      return deploy({ storage, driver, clock, tenantA, tenantB }, jobs);
    },
    restart: (app, jobs) => deploy(app, jobs),
  };
}

/** Runs what is due until nothing is, moving the clock past each backoff: a worker's life, without waiting. */
export async function drain(app: RuntimeApp, stepMs = 60_000, rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await app.jobs.runDue();
    await app.clock.advance(stepMs);
  }
}
