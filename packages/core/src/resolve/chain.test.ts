import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../test-support/errors.js';
import { isNuvatraError } from '../errors/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import { createTenantResolver } from './chain.js';
import type { ResolverAnswer, TenantResolver } from './types.js';

function tenant(id: string, status: Tenant['status'] = 'active'): Tenant {
  const at = '2025-01-01T00:00:00.000Z';
  return { id, slug: id, name: id, status, plan: 'free', externalIds: {}, createdAt: at, updatedAt: at };
}

/** Stands in for `storage.tenants`: a Map, and a log of every id the chain looked up. */
function tenantsOf(...list: Tenant[]) {
  const byId = new Map(list.map((t) => [t.id, t]));
  const lookups: string[] = [];
  return {
    lookups,
    async get(id: string) {
      lookups.push(id);
      return byId.get(id) ?? null;
    },
  };
}

/** A resolver that always gives `answer` and records that it was asked, into `asked`. */
function answering(name: string, answer: ResolverAnswer, asked: string[] = []): TenantResolver {
  return {
    name,
    async resolve() {
      asked.push(name);
      return answer;
    },
  };
}

const abstain = (reason = 'not mine'): ResolverAnswer => ({ outcome: 'abstain', reason });
const resolved = (tenantId: string, reason = 'proved'): ResolverAnswer => ({ outcome: 'resolved', tenantId, reason });

