import { createDevAuth, createNuvatra, type JobQueueDriver, type NuvatraJobs, type Storage } from '@nuvatra/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../isolation/random.js';
import { replayHint, resolveIsolationSeed } from '../isolation/seed.js';
import { createManualClock, type ManualClock } from './clock.js';
import { type IsolationPayload, type IsolationRecord, isolationJob } from './isolation-job.js';
import { checkJobSuiteOptions, type JobIsolationSuiteOptions } from './options.js';

interface Run {
  storage: Storage;
  driver: JobQueueDriver;
  clock: ManualClock;
  jobs: NuvatraJobs;
  tenantIds: string[];
  /** Call ids each tenant may hold: its seed call and its jobs' keys. */
  keys: Map<string, Set<string>>;
  /** Enqueued job ids by tenant, and what each was asked to do. */
  enqueued: Map<string, IsolationPayload & { tenantId: string }>;
  suspended: string | null;
}

/**
 * The job queue's isolation property: many tenants, a seeded stream of jobs that fail, retry and interleave across
 * several workers, each handler reading and writing its tenant's rows and trying to reach another's. No handler
 * sees or writes another tenant's rows, every effect lands once in its own tenant, and a tenant suspended midway
 * runs nothing more. Prints its seed; `NUVATRA_ISOLATION_SEED` replays a run.
 */
export function runJobIsolationTests(options: JobIsolationSuiteOptions): void {
  checkJobSuiteOptions('runJobIsolationTests', options, 'create');
  const tenantCount = Math.max(options.tenants ?? 12, 4);
  const jobCount = Math.max(options.jobs ?? 150, 1);
  const seed = resolveIsolationSeed(options.seed);
  const random = createRandom(seed);
  const record: IsolationRecord = { violations: [], attempts: new Map() };
  const run = { keys: new Map(), enqueued: new Map(), tenantIds: [], suspended: null } as unknown as Run;
  const hint = `(seed ${seed}: ${replayHint(seed)})`;

  describe(`${options.name}: job isolation`, () => {
    beforeAll(async () => {
      console.info(`[nuvatra] ${options.name} job isolation: seed ${seed} (${replayHint(seed)})`);
      run.clock = createManualClock(options.advanceTime, () => run.driver);
      Object.assign(run, await options.create(run.clock));
      const job = isolationJob(
        () => run.storage,
        (tenantId) => run.keys.get(tenantId) ?? new Set(),
        record,
      );
      const nuvatra = createNuvatra({
        storage: run.storage,
        auth: createDevAuth({ nodeEnv: 'test' }),
        logger: false,
        plugins: [{ name: 'job-isolation', jobs: [job] }],
        jobs: { driver: run.driver, now: run.clock.now },
      });
      run.jobs = nuvatra.jobs as NuvatraJobs;
    });
    afterAll(async () => {
      await run.driver?.close();
      await run.storage?.close();
    });

    it(`gives ${tenantCount} tenants a call of their own`, async () => {
      for (let index = 0; index < tenantCount; index++) {
        const tenant = await run.storage.tenants.create({ slug: `jobs-tenant-${index}`, name: `Tenant ${index}` });
        const seedCall = `seed-${index}`;
        await run.storage.withTenant(tenant.id, (scope) =>
          scope.calls.create({ provider: 'other', providerCallId: seedCall, to: '+15550100001' }),
        );
        run.tenantIds.push(tenant.id);
        run.keys.set(tenant.id, new Set([seedCall]));
      }
    });

    it(`runs ${jobCount} random jobs, failing, retried and interleaved, each seeing only its own tenant's rows ${hint}`, async () => {
      let enqueuedSoFar = 0;
      for (let round = 0; round < 400; round++) {
        if (enqueuedSoFar >= jobCount && (await allSettled(run))) break;
        for (let n = random.int(0, 12); n > 0 && enqueuedSoFar < jobCount; n--, enqueuedSoFar++) {
          await enqueueRandom(run, random, enqueuedSoFar);
        }
        if (!run.suspended && enqueuedSoFar >= jobCount / 2) {
          run.suspended = random.pick(run.tenantIds);
          await run.storage.tenants.update(run.suspended, { status: 'suspended' });
        }
        const workers = random.int(1, 3);
        await Promise.all(
          Array.from({ length: workers }, (_, w) => run.jobs.runDue({ owner: `worker-${w}`, limit: random.int(1, 8) })),
        );
        await run.clock.advance(random.pick([0, 500, 1000, 4000]));
      }
      expect(record.violations, hint).toEqual([]);
      expect(await allSettled(run), `every job completed or died ${hint}`).toBe(true);
    });

    it(`wrote each effect exactly once, in its own tenant, and nothing for the suspended tenant's unrun jobs ${hint}`, async () => {
      for (const tenantId of run.tenantIds) {
        const calls = await run.storage.withTenant(
          tenantId,
          async (scope) => (await scope.calls.list({ limit: 200 })).items,
        );
        const ids = calls.map((call) => call.providerCallId);
        expect(new Set(ids).size, `${tenantId} holds one call per key ${hint}`).toBe(ids.length);
        expect(calls.every((call) => call.tenantId === tenantId)).toBe(true);
        const jobs = (await run.driver.list({ tenantId }, { limit: 200 })).items;
        for (const job of jobs) {
          const asked = run.enqueued.get(job.id);
          expect(asked?.tenantId, hint).toBe(tenantId);
          if (job.status === 'completed') {
            expect(ids, hint).toContain(asked?.key);
            expect(job.attempts, hint).toBe((asked?.failures ?? 0) + 1);
          } else {
            expect(tenantId, `only the suspended tenant has unfinished jobs ${hint}`).toBe(run.suspended);
            expect(job).toMatchObject({
              status: 'dead',
              lastError: `tenant ${tenantId} is suspended; the job did not run`,
            });
          }
        }
        const allowed = run.keys.get(tenantId) ?? new Set();
        for (const id of ids) expect(allowed.has(id), `${tenantId} holds ${id} ${hint}`).toBe(true);
        if (tenantId !== run.suspended)
          expect(ids.length, hint).toBe(new Set(jobs.map((j) => run.enqueued.get(j.id)?.key)).size + 1);
      }
    });
  });
}

async function enqueueRandom(run: Run, random: ReturnType<typeof createRandom>, index: number): Promise<void> {
  const tenantId = random.pick(run.tenantIds);
  const probe = random.pick(run.tenantIds.filter((id) => id !== tenantId));
  // Some events arrive twice: their second enqueue must store nothing.
  const key = `job-${random.chance(0.15) && index > 0 ? random.int(0, index - 1) : index}`;
  const payload: IsolationPayload = { key, failures: random.int(0, 3), failAfterWrite: random.chance(0.5), probe };
  const options = { idempotencyKey: key };
  const result = random.chance(0.5)
    ? await run.storage.withTenant(tenantId, () => run.jobs.enqueue('isolation.write', payload, options))
    : await run.jobs.enqueue('isolation.write', payload, { ...options, tenantId });
  if (result.created) {
    run.enqueued.set(result.job.id, { ...payload, tenantId });
    run.keys.get(tenantId)?.add(key);
  }
}

async function allSettled(run: Run): Promise<boolean> {
  const open = [
    ...(await run.driver.list({ status: 'pending' }, { limit: 1 })).items,
    ...(await run.driver.list({ status: 'running' }, { limit: 1 })).items,
  ];
  return open.length === 0 && run.enqueued.size > 0;
}
