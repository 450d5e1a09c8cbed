import { currentTenantScope, type TenantScope } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { callInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineScopeTests(context: ContractContext): void {
  describe('tenant scopes', () => {
    it('hands withTenant the tenant scope as argument and as currentTenantScope(), and returns what the callback returns', async () => {
      const tenant = await context.createTenant();
      const answer = await context.storage().withTenant(tenant.id, async (scope) => {
        expect(scope.tenantId).toBe(tenant.id);
        expect(scope.tenant).toEqual(tenant);
        expect(currentTenantScope().tenantId).toBe(tenant.id);
        return 42;
      });
      expect(answer).toBe(42);
    });

    it('throws NO_TENANT_SCOPE from currentTenantScope() outside withTenant', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, () => undefined);
      let thrown: unknown;
      try {
        currentTenantScope();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'NO_TENANT_SCOPE' });
    });

    it('refuses a scope used after its withTenant resolved with TENANT_SCOPE_CLOSED and writes nothing', async () => {
      const tenant = await context.createTenant();
      const leaked: TenantScope = await context.storage().withTenant(tenant.id, (scope) => scope);
      await expect(leaked.calls.list()).rejects.toMatchObject({ code: 'TENANT_SCOPE_CLOSED' });
      await expect(leaked.calls.create(callInput(1))).rejects.toMatchObject({ code: 'TENANT_SCOPE_CLOSED' });
      await expect(leaked.config.get()).rejects.toMatchObject({ code: 'TENANT_SCOPE_CLOSED' });
      const calls = await context.storage().withTenant(tenant.id, (scope) => scope.calls.list());
      expect(calls.items).toEqual([]);
    });

    it('refuses withTenant of another tenant inside a scope with TENANT_SCOPE_NESTED and keeps nothing of the outer scope', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      await expect(
        storage.withTenant(a.id, async (scope) => {
          await scope.calls.create(callInput('outer'));
          await storage.withTenant(b.id, (inner) => inner.calls.create(callInput('inner')));
        }),
      ).rejects.toMatchObject({ code: 'TENANT_SCOPE_NESTED' });
      expect((await storage.withTenant(a.id, (scope) => scope.calls.list())).items).toEqual([]);
      expect((await storage.withTenant(b.id, (scope) => scope.calls.list())).items).toEqual([]);
    });

    it('joins the open scope when withTenant names the same tenant, and keeps both writes', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(tenant.id, async (outer) => {
        await outer.calls.create(callInput('outer'));
        await storage.withTenant(tenant.id, (inner) => inner.calls.create(callInput('inner')));
      });
      const calls = await storage.withTenant(tenant.id, (scope) => scope.calls.list());
      expect(calls.items.map((call) => call.providerCallId).sort()).toEqual(['CAinner', 'CAouter']);
    });

    it('refuses withTenant of a tenant that does not exist with TENANT_NOT_FOUND', async () => {
      await context.createTenant();
      await expect(context.storage().withTenant('ten_missing', () => 1)).rejects.toMatchObject({
        code: 'TENANT_NOT_FOUND',
      });
    });

    it('refuses withTenant of a malformed tenant id with VALIDATION_FAILED', async () => {
      await expect(context.storage().withTenant('not an id!', () => 1)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(context.storage().withTenant('', () => 1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
