import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../test-support/errors.js';
import { isNuvatraError } from '../errors/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import { createTenantResolver } from './chain.js';
import { fixedTenantResolver, impersonationResolver, principalClaimResolver } from './principal.js';
import type { Principal, ResolutionInput } from './types.js';

function tenant(id: string): Tenant {
  const at = '2025-01-01T00:00:00.000Z';
  return { id, slug: id, name: id, status: 'active', plan: 'free', externalIds: {}, createdAt: at, updatedAt: at };
}
const tenants = {
  byId: new Map(['acme', 'globex', 'initech'].map((id) => [id, tenant(id)])),
  async get(id: string) {
    return this.byId.get(id) ?? null;
  },
};

/** Stands in for `storage.routing`: external ids keyed `provider:id`, and each user's memberships. */
function routingOf(options: { externalIds?: Record<string, string>; memberships?: Record<string, string[]> } = {}) {
  const externalIds = new Map(Object.entries(options.externalIds ?? {}));
  const memberships = new Map(Object.entries(options.memberships ?? {}));
  return {
    async tenantIdByExternalId(provider: string, externalId: string) {
      return externalIds.get(`${provider}:${externalId}`) ?? null;
    },
    async tenantIdsForUser(userId: string) {
      return memberships.get(userId) ?? [];
    },
  };
}

function user(overrides: Partial<Principal> = {}): Principal {
  return { kind: 'user', userId: 'user_1', claims: {}, organizationId: null, isGlobalAdmin: false, ...overrides };
}

const withHeader = (value: string, name = 'X-Tenant-Id') => new Headers({ [name]: value });

describe('principalClaimResolver', () => {
  const resolveWith = (input: ResolutionInput, options: Parameters<typeof principalClaimResolver>[0]) =>
    principalClaimResolver(options).resolve(input);

  it('abstains when the request has no principal', async () => {
    expect(await resolveWith({}, { routing: routingOf() })).toMatchObject({ outcome: 'abstain' });
    expect(await resolveWith({ principal: null }, { routing: routingOf() })).toMatchObject({ outcome: 'abstain' });
  });

  it('reads the tenant from public_metadata.tenant_id by default', async () => {
    const principal = user({ claims: { public_metadata: { tenant_id: 'acme' } } });
    expect(await resolveWith({ principal }, { routing: routingOf() })).toEqual({
      outcome: 'resolved',
      tenantId: 'acme',
      reason: 'claim public_metadata.tenant_id of user_1',
    });
  });

  it('reads a custom dotted claim path and ignores the default one', async () => {
    const principal = user({
      claims: { public_metadata: { tenant_id: 'globex' }, app: { nuvatra: { tenant: 'acme' } } },
    });
    const answer = await resolveWith({ principal }, { routing: routingOf(), claim: 'app.nuvatra.tenant' });
    expect(answer).toMatchObject({ outcome: 'resolved', tenantId: 'acme' });
  });

  it('prefers the claim over the active organisation and the memberships', async () => {
    const principal = user({ claims: { public_metadata: { tenant_id: 'acme' } }, organizationId: 'org_globex' });
    const routing = routingOf({
      externalIds: { 'clerk_org:org_globex': 'globex' },
      memberships: { user_1: ['initech'] },
    });
    expect(await resolveWith({ principal }, { routing })).toMatchObject({ outcome: 'resolved', tenantId: 'acme' });
  });

  it.each([
    ['a number', 42],
    ['an object', { id: 'acme' }],
    ['an empty string', ''],
    ['a string with spaces', 'acme corp'],
    ['a string too long for an id', 'a'.repeat(65)],
  ])('refuses a claim that is %s with TENANT_REFUSED instead of looking elsewhere', async (_, value) => {
    const principal = user({ claims: { public_metadata: { tenant_id: value } } });
    const routing = routingOf({ memberships: { user_1: ['acme'] } });
    expect(await resolveWith({ principal }, { routing })).toMatchObject({ outcome: 'refuse', code: 'TENANT_REFUSED' });
  });

  it('treats a null claim, or a path through something that is not an object, as no claim', async () => {
    const routing = routingOf({ memberships: { user_1: ['acme'] } });
    for (const claims of [
      { public_metadata: { tenant_id: null } },
      { public_metadata: 'acme' },
      { public_metadata: null },
    ]) {
      const answer = await resolveWith({ principal: user({ claims }) }, { routing });
      expect(answer).toMatchObject({ outcome: 'resolved', tenantId: 'acme', reason: 'only membership of user_1' });
    }
  });

  it('maps the active organisation through the clerk_org external id by default', async () => {
    const routing = routingOf({ externalIds: { 'clerk_org:org_1': 'globex' } });
    const answer = await resolveWith({ principal: user({ organizationId: 'org_1' }) }, { routing });
    expect(answer).toEqual({ outcome: 'resolved', tenantId: 'globex', reason: 'organisation org_1' });
  });

  it('maps the active organisation through a custom external-id provider', async () => {
    const routing = routingOf({ externalIds: { 'clerk_org:org_1': 'globex', 'workos_org:org_1': 'initech' } });
    const answer = await resolveWith(
      { principal: user({ organizationId: 'org_1' }) },
      { routing, organizationProvider: 'workos_org' },
    );
    expect(answer).toMatchObject({ outcome: 'resolved', tenantId: 'initech' });
  });

  it('refuses an organisation linked to no tenant, even when the user has exactly one membership', async () => {
    const routing = routingOf({ memberships: { user_1: ['acme'] } });
    const answer = await resolveWith({ principal: user({ organizationId: 'org_unknown' }) }, { routing });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'TENANT_REFUSED' });
    expect(answer.reason).toContain('org_unknown');
  });

  it('resolves the only tenant of a user without claim or organisation', async () => {
    const routing = routingOf({ memberships: { user_1: ['initech'] } });
    expect(await resolveWith({ principal: user() }, { routing })).toEqual({
      outcome: 'resolved',
      tenantId: 'initech',
      reason: 'only membership of user_1',
    });
  });

  it('refuses a user of several tenants without claim or organisation rather than guessing one', async () => {
    const routing = routingOf({ memberships: { user_1: ['acme', 'globex'] } });
    const answer = await resolveWith({ principal: user() }, { routing });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'TENANT_REFUSED' });
    expect(answer).not.toHaveProperty('tenantId');
  });

  it('abstains for a user who belongs to no tenant', async () => {
    expect(await resolveWith({ principal: user() }, { routing: routingOf() })).toMatchObject({ outcome: 'abstain' });
  });
});

