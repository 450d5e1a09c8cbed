import { describe, expect, it } from 'vitest';
import { claimAs, type QueueContext } from './context.js';

export function defineListingTests(context: QueueContext): void {
  describe('listing', () => {
    it('lists jobs newest first, filtered by status, tenant and name, page by page', async () => {
      const driver = context.driver();
      const clock = context.clock();
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) {
        ids.push((await driver.enqueue(context.newJob({ tenantId: n % 2 ? 'ten_b' : 'ten_a' }))).job.id);
        await clock.advance(1);
      }
      const other = await driver.enqueue(context.newJob({ name: 'contract.other' }));
      const all = await driver.list({});
      expect(all.items.map((job) => job.id)).toEqual([other.job.id, ...[...ids].reverse()]);
      expect(all.nextCursor).toBeNull();
      const ofB = await driver.list({ tenantId: 'ten_b' });
      expect(ofB.items.map((job) => job.id)).toEqual([ids[3], ids[1]]);
      expect((await driver.list({ name: 'contract.other' })).items.map((job) => job.id)).toEqual([other.job.id]);

      const first = await driver.list({ tenantId: 'ten_a', name: 'contract.work' }, { limit: 2 });
      expect(first.items.map((job) => job.id)).toEqual([ids[4], ids[2]]);
      const second = await driver.list(
        { tenantId: 'ten_a', name: 'contract.work' },
        { limit: 2, cursor: first.nextCursor },
      );
      expect(second.items.map((job) => job.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();

      await claimAs(driver, 'worker-1', 1);
      expect((await driver.list({ status: 'running' })).items).toHaveLength(1);
      expect((await driver.list({ status: 'pending' })).items).toHaveLength(5);
    });
  });
}
