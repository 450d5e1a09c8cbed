import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

export function defineUserTests(context: ContractContext): void {
  describe('users and global receipts', () => {
    it('creates, updates, marks deleted and restores a user', async () => {
      const { users } = context.storage();
      const created = await users.upsert({ id: 'user_2abc', email: 'ann@example.com', name: 'Ann' });
      expect(created).toMatchObject({ id: 'user_2abc', email: 'ann@example.com', deletedAt: null });
      const renamed = await users.upsert({ id: 'user_2abc', email: 'ann@example.com', name: 'Ann Lee' });
      expect(renamed).toMatchObject({ name: 'Ann Lee', createdAt: created.createdAt });
      expect(await users.markDeleted('user_2abc')).toBe(true);
      expect((await users.get('user_2abc'))?.deletedAt).not.toBeNull();
      expect(await users.markDeleted('user_missing')).toBe(false);
      expect((await users.upsert({ id: 'user_2abc' })).deletedAt).toBeNull();
      expect(await users.get('user_missing')).toBeNull();
    });

    it('refuses a user whose fields are malformed with VALIDATION_FAILED', async () => {
      await expect(context.storage().users.upsert({ id: 'user_x', email: 'not an email' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await context.storage().users.get('user_x')).toBeNull();
    });

    it('records a provider event that belongs to no tenant once', async () => {
      const { globalReceipts } = context.storage();
      expect(await globalReceipts.record({ provider: 'clerk', eventId: 'msg_1' })).toEqual({ duplicate: false });
      expect(await globalReceipts.record({ provider: 'clerk', eventId: 'msg_1' })).toEqual({ duplicate: true });
      expect(await globalReceipts.record({ provider: 'other', eventId: 'msg_1' })).toEqual({ duplicate: false });
    });
  });
}
