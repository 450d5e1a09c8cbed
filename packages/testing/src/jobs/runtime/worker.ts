import { defineJob, type JobRunOutcome, metadataSchema } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import type { RuntimeContext } from './app.js';

/** A promise the test settles by hand, to order work without timers. */
function gate<T = void>() {
  let open: (value: T) => void = () => undefined;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export function defineWorkerTests(context: RuntimeContext): void {
  describe('the worker', () => {
    it('runs a job as soon as it is enqueued in the same process, and stops cleanly', async () => {
      const done = gate<JobRunOutcome>();
      const work = defineJob({ name: 'suite.work', payload: metadataSchema, handle: () => undefined });
      const app = await context.start([work]);
      const worker = app.jobs.startWorker({ pollIntervalMs: 3_600_000, onOutcome: done.open });
      const { job } = await app.jobs.enqueue(work, {}, { tenantId: app.tenantA.id });
      expect(await done.opened).toEqual({ jobId: job.id, name: 'suite.work', status: 'completed' });
      await worker.stop();
    });

    it('releases, on stop, a job whose handler gave up on the abort signal: its attempt does not count', async () => {
      const started = gate();
      const work = defineJob({
        name: 'suite.slow',
        payload: metadataSchema,
        handle: ({ signal }) =>
          new Promise<void>((_, reject) => {
            started.open();
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      });
      const app = await context.start([work]);
      const outcomes: JobRunOutcome[] = [];
      const worker = app.jobs.startWorker({ pollIntervalMs: 3_600_000, onOutcome: (o) => outcomes.push(o) });
      const { job } = await app.jobs.enqueue(work, {}, { tenantId: app.tenantA.id });
      await started.opened;
      await worker.stop();
      expect(outcomes).toEqual([{ jobId: job.id, name: 'suite.slow', status: 'released' }]);
      expect(await app.driver.get(job.id)).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('releases, after the grace period, a job whose handler ignores the signal, and drops its late result', async () => {
      const started = gate();
      const finish = gate();
      let runs = 0;
      const work = defineJob({
        name: 'suite.stubborn',
        payload: metadataSchema,
        async handle() {
          runs++;
          if (runs > 1) return;
          started.open();
          await finish.opened;
        },
      });
      const app = await context.start([work]);
      const worker = app.jobs.startWorker({ pollIntervalMs: 3_600_000, graceMs: 0 });
      const { job } = await app.jobs.enqueue(work, {}, { tenantId: app.tenantA.id });
      await started.opened;
      await worker.stop();
      expect(await app.driver.get(job.id)).toMatchObject({ status: 'pending', attempts: 0 });
      finish.open();
      const next = await app.jobs.runDue();
      expect(next).toEqual([{ jobId: job.id, name: 'suite.stubborn', status: 'completed' }]);
      expect(await app.driver.get(job.id)).toMatchObject({ status: 'completed', attempts: 1 });
    });
  });
}
