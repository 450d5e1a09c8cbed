import { describe, expect, it } from 'vitest';
import { createTestApp, seedTwoTenants } from './app.js';

describe('shared assistant numbers', () => {
  it('are registered, listed and removed by global admins only', async () => {
    const app = await createTestApp();
    await seedTwoTenants(app);
    const add = await app.request('POST', '/api/admin/shared-numbers', {
      body: { number: '+1 555 999 9999', provider: 'twilio', label: 'Clinics' },
    });
    expect(add.status).toBe(201);
    expect(await add.json()).toMatchObject({ e164: '+15559999999', label: 'Clinics' });
    const list = await app.request('GET', '/api/admin/shared-numbers');
    expect(((await list.json()) as { items: Array<{ e164: string }> }).items.map((n) => n.e164)).toEqual([
      '+15559999999',
    ]);

    expect((await app.request('GET', '/api/admin/shared-numbers', { as: 'alice' })).status).toBe(403);
    expect(
      (await app.request('POST', '/api/admin/shared-numbers', { as: 'alice', body: { number: '+15558888888' } }))
        .status,
    ).toBe(403);

    // A tenant cannot take a shared number as its own, and a tenant's number cannot be shared.
    const own = await app.request('POST', '/api/phone-numbers', {
      as: 'alice',
      body: { e164: '+15559999999', kind: 'owned' },
    });
    expect(own.status).toBe(409);
    const taken = await app.request('POST', '/api/admin/shared-numbers', { body: { number: '+15550100001' } });
    expect(taken.status).toBe(409);

    expect((await app.request('DELETE', '/api/admin/shared-numbers/%2B15559999999')).status).toBe(204);
    expect((await app.request('DELETE', '/api/admin/shared-numbers/%2B15559999999')).status).toBe(404);
  });

  it('let tenants register lines as { e164, kind } as well as { number, kind }', async () => {
    const app = await createTestApp();
    await seedTwoTenants(app);
    const forwarding = await app.request('POST', '/api/phone-numbers', {
      as: 'alice',
      body: { e164: '+15550107777', kind: 'forwarding' },
    });
    expect(forwarding.status).toBe(201);
    const both = await app.request('POST', '/api/phone-numbers', {
      as: 'alice',
      body: { e164: '+15550107778', number: '+15550107778', kind: 'forwarding' },
    });
    expect(both.status).toBe(400);
  });

  it('show refused calls to admins in GET /api/admin/unrouted, newest first', async () => {
    const app = await createTestApp();
    await app.storage.unrouted.record({
      provider: 'twilio',
      channel: 'voice',
      to: '+15559999999',
      code: 'TENANT_NOT_RESOLVED',
      reason: '+15559999999 is shared and the call names no forwarding line',
      providerEventId: `CA${'f'.repeat(32)}`,
    });
    const response = await app.request('GET', '/api/admin/unrouted');
    expect(((await response.json()) as { items: Array<{ code: string }> }).items).toEqual([
      expect.objectContaining({ code: 'TENANT_NOT_RESOLVED', to: '+15559999999' }),
    ]);
    expect((await app.request('GET', '/api/admin/unrouted', { as: 'alice' })).status).toBe(403);
  });
});
