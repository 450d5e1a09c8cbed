import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../test-support/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import { createTenantResolver } from './chain.js';
import { calledNumberResolver, forwardingNumberResolver } from './channel.js';
import type { ChannelAddress, TenantResolver } from './types.js';

function tenant(id: string): Tenant {
  const at = '2025-01-01T00:00:00.000Z';
  return { id, slug: id, name: id, status: 'active', plan: 'free', externalIds: {}, createdAt: at, updatedAt: at };
}
const tenants = {
  byId: new Map(['clinic-a', 'clinic-b'].map((id) => [id, tenant(id)])),
  async get(id: string) {
    return this.byId.get(id) ?? null;
  },
};

const OWNED_BY_A = '+15551111111';
const OWNED_BY_B = '+15552222222';
const FORWARDING_OF_A = '+15553333333';
const FORWARDING_OF_B = '+15554444444';
const SHARED = '+15559999999';

/** Stands in for `storage.routing`, keyed by E.164 as storage keys it. */
const routing = {
  owned: new Map([
    [OWNED_BY_A, 'clinic-a'],
    [OWNED_BY_B, 'clinic-b'],
  ]),
  forwarding: new Map([
    [FORWARDING_OF_A, 'clinic-a'],
    [FORWARDING_OF_B, 'clinic-b'],
  ]),
  shared: new Set([SHARED]),
  async tenantIdByNumber(e164: string, kind: 'owned' | 'forwarding') {
    return (kind === 'owned' ? this.owned : this.forwarding).get(e164) ?? null;
  },
  async isSharedNumber(e164: string) {
    return this.shared.has(e164);
  },
};

const called = calledNumberResolver({ routing });
const forwarding = forwardingNumberResolver({ routing });
const answerOf = (resolver: TenantResolver, channel: ChannelAddress | null | undefined) =>
  resolver.resolve({ channel });