describe('impersonationResolver', () => {
  const admin = user({ userId: 'admin_1', isGlobalAdmin: true });

  it('abstains when the header is absent, even for a global admin', async () => {
    const resolver = impersonationResolver();
    expect(await resolver.resolve({ principal: admin })).toMatchObject({ outcome: 'abstain' });
    expect(await resolver.resolve({ principal: admin, headers: new Headers() })).toMatchObject({ outcome: 'abstain' });
  });

  it('honours X-Tenant-Id for a global admin, whatever the header case', async () => {
    const answer = await impersonationResolver().resolve({
      principal: admin,
      headers: withHeader('acme', 'x-TENANT-id'),
    });
    expect(answer).toEqual({ outcome: 'resolved', tenantId: 'acme', reason: 'global admin admin_1 impersonates' });
  });

  it('refuses a signed-in user who is not a global admin with FORBIDDEN', async () => {
    const answer = await impersonationResolver().resolve({ principal: user(), headers: withHeader('acme') });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'FORBIDDEN' });
    expect(answer.reason).toContain('user_1');
  });

  it('refuses the header without a principal with UNAUTHENTICATED', async () => {
    const answer = await impersonationResolver().resolve({ headers: withHeader('acme') });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'UNAUTHENTICATED' });
  });

  it.each(['', '   ', 'acme corp', '../acme'])(
    'refuses a global admin whose header %j is not a tenant id with VALIDATION_FAILED',
    async (value) => {
      const answer = await impersonationResolver().resolve({ principal: admin, headers: withHeader(value) });
      expect(answer).toMatchObject({ outcome: 'refuse', code: 'VALIDATION_FAILED' });
    },
  );

  it('reads a custom header and ignores X-Tenant-Id then', async () => {
    const resolver = impersonationResolver({ header: 'x-acting-tenant' });
    expect(await resolver.resolve({ principal: user(), headers: withHeader('acme') })).toMatchObject({
      outcome: 'abstain',
    });
    expect(
      await resolver.resolve({ principal: admin, headers: withHeader('globex', 'X-Acting-Tenant') }),
    ).toMatchObject({
      outcome: 'resolved',
      tenantId: 'globex',
    });
  });

  describe('ahead of principalClaimResolver in a chain', () => {
    const routing = routingOf({ memberships: { user_1: ['acme'], admin_1: ['acme'] } });
    const chain = createTenantResolver({
      resolvers: [impersonationResolver(), principalClaimResolver({ routing })],
      tenants,
    });

    it('lets a global admin act in the named tenant instead of their own', async () => {
      const resolution = await chain.require({ principal: admin, headers: withHeader('globex') });
      expect(resolution).toMatchObject({ tenantId: 'globex', source: 'impersonation' });
    });

    it('answers a non-admin who sends the header with a 403 FORBIDDEN, not with their own tenant', async () => {
      const error = await rejectionOf(chain.require({ principal: user(), headers: withHeader('globex') }));
      expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    });

    it('resolves a non-admin without the header through their membership', async () => {
      const resolution = await chain.require({ principal: user(), headers: new Headers() });
      expect(resolution).toMatchObject({ tenantId: 'acme', source: 'principal-claim' });
      expect(resolution.trace.map((entry) => entry.outcome)).toEqual(['abstain', 'resolved']);
    });
  });
});

describe('fixedTenantResolver', () => {
  it('resolves every request, even an empty one, to the configured tenant', async () => {
    const resolver = fixedTenantResolver('acme');
    expect(await resolver.resolve({})).toEqual({ outcome: 'resolved', tenantId: 'acme', reason: 'single-tenant mode' });
    expect(
      await resolver.resolve({ principal: user({ claims: { public_metadata: { tenant_id: 'globex' } } }) }),
    ).toMatchObject({
      tenantId: 'acme',
    });
  });

  it.each(['', 'acme corp', 'a'.repeat(65)])('refuses %j as a tenant id with CONFIG_INVALID when built', (id) => {
    let thrown: unknown;
    try {
      fixedTenantResolver(id);
    } catch (error) {
      thrown = error;
    }
    expect(isNuvatraError(thrown, 'CONFIG_INVALID')).toBe(true);
  });

  it('is refused with TENANT_NOT_FOUND (404) by the chain when the configured tenant does not exist', async () => {
    const chain = createTenantResolver({ resolvers: [fixedTenantResolver('ghost')], tenants });
    const error = await rejectionOf(chain.require({}));
    expect(error).toMatchObject({ code: 'TENANT_NOT_FOUND', status: 404 });
  });
});
