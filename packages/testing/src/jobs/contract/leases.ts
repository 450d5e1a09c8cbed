import { describe, expect, it } from 'vitest';
import { claimAs, type QueueContext } from './context.js';

export function defineLeaseTests(context: QueueContext): void {
  describe('leases and shutdown', () => {
    it('takes a released job back as due now, its attempt not counted', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob());
      await claimAs(driver, 'worker-1');
      expect(await driver.release(job.id, 'worker-2')).toBe(false);
      expect(await driver.release(job.id, 'worker-1')).toBe(true);
      expect(await driver.get(job.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await claimAs(driver, 'worker-2')).toMatchObject([{ id: job.id, attempts: 1 }]);
    });

    it("hands a job whose lease lapsed to another worker, counting the attempt, and drops the first worker's result", async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob());
      await claimAs(driver, 'crashed-worker');
      await context.clock().advance(59_999);
      expect(await claimAs(driver, 'worker-2')).toEqual([]);
      await context.clock().advance(1);
      expect(await claimAs(driver, 'worker-2')).toMatchObject([{ id: job.id, attempts: 2 }]);
      expect(await driver.complete(job.id, 'crashed-worker')).toBe(false);
      expect(await driver.fail(job.id, 'crashed-worker', { error: 'late' })).toBeNull();
      expect(await driver.complete(job.id, 'worker-2')).toBe(true);
    });

    it('makes a job dead when its lease lapses during its last attempt, rather than running it again', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ maxAttempts: 1 }));
      await claimAs(driver, 'crashed-worker');
      await context.clock().advance(60_000);
      expect(await claimAs(driver, 'worker-2')).toEqual([]);
      const dead = await driver.get(job.id);
      expect(dead?.status).toBe('dead');
      expect(dead?.lastError).toMatch(/lease/i);
    });

    it('never hands one job to two claimers at once, however many claim together', async () => {
      const driver = context.driver();
      for (let n = 0; n < 40; n++) await driver.enqueue(context.newJob({ payload: { n } }));
      const peer = await context.peer();
      const claimers = Array.from({ length: 8 }, (_, n) => (peer && n % 2 ? peer : driver));
      const batches = await Promise.all(claimers.map((queue, n) => claimAs(queue, `worker-${n}`, 7)));
      const ids = batches.flat().map((job) => job.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });
  });
}
