import { describe, expect, it } from 'vitest';
import { newestFirst, readAllPages } from '../fixtures/pages.js';
import type { ContractContext } from './context.js';

export function defineTenantTests(context: ContractContext): void {
  describe('tenants', () => {
    it('creates a tenant with default plan, status and external ids and reads it back by id', async () => {
      const created = await context.storage().tenants.create({ slug: 'acme-dental', name: 'Acme Dental' });
      expect(created).toMatchObject({
        slug: 'acme-dental',
        name: 'Acme Dental',
        plan: 'free',
        status: 'active',
        externalIds: {},
      });
      expect(created.id).toEqual(expect.any(String));
      expect(await context.storage().tenants.get(created.id)).toEqual(created);
    });

    it('keeps the id a tenant is created with', async () => {
      const created = await context.storage().tenants.create({ id: 'tenant_fixed-1', slug: 'fixed', name: 'Fixed' });
      expect(created.id).toBe('tenant_fixed-1');
      expect(await context.storage().tenants.get('tenant_fixed-1')).toEqual(created);
    });

    it('answers null for a tenant id that does not exist', async () => {
      await context.createTenant();
      expect(await context.storage().tenants.get('ten_missing')).toBeNull();
    });

    it('lists tenants newest first across pages with no duplicates and no gaps', async () => {
      const created = [];
      for (let i = 0; i < 7; i++) created.push(await context.createTenant());
      const listed = await readAllPages((page) => context.storage().tenants.list(page), 3);
      expect(listed).toEqual([...created].sort(newestFirst));
    });

    it('updates a tenant and keeps what the patch does not name', async () => {
      const tenant = await context.createTenant({ plan: 'pro', externalIds: { clerk_org: 'org_1' } });
      const updated = await context.storage().tenants.update(tenant.id, {
        name: 'Renamed',
        status: 'suspended',
        externalIds: { clerk_org: 'org_2' },
      });
      expect(updated).toMatchObject({
        id: tenant.id,
        slug: tenant.slug,
        name: 'Renamed',
        plan: 'pro',
        status: 'suspended',
      });
      expect(updated.externalIds).toEqual({ clerk_org: 'org_2' });
      expect(updated.createdAt).toBe(tenant.createdAt);
      expect(updated.updatedAt >= tenant.updatedAt).toBe(true);
      expect(await context.storage().tenants.get(tenant.id)).toEqual(updated);
      expect(await context.storage().routing.tenantIdByExternalId('clerk_org', 'org_1')).toBeNull();
      expect(await context.storage().routing.tenantIdByExternalId('clerk_org', 'org_2')).toBe(tenant.id);
    });

    it('refuses to update a tenant that does not exist with TENANT_NOT_FOUND', async () => {
      await expect(context.storage().tenants.update('ten_missing', { name: 'Ghost' })).rejects.toMatchObject({
        code: 'TENANT_NOT_FOUND',
      });
    });

    it('refuses a taken slug with CONFLICT and keeps the first tenant', async () => {
      const first = await context.createTenant({ slug: 'taken' });
      await expect(context.createTenant({ slug: 'taken', name: 'Second' })).rejects.toMatchObject({ code: 'CONFLICT' });
      const { items } = await context.storage().tenants.list({ limit: 10 });
      expect(items).toEqual([first]);
      expect(await context.storage().routing.tenantIdBySlug('taken')).toBe(first.id);
    });

    it('refuses a taken tenant id with CONFLICT', async () => {
      await context.createTenant({ id: 'ten_same' });
      await expect(context.createTenant({ id: 'ten_same' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await context.storage().tenants.list({ limit: 10 })).items).toHaveLength(1);
    });

    it('refuses an external id another tenant holds with CONFLICT, on create and on update, changing nothing', async () => {
      const holder = await context.createTenant({ externalIds: { clerk_org: 'org_shared' } });
      await expect(
        context.createTenant({ slug: 'late', externalIds: { clerk_org: 'org_shared' } }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await context.storage().routing.tenantIdBySlug('late')).toBeNull();

      const other = await context.createTenant({ externalIds: { clerk_org: 'org_other' } });
      await expect(
        context.storage().tenants.update(other.id, { externalIds: { clerk_org: 'org_shared' } }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await context.storage().tenants.get(other.id)).toEqual(other);
      expect(await context.storage().tenants.get(holder.id)).toEqual(holder);
      expect(await context.storage().routing.tenantIdByExternalId('clerk_org', 'org_shared')).toBe(holder.id);
      expect(await context.storage().routing.tenantIdByExternalId('clerk_org', 'org_other')).toBe(other.id);
    });
  });
}
