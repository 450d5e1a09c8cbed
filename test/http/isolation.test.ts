import { beforeEach, describe, expect, it } from 'vitest';
import { adminApiKey, createTestApp, seedTwoTenants, type TestApp } from './app.js';

let app: TestApp;
let seeded: Awaited<ReturnType<typeof seedTwoTenants>>;
beforeEach(async () => {
  app = await createTestApp();
  seeded = await seedTwoTenants(app);
});

const body = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe('the dashboard API answers each user with their own tenant only', () => {
  const lists = [
    '/api/calls',
    '/api/intents',
    '/api/phone-numbers',
    '/api/conversations',
    '/api/appointments',
  ] as const;

  it.each(lists)('%s lists only the caller’s rows', async (path) => {
    for (const [user, own] of [
      ['alice', seeded.sunrise.id],
      ['bob', seeded.harbor.id],
    ] as const) {
      const response = await app.request('GET', path, { as: user });
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: Array<{ tenantId: string }> };
      for (const item of items) expect(item.tenantId).toBe(own);
    }
  });

  it("filters the call log by outcome and status inside the user's own tenant only", async () => {
    const [first] = seeded.sunrise.calls;
    await app.storage.withTenant(seeded.sunrise.id, (scope) =>
      scope.calls.update(first?.id ?? '', { outcome: 'message taken', status: 'no-answer' }),
    );
    const ids = async (path: string, as: string) =>
      ((await body(await app.request('GET', path, { as }))) as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(await ids('/api/calls?outcome=message%20taken', 'alice')).toEqual([first?.id]);
    expect(await ids('/api/calls?status=no-answer', 'alice')).toEqual([first?.id]);
    expect(await ids('/api/calls?outcome=booked', 'alice')).toHaveLength(2);
    expect(await ids('/api/calls?outcome=message%20taken', 'bob')).toEqual([]);
    expect((await app.request('GET', '/api/calls?status=lost', { as: 'alice' })).status).toBe(400);
  });

  it('shows each user their own calls, profile, working hours, prompt, stats and subscription', async () => {
    const calls = (await body(await app.request('GET', '/api/calls', { as: 'alice' }))) as {
      items: Array<{ id: string; transcript?: string }>;
    };
    expect(calls.items.map((call) => call.id).sort()).toEqual(seeded.sunrise.calls.map((call) => call.id).sort());
    expect(calls.items[0]).not.toHaveProperty('transcript');
    expect(await body(await app.request('GET', '/api/profile', { as: 'alice' }))).toMatchObject({
      businessProfile: { name: 'Sunrise Dental' },
      timezone: 'America/New_York',
    });
    expect((await app.request('GET', '/api/working-hours', { as: 'bob' })).status).toBe(200);
    expect(await body(await app.request('GET', '/api/stats', { as: 'bob' }))).toMatchObject({ totalCalls: 3 });
    expect(await body(await app.request('GET', '/api/subscription', { as: 'bob' }))).toEqual({
      plan: 'free',
      status: 'active',
    });
    expect(await body(await app.request('GET', '/api/me', { as: 'alice' }))).toMatchObject({
      user: { id: 'alice', isGlobalAdmin: false },
      tenant: { slug: 'sunrise-dental' },
      role: 'owner',
      impersonating: false,
    });
  });

  it('answers 404 for another tenant’s ids, and changes nothing of theirs', async () => {
    const theirs = seeded.harbor;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/calls/${theirs.calls[0]?.id}`],
      ['PUT', `/api/intents/${theirs.intent.id}`, { description: 'hijacked' }],
      ['DELETE', `/api/intents/${theirs.intent.id}`],
      ['GET', `/api/conversations/${theirs.conversation.id}/messages`],
    ];
    const numbers = (await body(await app.request('GET', '/api/phone-numbers', { as: 'bob' }))) as {
      items: Array<{ id: string }>;
    };
    attempts.push(['DELETE', `/api/phone-numbers/${numbers.items[0]?.id}`]);
    for (const [method, path, payload] of attempts) {
      const response = await app.request(method, path, { as: 'alice', body: payload });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await body(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    const intents = (await body(await app.request('GET', '/api/intents', { as: 'bob' }))) as {
      items: Array<{ description: string }>;
    };
    expect(intents.items).toEqual([expect.objectContaining({ description: '' })]);
    expect((await body(await app.request('GET', '/api/phone-numbers', { as: 'bob' }))).items).toHaveLength(1);
  });

  it('refuses a number registered by another tenant with 409 and keeps theirs', async () => {
    const response = await app.request('POST', '/api/phone-numbers', {
      as: 'bob',
      body: { number: '(555) 010-0001', region: 'US', kind: 'owned' },
    });
    expect(response.status).toBe(409);
    const error = (await body(response)).error as { message: string };
    expect(error.message).not.toContain(seeded.sunrise.id);
    expect((await body(await app.request('GET', '/api/phone-numbers', { as: 'alice' }))).items).toHaveLength(1);
  });
});

describe('impersonation and suspension', () => {
  it('refuses X-Tenant-Id from anyone but a global admin with 403', async () => {
    const response = await app.request('GET', '/api/calls', {
      as: 'alice',
      headers: { 'x-tenant-id': seeded.harbor.id },
    });
    expect(response.status).toBe(403);
    expect(await body(response)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('lets a global admin act as a tenant and writes each use to that tenant’s audit log', async () => {
    const response = await app.request('GET', '/api/calls', { headers: { 'x-tenant-id': seeded.harbor.id } });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ tenantId: string }> };
    expect(items.map((call) => call.tenantId)).toEqual([seeded.harbor.id, seeded.harbor.id, seeded.harbor.id]);
    const me = await body(await app.request('GET', '/api/me', { headers: { 'x-tenant-id': seeded.harbor.id } }));
    expect(me).toMatchObject({ tenant: { id: seeded.harbor.id }, impersonating: true });

    const audit = (await body(
      await app.request('GET', `/api/admin/audit?tenantId=${seeded.harbor.id}`, {
        headers: { 'x-api-key': adminApiKey },
      }),
    )) as { items: Array<{ action: string; actor: { id: string }; target: string }> };
    expect(audit.items.filter((event) => event.action === 'tenant.impersonated')).toEqual([
      expect.objectContaining({ actor: { type: 'user', id: 'root' }, target: 'GET /api/calls' }),
    ]);
  });

  it('keeps the audit record of an impersonated request that fails', async () => {
    const response = await app.request('POST', '/api/intents', {
      headers: { 'x-tenant-id': seeded.harbor.id },
      body: { name: 'Not A Valid Name' },
    });
    expect(response.status).toBe(400);
    const audit = (await body(await app.request('GET', `/api/admin/audit?tenantId=${seeded.harbor.id}`))) as {
      items: Array<{ action: string; target: string }>;
    };
    expect(audit.items.some((event) => event.target === 'POST /api/intents')).toBe(true);
  });

  it('refuses a suspended tenant’s users with 403 until it is reactivated', async () => {
    const suspend = await app.request('PATCH', `/api/admin/tenants/${seeded.sunrise.id}`, {
      body: { status: 'suspended' },
    });
    expect(suspend.status).toBe(200);
    const refused = await app.request('GET', '/api/calls', { as: 'alice' });
    expect(refused.status).toBe(403);
    expect(await body(refused)).toMatchObject({ error: { code: 'TENANT_SUSPENDED' } });
    expect((await app.request('GET', '/api/calls', { as: 'bob' })).status).toBe(200);
    await app.request('PATCH', `/api/admin/tenants/${seeded.sunrise.id}`, { body: { status: 'active' } });
    expect((await app.request('GET', '/api/calls', { as: 'alice' })).status).toBe(200);
  });
});

describe('admin routes', () => {
  it('are for global admins only', async () => {
    for (const [method, path] of [
      ['GET', '/api/admin/tenants'],
      ['POST', '/api/admin/tenants'],
      ['PATCH', `/api/admin/tenants/${seeded.harbor.id}`],
      ['GET', `/api/admin/audit?tenantId=${seeded.harbor.id}`],
    ] as const) {
      const response = await app.request(method, path, { as: 'alice', ...(method === 'GET' ? {} : { body: {} }) });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('create nothing when the new tenant’s number is taken', async () => {
    const before = (await body(await app.request('GET', '/api/admin/tenants'))).items as unknown[];
    const response = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'third', name: 'Third', phoneNumber: '+15550100001' },
    });
    expect(response.status).toBe(409);
    expect((await body(await app.request('GET', '/api/admin/tenants'))).items).toHaveLength(before.length);
    const retry = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'third', name: 'Third', phoneNumber: '+15550300003' },
    });
    expect(retry.status).toBe(201);
  });

  it('accept an admin API key', async () => {
    const response = await app.request('GET', '/api/admin/tenants', {
      as: null,
      headers: { authorization: `Bearer ${adminApiKey}` },
    });
    expect(response.status).toBe(200);
  });
});
