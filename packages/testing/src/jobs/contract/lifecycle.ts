import { describe, expect, it } from 'vitest';
import { claimAs, type QueueContext } from './context.js';

export function defineLifecycleTests(context: QueueContext): void {
  describe('enqueue, claim, complete', () => {
    it('stores a pending job with what core handed over, and answers it by id', async () => {
      const driver = context.driver();
      const { job, created } = await driver.enqueue(context.newJob({ payload: { to: '+15550100001', n: [1, 2] } }));
      expect(created).toBe(true);
      expect(job).toMatchObject({
        name: 'contract.work',
        tenantId: 'ten_a',
        payload: { to: '+15550100001', n: [1, 2] },
        status: 'pending',
        attempts: 0,
        maxAttempts: 3,
        idempotencyKey: null,
        lastError: null,
      });
      expect(await driver.get(job.id)).toEqual(job);
      expect(await driver.get('job_that_does_not_exist')).toBeNull();
    });

    it('claims only due jobs of the names asked for, oldest due first, at most `limit`, counting an attempt', async () => {
      const driver = context.driver();
      const clock = context.clock();
      const later = await driver.enqueue(context.newJob({ runAt: new Date(clock.now().getTime() + 30_000) }));
      const first = await driver.enqueue(context.newJob({ runAt: new Date(clock.now().getTime() - 2000) }));
      const second = await driver.enqueue(context.newJob({ runAt: new Date(clock.now().getTime() - 1000) }));
      await driver.enqueue(context.newJob({ name: 'contract.other' }));
      const claimed = await claimAs(driver, 'worker-1', 1);
      expect(claimed.map((job) => job.id)).toEqual([first.job.id]);
      expect(claimed[0]).toMatchObject({ status: 'running', attempts: 1 });
      expect((await claimAs(driver, 'worker-1')).map((job) => job.id)).toEqual([second.job.id]);
      expect(await claimAs(driver, 'worker-1')).toEqual([]);
      // Within the first two jobs' 60 s leases: only the job that became due is handed out.
      await clock.advance(30_000);
      expect((await claimAs(driver, 'worker-1')).map((job) => job.id)).toEqual([later.job.id]);
    });

    it('completes a job for the worker holding it, and never hands it out again', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob());
      await claimAs(driver, 'worker-1');
      expect(await driver.complete(job.id, 'worker-2')).toBe(false);
      expect((await driver.get(job.id))?.status).toBe('running');
      expect(await driver.complete(job.id, 'worker-1')).toBe(true);
      expect(await driver.complete(job.id, 'worker-1')).toBe(false);
      expect((await driver.get(job.id))?.status).toBe('completed');
      await context.clock().advance(3_600_000);
      expect(await claimAs(driver, 'worker-1')).toEqual([]);
    });

    it('keeps a global job (no tenant) apart from tenant jobs, and hands its null tenant back unchanged', async () => {
      const driver = context.driver();
      const { job } = await driver.enqueue(context.newJob({ tenantId: null }));
      expect(job.tenantId).toBeNull();
      expect((await claimAs(driver, 'worker-1'))[0]?.tenantId).toBeNull();
    });
  });

  describe('idempotency keys', () => {
    it('stores a second enqueue of the same (name, tenant, key) as nothing, answering the first job', async () => {
      const driver = context.driver();
      const first = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1' }));
      const again = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1', payload: { n: 2 } }));
      expect(again).toEqual({ job: first.job, created: false });
      const otherTenant = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1', tenantId: 'ten_b' }));
      const otherName = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1', name: 'contract.other' }));
      const global = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1', tenantId: null }));
      const globalAgain = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_1', tenantId: null }));
      expect([otherTenant.created, otherName.created, global.created, globalAgain.created]).toEqual([
        true,
        true,
        true,
        false,
      ]);
      expect(globalAgain.job.id).toBe(global.job.id);
      const withoutKey = [await driver.enqueue(context.newJob()), await driver.enqueue(context.newJob())];
      expect(withoutKey.map((result) => result.created)).toEqual([true, true]);
    });

    it('still deduplicates once the first job completed or died, and frees the key when a dead job is discarded', async () => {
      const driver = context.driver();
      const done = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_done' }));
      const dies = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_dies' }));
      await claimAs(driver, 'worker-1');
      await driver.complete(done.job.id, 'worker-1');
      await driver.fail(dies.job.id, 'worker-1', { error: 'boom', final: true });
      expect((await driver.enqueue(context.newJob({ idempotencyKey: 'evt_done' }))).created).toBe(false);
      expect((await driver.enqueue(context.newJob({ idempotencyKey: 'evt_dies' }))).created).toBe(false);
      expect(await driver.discard(dies.job.id)).toBe(true);
      const fresh = await driver.enqueue(context.newJob({ idempotencyKey: 'evt_dies' }));
      expect(fresh.created).toBe(true);
      expect(fresh.job.id).not.toBe(dies.job.id);
    });
  });
}
