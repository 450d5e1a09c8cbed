import { type AuthProvider, createDevAuth, type Principal } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { createTestApp, seedTwoTenants } from './app.js';

/** Development sign-in, plus a support agent `agent_7` acting as whoever `X-Act-As` names (like Clerk's `act`). */
const actingAuth: AuthProvider = {
  name: 'acting',
  async authenticate(request) {
    const asUser = request.headers.get('x-act-as');
    if (!asUser) return null;
    const principal: Principal = {
      kind: 'user',
      userId: asUser,
      claims: {},
      actor: { userId: 'agent_7' },
      isGlobalAdmin: false,
    };
    return principal;
  },
};

describe('self-serve sign-up (POST /api/signup/complete)', () => {
  it('gives a signed-in user with no tenant one of their own, once', async () => {
    const app = await createTestApp({ selfServeSignup: true });
    const first = await app.request('POST', '/api/signup/complete', { as: 'newcomer', body: { name: 'Splash Swim' } });
    expect(first.status).toBe(201);
    const { tenant } = (await first.json()) as { tenant: { id: string; name: string } };
    expect(tenant.name).toBe('Splash Swim');
    const again = await app.request('POST', '/api/signup/complete', { as: 'newcomer', body: { name: 'Splash Swim' } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { tenant: { id: string } }).tenant.id).toBe(tenant.id);
    const me = (await (await app.request('GET', '/api/me', { as: 'newcomer' })).json()) as { role: string };
    expect(me.role).toBe('owner');
    expect(
      ((await (await app.request('GET', '/api/admin/tenants')).json()) as { items: unknown[] }).items,
    ).toHaveLength(1);
  });

  it('is not there unless turned on', async () => {
    const app = await createTestApp();
    expect((await app.request('POST', '/api/signup/complete', { as: 'newcomer', body: { name: 'x' } })).status).toBe(
      404,
    );
  });
});

describe('invitations through the admin API', () => {
  function invitingApp() {
    const sent: Array<{ tenantId: string; email: string; role: string }> = [];
    const revoked: string[] = [];
    const inviting: AuthProvider = {
      name: 'inviting',
      authenticate: async () => null,
      async invite(input) {
        sent.push(input);
        return { id: `inv_${sent.length}` };
      },
      async revokeInvitation(id) {
        revoked.push(id);
      },
    };
    return { sent, revoked, inviting };
  }

  it('sends one again for an existing tenant, revokes one, and refuses a tenant that does not exist', async () => {
    const { sent, revoked, inviting } = invitingApp();
    const app = await createTestApp({ auth: [inviting, createDevAuth({ nodeEnv: 'test' })] });
    const seeded = await seedTwoTenants(app);
    const resend = await app.request('POST', `/api/admin/tenants/${seeded.sunrise.id}/invitations`, {
      body: { email: 'owner@sunrise.example' },
    });
    expect(resend.status).toBe(201);
    expect(sent).toEqual([{ tenantId: seeded.sunrise.id, email: 'owner@sunrise.example', role: 'owner' }]);
    const missing = await app.request('POST', '/api/admin/tenants/ten_missing/invitations', {
      body: { email: 'x@example.com' },
    });
    expect(missing.status).toBe(404);
    expect(sent).toHaveLength(1);
    expect((await app.request('DELETE', '/api/admin/invitations/inv_1')).status).toBe(204);
    expect(revoked).toEqual(['inv_1']);
    expect((await app.request('DELETE', '/api/admin/invitations/inv_1', { as: 'alice' })).status).toBe(403);
  });
});

describe('a session in which someone acts as a user', () => {
  it('writes every write it makes to the tenant’s audit log with the actor, and no read', async () => {
    const app = await createTestApp({ auth: [actingAuth, createDevAuth({ nodeEnv: 'test' })] });
    const seeded = await seedTwoTenants(app);
    await app.request('GET', '/api/intents', { as: null, headers: { 'x-act-as': 'alice' } });
    const write = await app.request('POST', '/api/intents', {
      as: null,
      headers: { 'x-act-as': 'alice' },
      body: { name: 'parking', responses: { en: 'Parking is behind the clinic.' } },
    });
    expect(write.status).toBe(201);
    const audit = (await (await app.request('GET', `/api/admin/audit?tenantId=${seeded.sunrise.id}`)).json()) as {
      items: Array<{ action: string; actor: { id: string }; target: string; detail: Record<string, unknown> }>;
    };
    expect(audit.items.filter((event) => event.action === 'session.impersonated_write')).toEqual([
      expect.objectContaining({
        actor: { type: 'user', id: 'agent_7' },
        target: 'POST /api/intents',
        detail: { asUser: 'alice' },
      }),
    ]);
  });
});