describe('createTenantResolver', () => {
  it('refuses to be built without resolvers, with CONFIG_INVALID', () => {
    let thrown: unknown;
    try {
      createTenantResolver({ resolvers: [], tenants: tenantsOf() });
    } catch (error) {
      thrown = error;
    }
    expect(isNuvatraError(thrown, 'CONFIG_INVALID')).toBe(true);
  });

  it('asks resolvers in the given order, each after the previous one answered', async () => {
    const log: string[] = [];
    const slow = (name: string): TenantResolver => ({
      name,
      async resolve() {
        log.push(`${name} start`);
        await Promise.resolve();
        await Promise.resolve();
        log.push(`${name} end`);
        return abstain();
      },
    });
    const chain = createTenantResolver({
      resolvers: [slow('first'), slow('second'), answering('third', resolved('acme'), log)],
      tenants: tenantsOf(tenant('acme')),
    });
    await chain.resolve({});
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end', 'third']);
  });

  it('lets the first resolved answer win and asks no resolver after it', async () => {
    const asked: string[] = [];
    const chain = createTenantResolver({
      resolvers: [
        answering('a', abstain('no principal'), asked),
        answering('b', resolved('acme', 'claim of user_1'), asked),
        answering('c', resolved('globex'), asked),
      ],
      tenants: tenantsOf(tenant('acme'), tenant('globex')),
    });
    const resolution = await chain.resolve({});
    expect(asked).toEqual(['a', 'b']);
    expect(resolution).toEqual({
      outcome: 'resolved',
      tenantId: 'acme',
      tenant: tenant('acme'),
      source: 'b',
      reason: 'claim of user_1',
      trace: [
        { resolver: 'a', outcome: 'abstain', reason: 'no principal' },
        { resolver: 'b', outcome: 'resolved', reason: 'claim of user_1' },
      ],
    });
  });

  it('stops at a refusal: later resolvers are not asked even if they would resolve', async () => {
    const asked: string[] = [];
    const tenants = tenantsOf(tenant('acme'));
    const chain = createTenantResolver({
      resolvers: [
        answering('impersonation', { outcome: 'refuse', code: 'FORBIDDEN', reason: 'not an admin' }, asked),
        answering('principal-claim', resolved('acme'), asked),
      ],
      tenants,
    });
    const resolution = await chain.resolve({});
    expect(asked).toEqual(['impersonation']);
    expect(tenants.lookups).toEqual([]);
    expect(resolution).toEqual({
      outcome: 'refused',
      code: 'FORBIDDEN',
      reason: 'not an admin',
      source: 'impersonation',
      trace: [{ resolver: 'impersonation', outcome: 'refuse', reason: 'not an admin' }],
    });
  });

  it('passes on the tenant id a refusing resolver names', async () => {
    const chain = createTenantResolver({
      resolvers: [answering('r', { outcome: 'refuse', code: 'TENANT_REFUSED', reason: 'no', tenantId: 'acme' })],
      tenants: tenantsOf(),
    });
    expect(await chain.resolve({})).toMatchObject({ outcome: 'refused', tenantId: 'acme' });
  });

  it('answers unresolved with every resolver in the trace when all abstain, and never picks a tenant', async () => {
    const tenants = tenantsOf(tenant('acme'));
    const chain = createTenantResolver({
      resolvers: [answering('a', abstain('no principal')), answering('b', abstain('no header'))],
      tenants,
    });
    expect(await chain.resolve({})).toEqual({
      outcome: 'unresolved',
      reason: 'no resolver recognised the request',
      trace: [
        { resolver: 'a', outcome: 'abstain', reason: 'no principal' },
        { resolver: 'b', outcome: 'abstain', reason: 'no header' },
      ],
    });
    expect(tenants.lookups).toEqual([]);
  });

  it('refuses a resolved tenant that does not exist with TENANT_NOT_FOUND and asks no later resolver', async () => {
    const asked: string[] = [];
    const chain = createTenantResolver({
      resolvers: [
        answering('claim', resolved('ghost', 'claim of user_1'), asked),
        answering('later', resolved('acme'), asked),
      ],
      tenants: tenantsOf(tenant('acme')),
    });
    const resolution = await chain.resolve({});
    expect(asked).toEqual(['claim']);
    expect(resolution).toMatchObject({ outcome: 'refused', code: 'TENANT_NOT_FOUND', source: 'claim' });
    expect(resolution).not.toHaveProperty('tenantId');
    expect(resolution.reason).toContain('"ghost"');
    expect(resolution.trace).toEqual([{ resolver: 'claim', outcome: 'resolved', reason: 'claim of user_1' }]);
  });

  it('refuses a suspended tenant with TENANT_SUSPENDED and names its id for the audit', async () => {
    const chain = createTenantResolver({
      resolvers: [answering('number', resolved('acme', '+15551111111 is owned'))],
      tenants: tenantsOf(tenant('acme', 'suspended')),
    });
    const resolution = await chain.resolve({});
    expect(resolution).toMatchObject({
      outcome: 'refused',
      code: 'TENANT_SUSPENDED',
      source: 'number',
      tenantId: 'acme',
    });
    expect(resolution.reason).toContain('suspended');
  });

  it('lets an error thrown by a resolver propagate instead of moving on to the next resolver', async () => {
    const broken: TenantResolver = {
      name: 'broken',
      resolve() {
        throw new Error('routing table unavailable');
      },
    };
    const chain = createTenantResolver({
      resolvers: [broken, answering('fallback', resolved('acme'))],
      tenants: tenantsOf(tenant('acme')),
    });
    await expect(chain.resolve({})).rejects.toThrow('routing table unavailable');
  });

  it('keeps its own copy of the resolver list, so changing the array later changes nothing', async () => {
    const resolvers = [answering('a', abstain())];
    const chain = createTenantResolver({ resolvers, tenants: tenantsOf(tenant('acme')) });
    resolvers.push(answering('b', resolved('acme')));
    expect(await chain.resolve({})).toMatchObject({ outcome: 'unresolved' });
  });

  describe('require', () => {
    it('returns the resolution when a tenant is resolved', async () => {
      const chain = createTenantResolver({
        resolvers: [answering('fixed', resolved('acme'))],
        tenants: tenantsOf(tenant('acme')),
      });
      expect(await chain.require({})).toMatchObject({ outcome: 'resolved', tenantId: 'acme', source: 'fixed' });
    });

    it('throws TENANT_NOT_RESOLVED (401) when every resolver abstains', async () => {
      const chain = createTenantResolver({ resolvers: [answering('a', abstain())], tenants: tenantsOf() });
      const error = await rejectionOf(chain.require({}));
      expect(error).toMatchObject({ code: 'TENANT_NOT_RESOLVED', status: 401 });
    });

    it('throws TENANT_NOT_FOUND (404) when the resolved tenant does not exist', async () => {
      const chain = createTenantResolver({ resolvers: [answering('a', resolved('ghost'))], tenants: tenantsOf() });
      const error = await rejectionOf(chain.require({}));
      expect(error).toMatchObject({ code: 'TENANT_NOT_FOUND', status: 404 });
    });

    it('throws TENANT_SUSPENDED (403) for a suspended tenant', async () => {
      const chain = createTenantResolver({
        resolvers: [answering('a', resolved('acme'))],
        tenants: tenantsOf(tenant('acme', 'suspended')),
      });
      const error = await rejectionOf(chain.require({}));
      expect(error).toMatchObject({ code: 'TENANT_SUSPENDED', status: 403 });
    });

    it.each([
      ['FORBIDDEN', 403],
      ['UNAUTHENTICATED', 401],
      ['TENANT_REFUSED', 403],
      ['INVALID_PHONE_NUMBER', 400],
      ['TOKEN_EXPIRED', 401],
    ] as const)('throws the %s (%i) a resolver refused with, naming that resolver', async (code, status) => {
      const chain = createTenantResolver({
        resolvers: [answering('strict', { outcome: 'refuse', code, reason: 'because' })],
        tenants: tenantsOf(),
      });
      const error = await rejectionOf(chain.require({}));
      expect(error).toMatchObject({ code, status });
      expect(error.message).toContain('strict');
    });
  });
});
