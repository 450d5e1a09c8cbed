import { describe, expect, it } from 'vitest';
import { claimAs, type QueueContext } from './context.js';

export function defineFailureTests(context: QueueContext): void {
  describe('failures, retries and the dead-letter list', () => {
    it('retries a failed job after its backoff, doubled for each later attempt, keeping the error', async () => {
      const driver = context.driver();
      const clock = context.clock();
      const { job } = await driver.enqueue(context.newJob({ backoffMs: 1000, maxAttempts: 3 }));
      await claimAs(driver, 'worker-1');
      const failed = await driver.fail(job.id, 'worker-1', { error: 'provider timed out' });
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'provider timed out' });
      await clock.advance(999);
      expect(await claimAs(driver, 'worker-1')).toEqual([]);
      await clock.advance(1);
      expect(await claimAs(driver, 'worker-1')).toMatchObject([{ id: job.id, attempts: 2 }]);
      await driver.fail(job.id, 'worker-1', { error: 'again' });
      await clock.advance(1999);
      expect(await claimAs(driver, 'worker-1')).toEqual([]);
      await clock.advance(1);
      expect(await claimAs(driver, 'worker-1')).toMatchObject([{ id: job.id, attempts: 3 }]);
    });

    it('puts a job that fails its last attempt on the dead-letter list with its error, and never claims it', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ maxAttempts: 1 }));
      await claimAs(driver, 'worker-1');
      const dead = await driver.fail(job.id, 'worker-1', { error: 'card declined' });
      expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastError: 'card declined' });
      await context.clock().advance(86_400_000);
      expect(await claimAs(driver, 'worker-1')).toEqual([]);
      expect((await driver.list({ status: 'dead' })).items.map((item) => item.id)).toEqual([job.id]);
    });

    it('makes a final failure dead at once, whatever attempts remain', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ maxAttempts: 5 }));
      await claimAs(driver, 'worker-1');
      const dead = await driver.fail(job.id, 'worker-1', { error: 'tenant ten_a is suspended', final: true });
      expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastError: 'tenant ten_a is suspended' });
    });

    it('ignores a failure reported by a worker that does not hold the job', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob());
      await claimAs(driver, 'worker-1');
      expect(await driver.fail(job.id, 'worker-2', { error: 'not mine' })).toBeNull();
      expect(await driver.get(job.id)).toMatchObject({ status: 'running', lastError: null });
    });

    it('retries a dead job now with its attempts reset, and refuses to retry or discard a job that is not dead', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ maxAttempts: 1 }));
      expect(await driver.retry(job.id)).toBeNull();
      expect(await driver.discard(job.id)).toBe(false);
      await claimAs(driver, 'worker-1');
      await driver.fail(job.id, 'worker-1', { error: 'boom' });
      const retried = await driver.retry(job.id);
      expect(retried).toMatchObject({ id: job.id, status: 'pending', attempts: 0 });
      expect(await claimAs(driver, 'worker-2')).toMatchObject([{ id: job.id, attempts: 1 }]);
      expect(await driver.retry('job_that_does_not_exist')).toBeNull();
    });

    it('discards a dead job for good', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ maxAttempts: 1 }));
      await claimAs(driver, 'worker-1');
      await driver.fail(job.id, 'worker-1', { error: 'boom' });
      expect(await driver.discard(job.id)).toBe(true);
      expect(await driver.get(job.id)).toBeNull();
      expect(await driver.discard(job.id)).toBe(false);
      expect(await driver.retry(job.id)).toBeNull();
    });
  });
}
