import { type AuthProvider, createDevAuth, type Logger } from '@nuvatra/core';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { adminApiKey, createTestApp, seedTwoTenants } from './app.js';

const devAuth = () => createDevAuth({ nodeEnv: 'test' });

/** An auth provider with an invitation hook, like Clerk's; `fail` makes the next invitation throw. */
function invitingAuth() {
  const sent: Array<{ tenantId: string; email: string; role: string }> = [];
  const state = { fail: false };
  const provider: AuthProvider = {
    name: 'inviting',
    authenticate: async () => null,
    async invite(input) {
      if (state.fail) throw new Error('invitation service unavailable');
      sent.push(input);
      return { id: `inv_${sent.length}` };
    },
  };
  return { provider, sent, state };
}

describe('creating a tenant through the admin API', () => {
  it('creates the tenant from the template, registers its number and invites its owner', async () => {
    const inviting = invitingAuth();
    const app = await createTestApp({
      tenantTemplate: { timezone: 'Europe/Berlin', languages: ['de', 'en'] },
    });
    const withInvites = await createTestApp({ auth: [inviting.provider, devAuth()] });
    const response = await withInvites.request('POST', '/api/admin/tenants', {
      body: { slug: 'kita', name: 'Kita am See', phoneNumber: '+49 30 901820', ownerEmail: 'owner@kita.example' },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { tenant: { id: string }; invitation: { id: string; email: string } };
    expect(created.invitation).toEqual({ id: 'inv_1', email: 'owner@kita.example', status: 'sent' });
    expect(inviting.sent).toEqual([{ tenantId: created.tenant.id, email: 'owner@kita.example', role: 'owner' }]);
    const numbers = (await (
      await withInvites.request('GET', '/api/phone-numbers', { headers: { 'x-tenant-id': created.tenant.id } })
    ).json()) as { items: Array<{ e164: string; kind: string }> };
    expect(numbers.items).toEqual([expect.objectContaining({ e164: '+4930901820', kind: 'owned' })]);

    const templated = await app.request('POST', '/api/admin/tenants', { body: { slug: 'berlin', name: 'Berlin' } });
    const { tenant } = (await templated.json()) as { tenant: { id: string } };
    const profile = await (await app.request('GET', '/api/profile', { headers: { 'x-tenant-id': tenant.id } })).json();
    expect(profile).toMatchObject({
      timezone: 'Europe/Berlin',
      languages: ['de', 'en'],
      businessProfile: { name: 'Berlin' },
    });
  });

  it('leaves nothing behind when the invitation fails', async () => {
    const inviting = invitingAuth();
    const app = await createTestApp({ auth: [inviting.provider, devAuth()] });
    inviting.state.fail = true;
    const failed = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'kita', name: 'Kita', phoneNumber: '+49 30 901820', ownerEmail: 'owner@kita.example' },
    });
    expect(failed.status).toBe(500);
    expect(await app.storage.routing.tenantIdBySlug('kita')).toBeNull();
    expect(await app.storage.routing.tenantIdByNumber('+4930901820', 'owned')).toBeNull();
    inviting.state.fail = false;
    const retried = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'kita', name: 'Kita', phoneNumber: '+49 30 901820', ownerEmail: 'owner@kita.example' },
    });
    expect(retried.status).toBe(201);
  });

  it('with a job queue, answers at once with the invitation queued, and the worker sends it, retrying failures', async () => {
    const inviting = invitingAuth();
    let time = Date.parse('2026-11-28T09:00:00Z');
    const now = () => new Date(time);
    const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
    await storage.migrate();
    const queue = createSqliteJobQueue({ storage, now });
    await queue.migrate();
    const app = await createTestApp({
      storage,
      auth: [inviting.provider, devAuth()],
      jobs: { driver: queue, worker: false, now },
    });
    inviting.state.fail = true;
    const response = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'kita', name: 'Kita', ownerEmail: 'owner@kita.example' },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { tenant: { id: string }; invitation: { id: string; status: string } };
    expect(created.invitation).toMatchObject({ email: 'owner@kita.example', status: 'queued' });
    expect(inviting.sent).toEqual([]);

    // The invitation service is down: the tenant stays, and the job waits for its retry.
    expect((await app.nuvatra.jobs?.runDue())?.map((outcome) => outcome.status)).toEqual(['retrying']);
    expect(await storage.routing.tenantIdBySlug('kita')).toBe(created.tenant.id);

    inviting.state.fail = false;
    time += 60 * 60 * 1000;
    expect((await app.nuvatra.jobs?.runDue())?.map((outcome) => outcome.status)).toEqual(['completed']);
    expect(inviting.sent).toEqual([{ tenantId: created.tenant.id, email: 'owner@kita.example', role: 'owner' }]);
    expect(await queue.get(created.invitation.id)).toMatchObject({ name: 'nuvatra.invite-owner', status: 'completed' });
  });

  it('refuses an owner email when no auth provider can send invitations', async () => {
    const app = await createTestApp();
    const response = await app.request('POST', '/api/admin/tenants', {
      body: { slug: 'kita', name: 'Kita', ownerEmail: 'owner@kita.example' },
    });
    expect(response.status).toBe(400);
    expect(await app.storage.routing.tenantIdBySlug('kita')).toBeNull();
  });
});

describe('request logs', () => {
  it('carry the tenant and the resolver trace, and no credentials', async () => {
    const records: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const logger: Logger = {
      info: (message, fields = {}) => records.push({ message, fields }),
      warn: (message, fields = {}) => records.push({ message, fields }),
      error: (message, fields = {}) => records.push({ message, fields }),
    };
    const app = await createTestApp({ logger });
    const seeded = await seedTwoTenants(app);
    records.length = 0;
    await app.request('GET', '/api/calls', { as: 'alice' });
    await app.request('GET', '/api/admin/tenants', { as: null, headers: { 'x-api-key': adminApiKey } });
    const [alice, admin] = records;
    expect(alice?.fields).toMatchObject({
      method: 'GET',
      path: '/api/calls',
      status: 200,
      tenantId: seeded.sunrise.id,
    });
    expect(alice?.fields.trace).toEqual(expect.arrayContaining([expect.objectContaining({ resolver: 'credential' })]));
    expect(admin?.fields).toMatchObject({ userId: 'ops-script', status: 200 });
    expect(JSON.stringify(records)).not.toContain(adminApiKey);
    expect(JSON.stringify(records)).not.toContain('dev:alice');
  });
});