describe('calledNumberResolver', () => {
  it('abstains when the request is not a call or message', async () => {
    expect(await answerOf(called, undefined)).toMatchObject({ outcome: 'abstain' });
    expect(await answerOf(called, null)).toMatchObject({ outcome: 'abstain' });
  });

  it.each([
    { to: '+1 (555) 111-1111' },
    { to: '15551111111', region: 'US' },
    { to: '(555) 111-1111', region: 'US' },
    { to: '+15551111111' },
    { to: 'tel:+15551111111' },
  ])('resolves $to (region $region) to the tenant that owns +15551111111', async (channel) => {
    expect(await answerOf(called, channel)).toEqual({
      outcome: 'resolved',
      tenantId: 'clinic-a',
      reason: '+15551111111 is owned',
    });
  });

  it('refuses a national number without a region rather than guessing a country', async () => {
    expect(await answerOf(called, { to: '15551111111' })).toMatchObject({
      outcome: 'refuse',
      code: 'INVALID_PHONE_NUMBER',
    });
  });

  it.each(['not a number', '+1555', '', '+15551111111abc', '555-0100 ext 5'])(
    'refuses %j with INVALID_PHONE_NUMBER instead of throwing',
    async (to) => {
      expect(await answerOf(called, { to })).toMatchObject({ outcome: 'refuse', code: 'INVALID_PHONE_NUMBER' });
    },
  );

  it('refuses a called number that is not a string, as a payload cast too loosely would carry, without throwing', async () => {
    const channel = { to: undefined } as unknown as ChannelAddress;
    expect(await answerOf(called, channel)).toMatchObject({ outcome: 'refuse', code: 'INVALID_PHONE_NUMBER' });
  });

  it('refuses an E.164 number with an unsupported region rather than ignoring the region', async () => {
    expect(await answerOf(called, { to: OWNED_BY_A, region: 'ZZ' })).toMatchObject({
      outcome: 'refuse',
      code: 'INVALID_PHONE_NUMBER',
    });
  });

  it('refuses a number nobody registered with TENANT_NOT_RESOLVED', async () => {
    expect(await answerOf(called, { to: '+15550000000' })).toMatchObject({
      outcome: 'refuse',
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('does not resolve a call to a number registered only as a forwarding line', async () => {
    expect(await answerOf(called, { to: FORWARDING_OF_A })).toMatchObject({
      outcome: 'refuse',
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('abstains on a shared number, even with a forwarding line, leaving it to forwardingNumberResolver', async () => {
    expect(await answerOf(called, { to: SHARED, forwardedFrom: FORWARDING_OF_A })).toMatchObject({
      outcome: 'abstain',
    });
  });
});

describe('forwardingNumberResolver', () => {
  it('abstains when the request is not a call or message', async () => {
    expect(await answerOf(forwarding, null)).toMatchObject({ outcome: 'abstain' });
  });

  it('abstains on a number that is not shared, and on a called number that is not a number', async () => {
    expect(await answerOf(forwarding, { to: OWNED_BY_A, forwardedFrom: FORWARDING_OF_B })).toMatchObject({
      outcome: 'abstain',
    });
    expect(await answerOf(forwarding, { to: 'garbage', forwardedFrom: FORWARDING_OF_B })).toMatchObject({
      outcome: 'abstain',
    });
  });

  it('resolves a call to the shared number to the tenant whose forwarding line it came from', async () => {
    expect(await answerOf(forwarding, { to: SHARED, forwardedFrom: FORWARDING_OF_A })).toEqual({
      outcome: 'resolved',
      tenantId: 'clinic-a',
      reason: `${SHARED} forwarded from ${FORWARDING_OF_A}`,
    });
    expect(await answerOf(forwarding, { to: SHARED, forwardedFrom: FORWARDING_OF_B })).toMatchObject({
      tenantId: 'clinic-b',
    });
  });

  it('reads both numbers in national format with the region', async () => {
    const answer = await answerOf(forwarding, { to: '(555) 999-9999', forwardedFrom: '555.333.3333', region: 'US' });
    expect(answer).toMatchObject({ outcome: 'resolved', tenantId: 'clinic-a' });
  });

  it.each([undefined, null, ''])(
    'refuses a call to the shared number whose forwarding line is %j with TENANT_NOT_RESOLVED',
    async (forwardedFrom) => {
      expect(await answerOf(forwarding, { to: SHARED, forwardedFrom })).toMatchObject({
        outcome: 'refuse',
        code: 'TENANT_NOT_RESOLVED',
      });
    },
  );

  it('refuses a forwarding line nobody registered with TENANT_NOT_RESOLVED', async () => {
    expect(await answerOf(forwarding, { to: SHARED, forwardedFrom: '+15550000000' })).toMatchObject({
      outcome: 'refuse',
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('does not accept a tenant owned number as its forwarding line', async () => {
    expect(await answerOf(forwarding, { to: SHARED, forwardedFrom: OWNED_BY_A })).toMatchObject({
      outcome: 'refuse',
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('refuses a forwarding line that is not a phone number with INVALID_PHONE_NUMBER', async () => {
    expect(await answerOf(forwarding, { to: SHARED, forwardedFrom: 'anonymous' })).toMatchObject({
      outcome: 'refuse',
      code: 'INVALID_PHONE_NUMBER',
    });
  });
});

describe('the channel resolvers in one chain', () => {
  const orders = {
    'called number first': [called, forwarding],
    'forwarding number first': [forwarding, called],
  };

  for (const [order, resolvers] of Object.entries(orders)) {
    describe(order, () => {
      const chain = createTenantResolver({ resolvers, tenants });

      it('resolves an owned number and a forwarded call to the shared number to their own tenants', async () => {
        expect(await chain.require({ channel: { to: '+1 (555) 222-2222' } })).toMatchObject({
          tenantId: 'clinic-b',
          source: 'called-number',
        });
        expect(await chain.require({ channel: { to: SHARED, forwardedFrom: FORWARDING_OF_A } })).toMatchObject({
          tenantId: 'clinic-a',
          source: 'forwarding-number',
        });
      });

      it('answers a call to the shared number without a forwarding line with 401 TENANT_NOT_RESOLVED, never a default', async () => {
        const resolution = await chain.resolve({ channel: { to: SHARED } });
        expect(resolution).toMatchObject({
          outcome: 'refused',
          code: 'TENANT_NOT_RESOLVED',
          source: 'forwarding-number',
        });
        const error = await rejectionOf(chain.require({ channel: { to: SHARED } }));
        expect(error).toMatchObject({ code: 'TENANT_NOT_RESOLVED', status: 401 });
      });

      it('answers a called number that is not a phone number with 400 INVALID_PHONE_NUMBER', async () => {
        const error = await rejectionOf(chain.require({ channel: { to: 'garbage' } }));
        expect(error).toMatchObject({ code: 'INVALID_PHONE_NUMBER', status: 400 });
      });

      it('answers unresolved when the request is not a call at all', async () => {
        expect(await chain.resolve({})).toMatchObject({ outcome: 'unresolved' });
      });
    });
  }
});

describe('routing reads per resolution', () => {
  function counting(withNumberRoute: boolean) {
    const calls: string[] = [];
    const counted = {
      async tenantIdByNumber(e164: string, kind: 'owned' | 'forwarding') {
        calls.push(`tenantIdByNumber ${kind}`);
        return routing.tenantIdByNumber(e164, kind);
      },
      async isSharedNumber(e164: string) {
        calls.push('isSharedNumber');
        return routing.isSharedNumber(e164);
      },
      ...(withNumberRoute
        ? {
            async numberRoute(e164: string) {
              calls.push('numberRoute');
              return { shared: routing.shared.has(e164), owner: routing.owned.get(e164) ?? null };
            },
          }
        : {}),
    };
    const chain = createTenantResolver({
      resolvers: [forwardingNumberResolver({ routing: counted }), calledNumberResolver({ routing: counted })],
      tenants,
    });
    return { chain, calls };
  }

  it('asks about the called number once per resolution, in one read when the storage answers both questions', async () => {
    const { chain, calls } = counting(true);
    expect(await chain.require({ channel: { to: OWNED_BY_A } })).toMatchObject({ tenantId: 'clinic-a' });
    expect(calls).toEqual(['numberRoute']);
    // A second resolution reads afresh: nothing is kept between resolutions.
    routing.owned.set(OWNED_BY_A, 'clinic-b');
    try {
      expect(await chain.require({ channel: { to: OWNED_BY_A } })).toMatchObject({ tenantId: 'clinic-b' });
    } finally {
      routing.owned.set(OWNED_BY_A, 'clinic-a');
    }
    expect(calls).toEqual(['numberRoute', 'numberRoute']);
  });

  it('falls back to one isSharedNumber and one owner lookup for a storage without numberRoute', async () => {
    const { chain, calls } = counting(false);
    expect(await chain.require({ channel: { to: OWNED_BY_B } })).toMatchObject({ tenantId: 'clinic-b' });
    expect(calls.sort()).toEqual(['isSharedNumber', 'tenantIdByNumber owned']);
  });
});
