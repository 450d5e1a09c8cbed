import {
  type ChannelAddress,
  calledNumberResolver,
  createTenantResolver,
  forwardingNumberResolver,
  hostResolver,
  impersonationResolver,
  NuvatraHttpError,
  type Principal,
  principalClaimResolver,
  type Storage,
  type Tenant,
} from '@nuvatra/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedAndPerTenant } from './directories.js';

// Tenant resolution over the routing reads and tenant registry a real SQLite storage keeps, in both modes.

const modes = sharedAndPerTenant;

const OWNED_BY_A = '+15551111111';
const FORWARDING_OF_A = '+15553333333';
const FORWARDING_OF_B = '+15554444444';
const SHARED = '+15559999999';

async function rejectionOf(promise: Promise<unknown>): Promise<NuvatraHttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NuvatraHttpError);
  return error as NuvatraHttpError;
}

for (const [mode, create] of Object.entries(modes)) {
  describe(`tenant resolution over sqlite (${mode})`, () => {
    let storage: Storage;
    let a: Tenant;
    let b: Tenant;

    beforeEach(async () => {
      storage = create();
      await storage.migrate();
      a = await storage.tenants.create({ slug: 'clinic-a', name: 'Clinic A' });
      b = await storage.tenants.create({ slug: 'clinic-b', name: 'Clinic B' });
    });
    afterEach(() => storage.close());

    const channelChain = () =>
      createTenantResolver({
        resolvers: [
          calledNumberResolver({ routing: storage.routing }),
          forwardingNumberResolver({ routing: storage.routing }),
        ],
        tenants: storage.tenants,
      });
    const resolveCall = (channel: ChannelAddress) => channelChain().resolve({ channel });
    const register = (tenant: Tenant, number: string, kind: 'owned' | 'forwarding', region?: string) =>
      storage.withTenant(tenant.id, (scope) =>
        scope.phoneNumbers.create({ number, kind, ...(region ? { region } : {}) }),
      );

    it('resolves +1 (555) 111-1111, 15551111111 in region US and +15551111111 to the tenant that owns it', async () => {
      await register(a, '+1 (555) 111-1111', 'owned');
      await register(b, '+15552222222', 'owned');
      for (const channel of [{ to: '+1 (555) 111-1111' }, { to: '15551111111', region: 'US' }, { to: OWNED_BY_A }]) {
        const resolution = await resolveCall(channel);
        expect(resolution).toMatchObject({ outcome: 'resolved', tenantId: a.id, source: 'called-number' });
        expect(resolution.outcome === 'resolved' && resolution.tenant).toEqual(a);
      }
      expect(await resolveCall({ to: '(555) 222-2222', region: 'US' })).toMatchObject({ tenantId: b.id });
    });

    it('refuses a call to a number nobody registered, and to a garbage number, with typed errors', async () => {
      await register(a, OWNED_BY_A, 'owned');
      const unknown = await rejectionOf(channelChain().require({ channel: { to: '+15550000000' } }));
      expect(unknown).toMatchObject({ code: 'TENANT_NOT_RESOLVED', status: 401 });
      const garbage = await rejectionOf(channelChain().require({ channel: { to: 'call me maybe' } }));
      expect(garbage).toMatchObject({ code: 'INVALID_PHONE_NUMBER', status: 400 });
    });

    it('refuses with CONFLICT a forwarding line another tenant registered, and leaves that tenant its numbers', async () => {
      await register(a, OWNED_BY_A, 'owned');
      await register(a, FORWARDING_OF_A, 'forwarding');
      const numbersOfA = await storage.withTenant(a.id, (scope) => scope.phoneNumbers.list());

      for (const number of [FORWARDING_OF_A, '(555) 333-3333']) {
        const error = await rejectionOf(register(b, number, 'forwarding', 'US'));
        expect(error).toMatchObject({ code: 'CONFLICT', status: 409 });
        expect(error.message).not.toContain(a.id);
      }
      await expect(register(b, OWNED_BY_A, 'owned')).rejects.toMatchObject({ code: 'CONFLICT' });

      expect(await storage.withTenant(a.id, (scope) => scope.phoneNumbers.list())).toEqual(numbersOfA);
      expect(await storage.withTenant(b.id, (scope) => scope.phoneNumbers.list())).toEqual([]);
      expect(await storage.routing.tenantIdByNumber(FORWARDING_OF_A, 'forwarding')).toBe(a.id);
      expect(await resolveCall({ to: OWNED_BY_A })).toMatchObject({ tenantId: a.id });
    });

    it('refuses with CONFLICT a tenant registering a shared number, and a shared number a tenant holds', async () => {
      await storage.sharedNumbers.add({ number: SHARED });
      for (const kind of ['owned', 'forwarding'] as const) {
        const error = await rejectionOf(register(a, '(555) 999-9999', kind, 'US'));
        expect(error).toMatchObject({ code: 'CONFLICT', status: 409 });
      }
      expect(await storage.routing.tenantIdByNumber(SHARED, 'owned')).toBeNull();
      expect(await storage.routing.tenantIdByNumber(SHARED, 'forwarding')).toBeNull();
      expect(await storage.withTenant(a.id, (scope) => scope.phoneNumbers.list())).toEqual([]);

      await register(a, OWNED_BY_A, 'owned');
      await expect(storage.sharedNumbers.add({ number: '+1 555 111 1111' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await storage.routing.isSharedNumber(OWNED_BY_A)).toBe(false);
    });

    it('resolves a call to the shared number to the tenant whose forwarding line it came from', async () => {
      await storage.sharedNumbers.add({ number: SHARED });
      await register(a, FORWARDING_OF_A, 'forwarding');
      await register(b, FORWARDING_OF_B, 'forwarding');

      expect(await resolveCall({ to: SHARED, forwardedFrom: FORWARDING_OF_A })).toMatchObject({
        outcome: 'resolved',
        tenantId: a.id,
        source: 'forwarding-number',
      });
      expect(await resolveCall({ to: '(555) 999-9999', forwardedFrom: '(555) 333-3333', region: 'US' })).toMatchObject({
        tenantId: a.id,
      });
      expect(await resolveCall({ to: SHARED, forwardedFrom: FORWARDING_OF_B })).toMatchObject({ tenantId: b.id });
    });

    it('refuses a call to the shared number with no forwarding line, or one nobody registered, rather than guess', async () => {
      await storage.sharedNumbers.add({ number: SHARED });
      await register(a, FORWARDING_OF_A, 'forwarding');
      await register(a, OWNED_BY_A, 'owned');

      for (const channel of [
        { to: SHARED },
        { to: SHARED, forwardedFrom: '+15550000000' },
        { to: SHARED, forwardedFrom: OWNED_BY_A },
      ]) {
        const resolution = await resolveCall(channel);
        expect(resolution).toMatchObject({ outcome: 'refused', code: 'TENANT_NOT_RESOLVED' });
        expect(resolution).not.toHaveProperty('tenantId');
      }
    });

    it('refuses a suspended tenant by its number and its forwarding line, naming it, and resolves it again once active', async () => {
      await storage.sharedNumbers.add({ number: SHARED });
      await register(a, OWNED_BY_A, 'owned');
      await register(a, FORWARDING_OF_A, 'forwarding');
      await register(b, FORWARDING_OF_B, 'forwarding');
      await storage.tenants.update(a.id, { status: 'suspended' });

      for (const channel of [{ to: OWNED_BY_A }, { to: SHARED, forwardedFrom: FORWARDING_OF_A }]) {
        expect(await resolveCall(channel)).toMatchObject({
          outcome: 'refused',
          code: 'TENANT_SUSPENDED',
          tenantId: a.id,
        });
        const error = await rejectionOf(channelChain().require({ channel }));
        expect(error).toMatchObject({ code: 'TENANT_SUSPENDED', status: 403 });
      }
      expect(await resolveCall({ to: SHARED, forwardedFrom: FORWARDING_OF_B })).toMatchObject({ tenantId: b.id });

      await storage.tenants.update(a.id, { status: 'active' });
      expect(await resolveCall({ to: OWNED_BY_A })).toMatchObject({ outcome: 'resolved', tenantId: a.id });
    });

    it('stops resolving a number once its tenant deletes it, and resolves it to the next tenant that registers it', async () => {
      const number = await register(a, OWNED_BY_A, 'owned');
      await storage.withTenant(a.id, (scope) => scope.phoneNumbers.delete(number.id));
      expect(await resolveCall({ to: OWNED_BY_A })).toMatchObject({ outcome: 'refused', code: 'TENANT_NOT_RESOLVED' });
      await register(b, OWNED_BY_A, 'owned');
      expect(await resolveCall({ to: OWNED_BY_A })).toMatchObject({ outcome: 'resolved', tenantId: b.id });
    });

    it('resolves signed-in users through the organisation ids and memberships storage keeps', async () => {
      await storage.tenants.update(a.id, { externalIds: { clerk_org: 'org_a' } });
      await storage.withTenant(b.id, (scope) => scope.members.add({ userId: 'user_b', role: 'owner' }));
      await storage.withTenant(a.id, (scope) => scope.members.add({ userId: 'user_both', role: 'member' }));
      await storage.withTenant(b.id, (scope) => scope.members.add({ userId: 'user_both', role: 'member' }));
      const chain = createTenantResolver({
        resolvers: [impersonationResolver(), principalClaimResolver({ routing: storage.routing })],
        tenants: storage.tenants,
      });
      const principal = (userId: string, overrides: Partial<Principal> = {}): Principal => ({
        kind: 'user',
        userId,
        claims: {},
        isGlobalAdmin: false,
        ...overrides,
      });

      expect(await chain.resolve({ principal: principal('user_x', { organizationId: 'org_a' }) })).toMatchObject({
        tenantId: a.id,
      });
      expect(await chain.resolve({ principal: principal('user_b') })).toMatchObject({ tenantId: b.id });
      expect(await chain.resolve({ principal: principal('user_both') })).toMatchObject({
        outcome: 'refused',
        code: 'TENANT_REFUSED',
      });
      const headers = new Headers({ 'x-tenant-id': a.id });
      const forbidden = await rejectionOf(chain.require({ principal: principal('user_b'), headers }));
      expect(forbidden).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(await chain.resolve({ principal: principal('admin', { isGlobalAdmin: true }), headers })).toMatchObject({
        tenantId: a.id,
        source: 'impersonation',
      });
    });

    it('resolves a subdomain through the tenant slugs storage keeps', async () => {
      const chain = createTenantResolver({
        resolvers: [hostResolver({ baseDomain: 'nuvatra.test', routing: storage.routing })],
        tenants: storage.tenants,
      });
      expect(await chain.resolve({ url: new URL('https://clinic-b.nuvatra.test/') })).toMatchObject({
        tenantId: b.id,
      });
      expect(await chain.resolve({ url: new URL('https://clinic-z.nuvatra.test/') })).toMatchObject({
        outcome: 'refused',
        code: 'TENANT_NOT_RESOLVED',
      });
    });
  });
}
