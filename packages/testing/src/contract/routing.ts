import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

/** Routing reads cross tenants, so they may answer a tenant id and nothing more: never a row, never an object. */
function expectIdOrNull(value: unknown, id: string | null): void {
  if (id === null) expect(value).toBeNull();
  else {
    expect(typeof value).toBe('string');
    expect(value).toBe(id);
  }
}

export function defineRoutingTests(context: ContractContext): void {
  describe('routing reads', () => {
    it('answers tenant ids only: a string or null, a boolean, or an array of strings', async () => {
      const tenant = await context.createTenant({ slug: 'acme', externalIds: { clerk_org: 'org_acme' } });
      const storage = context.storage();
      await storage.sharedNumbers.add({ number: '+12125550300' });
      await storage.withTenant(tenant.id, async (scope) => {
        await scope.phoneNumbers.create({ number: '+12125550301', kind: 'owned' });
        await scope.phoneNumbers.create({ number: '+12125550302', kind: 'forwarding' });
        await scope.members.add({ userId: 'user_acme', role: 'owner' });
      });
      const { routing } = storage;
      expectIdOrNull(await routing.tenantIdByNumber('+12125550301', 'owned'), tenant.id);
      expectIdOrNull(await routing.tenantIdByNumber('+12125550302', 'forwarding'), tenant.id);
      expectIdOrNull(await routing.tenantIdByNumber('+12125550301', 'forwarding'), null);
      expectIdOrNull(await routing.tenantIdByNumber('+12125550399', 'owned'), null);
      expectIdOrNull(await routing.tenantIdBySlug('acme'), tenant.id);
      expectIdOrNull(await routing.tenantIdBySlug('nobody'), null);
      expectIdOrNull(await routing.tenantIdByExternalId('clerk_org', 'org_acme'), tenant.id);
      expectIdOrNull(await routing.tenantIdByExternalId('clerk_org', 'org_nobody'), null);
      expectIdOrNull(await routing.tenantIdByExternalId('other_provider', 'org_acme'), null);
      expect(await routing.isSharedNumber('+12125550300')).toBe(true);
      expect(await routing.isSharedNumber('+12125550301')).toBe(false);
      expect(await routing.tenantIdsForUser('user_acme')).toEqual([tenant.id]);
      expect(await routing.tenantIdsForUser('user_nobody')).toEqual([]);
    });

    it('answers every tenant of a user who is a member of several, and only those', async () => {
      const [a, b, c] = [await context.createTenant(), await context.createTenant(), await context.createTenant()];
      const storage = context.storage();
      for (const tenant of [a, b]) {
        await storage.withTenant(tenant.id, (scope) => scope.members.add({ userId: 'user_both', role: 'member' }));
      }
      await storage.withTenant(c.id, (scope) => scope.members.add({ userId: 'user_c', role: 'owner' }));
      const tenantIds = await storage.routing.tenantIdsForUser('user_both');
      expect(tenantIds.every((id) => typeof id === 'string')).toBe(true);
      expect([...tenantIds].sort()).toEqual([a.id, b.id].sort());
    });

    it('sees a registration once its withTenant has resolved, and forgets a removed member', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(tenant.id, async (scope) => {
        await scope.phoneNumbers.create({ number: '+12125550310', kind: 'owned' });
        await scope.members.add({ userId: 'user_1', role: 'member' });
      });
      expect(await storage.routing.tenantIdByNumber('+12125550310', 'owned')).toBe(tenant.id);
      expect(await storage.routing.tenantIdsForUser('user_1')).toEqual([tenant.id]);
      await storage.withTenant(tenant.id, (scope) => scope.members.remove('user_1'));
      expect(await storage.routing.tenantIdsForUser('user_1')).toEqual([]);
    });
  });
}
