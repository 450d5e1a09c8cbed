import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

export function defineMemberTests(context: ContractContext): void {
  describe('members', () => {
    it('adds members and reads them back by user id and in the order they joined', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const owner = await scope.members.add({ userId: 'user_owner', email: 'owner@example.com', role: 'owner' });
        const member = await scope.members.add({ userId: 'user_member', role: 'member' });
        expect(owner).toMatchObject({
          tenantId: tenant.id,
          userId: 'user_owner',
          email: 'owner@example.com',
          role: 'owner',
        });
        expect(member.email).toBeNull();
        expect(await scope.members.get('user_owner')).toEqual(owner);
        expect(await scope.members.get('user_missing')).toBeNull();
        const listed = await scope.members.list();
        expect(listed.map((m) => m.userId).sort()).toEqual(['user_member', 'user_owner']);
        expect(listed).toContainEqual(owner);
        expect(listed).toContainEqual(member);
      });
    });

    it('changes a member role and refuses an unknown role with VALIDATION_FAILED and an unknown user with NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const member = await scope.members.add({ userId: 'user_1', role: 'member' });
        const promoted = await scope.members.setRole('user_1', 'admin');
        expect(promoted).toEqual({ ...member, role: 'admin', updatedAt: promoted.updatedAt });
        expect(await scope.members.get('user_1')).toEqual(promoted);
        await expect(scope.members.setRole('user_1', 'emperor')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(scope.members.setRole('user_missing', 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await scope.members.get('user_1')).toEqual(promoted);
      });
    });

    it('removes a member, after which get answers null and another remove throws NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(tenant.id, async (scope) => {
        await scope.members.add({ userId: 'user_1', role: 'member' });
        await scope.members.remove('user_1');
        expect(await scope.members.get('user_1')).toBeNull();
        await expect(scope.members.remove('user_1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
      expect(await storage.routing.tenantIdsForUser('user_1')).toEqual([]);
    });

    it('refuses to add a user who is already a member with CONFLICT and keeps the membership', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const member = await storage.withTenant(tenant.id, (scope) =>
        scope.members.add({ userId: 'user_1', role: 'member' }),
      );
      await expect(
        storage.withTenant(tenant.id, (scope) => scope.members.add({ userId: 'user_1', role: 'owner' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await storage.withTenant(tenant.id, (scope) => scope.members.list())).toEqual([member]);
    });
  });
}
