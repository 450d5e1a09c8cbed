import { randomBytes } from 'node:crypto';
import { serve } from '@nuvatra/node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { allTenants, createTestApp, signedDelivery, type TestApp, webhookPath } from './app.js';
import { deletedEvent, membershipEvent, type OrganizationShape, organizationEvent, userEvent } from './payloads.js';

const creator = 'user_2creator0000000000000000000';
const colleague = 'user_2colleague000000000000000';
const acme: OrganizationShape = {
  id: 'org_2acme00000000000000000000',
  name: 'Acme Physio',
  slug: 'acme-physio',
  createdBy: creator,
};

const tenantOf = async (app: TestApp, organizationId: string) => {
  const id = await app.storage.routing.tenantIdByExternalId('clerk_org', organizationId);
  return id ? app.storage.tenants.get(id) : null;
};
/** Members made in the same millisecond list in no set order: tests compare them by user id. */
const byUser = <T extends { userId: string }>(members: T[]) =>
  [...members].sort((a, b) => a.userId.localeCompare(b.userId));
const membersOf = (app: TestApp, tenantId: string) =>
  app.storage.withTenant(tenantId, async (scope) =>
    byUser((await scope.members.list()).map(({ userId, role, email }) => ({ userId, role, email }))),
  );

describe.each(['shared', 'file-per-tenant'] as const)('Clerk webhooks on SQLite (%s)', (storage) => {
  it('makes one tenant per organisation, its creator the owner, however often the event is delivered', async () => {
    const app = await createTestApp({ storage });
    const created = organizationEvent('organization.created', acme);
    const first = await app.deliver(created, { messageId: 'msg_org_created' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ handled: true, duplicate: false });
    const retry = await app.deliver(created, { messageId: 'msg_org_created' });
    expect(await retry.json()).toMatchObject({ handled: true, duplicate: true });
    // Clerk sends one event once, but Svix may deliver it under another message id when it is resent.
    expect((await app.deliver(created)).status).toBe(200);

    const tenants = await allTenants(app.storage);
    expect(tenants).toHaveLength(1);
    expect(tenants[0]).toMatchObject({ slug: 'acme-physio', name: 'Acme Physio', externalIds: { clerk_org: acme.id } });
    const tenantId = tenants[0]?.id ?? '';
    expect(await membersOf(app, tenantId)).toEqual([{ userId: creator, role: 'owner', email: null }]);
    const config = await app.storage.withTenant(tenantId, (scope) => scope.config.get());
    expect(config).toMatchObject({ businessProfile: { name: 'Acme Physio' }, timezone: 'UTC' });
  });

  it('starts an organisation’s tenant from the deployment’s template and tells the plugins', async () => {
    const announced: string[] = [];
    const app = await createTestApp({
      storage,
      tenantTemplate: { timezone: 'Europe/Berlin', languages: ['de', 'en'] },
      plugins: [{ name: 'listener', hooks: { tenantCreated: ({ tenant }) => void announced.push(tenant.slug) } }],
    });
    await app.deliver(organizationEvent('organization.created', acme));
    await app.deliver(organizationEvent('organization.created', acme));
    const tenant = await tenantOf(app, acme.id);
    const config = await app.storage.withTenant(tenant?.id ?? '', (scope) => scope.config.get());
    expect(config).toMatchObject({
      timezone: 'Europe/Berlin',
      languages: ['de', 'en'],
      businessProfile: { name: 'Acme Physio' },
    });
    expect(announced).toEqual(['acme-physio']);
  });

  it('gives an organisation whose slug a tenant already has a slug of its own', async () => {
    const app = await createTestApp({ storage });
    await app.storage.tenants.create({ slug: 'acme-physio', name: 'Another Acme' });
    await app.deliver(organizationEvent('organization.created', acme));
    const linked = await tenantOf(app, acme.id);
    expect(linked?.slug).toMatch(/^acme-physio-[0-9a-f]{6}$/);
  });

  it('refuses forged, tampered, unsigned and stale events with 403, and stores nothing', async () => {
    const app = await createTestApp({ storage });
    const created = organizationEvent('organization.created', acme);
    const forgedSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const sixMinutes = 6 * 60 * 1000;
    const attempts = [
      app.deliver(created, { secret: forgedSecret }),
      app.deliver(created, {
        body: JSON.stringify(organizationEvent('organization.created', { ...acme, id: 'org_x' })),
      }),
      app.deliver(created, { headers: { 'svix-signature': null } }),
      app.deliver(created, { headers: { 'svix-id': null, 'svix-timestamp': null, 'svix-signature': null } }),
      app.deliver(created, { signedAt: new Date(Date.now() - sixMinutes) }),
      app.deliver(created, { signedAt: new Date(Date.now() + sixMinutes) }),
      app.deliver(created, { headers: { 'svix-id': 'msg_other' } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
    }
    const stale = await app.deliver(created, { signedAt: new Date(Date.now() - sixMinutes) });
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/5 minutes/);
    expect(await allTenants(app.storage)).toEqual([]);
    // The genuine event still applies afterwards: nothing above left a receipt behind.
    expect((await app.deliver(created)).status).toBe(200);
  });

  it('refuses a body a parser rebuilt before reading it, and a signed event that is not shaped like Clerk’s', async () => {
    const app = await createTestApp({ storage });
    const rebuilt = await app.deliver(organizationEvent('organization.created', acme), {
      headers: { 'x-nuvatra-body-reconstructed': '1' },
    });
    expect(rebuilt.status).toBe(500);
    expect(app.errors).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/body parser/) }),
    ]);
    const malformed = await app.deliver({ type: 'organization.created', object: 'event', data: { id: 'org_1' } });
    expect(await malformed.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(malformed.status).toBe(400);
    expect(await allTenants(app.storage)).toEqual([]);
  });

  it('renames the tenant on organization.updated, and suspends it on organization.deleted', async () => {
    const app = await createTestApp({ storage });
    await app.deliver(organizationEvent('organization.created', acme));
    await app.deliver(organizationEvent('organization.updated', { ...acme, name: 'Acme Physiotherapy' }));
    expect(await tenantOf(app, acme.id)).toMatchObject({ name: 'Acme Physiotherapy', status: 'active' });

    const deleted = deletedEvent('organization.deleted', acme.id);
    expect((await app.deliver(deleted)).status).toBe(200);
    const tenant = await tenantOf(app, acme.id);
    expect(tenant).toMatchObject({ status: 'suspended' });
    const token = await app.token({ userId: creator, organization: { id: acme.id, role: 'admin' } });
    expect(await (await app.api('GET', '/api/calls', { token })).json()).toMatchObject({
      error: { code: 'TENANT_SUSPENDED' },
    });
    const audit = await app.storage.withTenant(tenant?.id ?? '', (scope) => scope.auditEvents.list({}));
    expect(audit.items.map((event) => [event.action, event.actor.type])).toEqual([
      ['tenant.suspended', 'provider'],
      ['tenant.updated', 'provider'],
      ['tenant.created', 'provider'],
    ]);
  });

  it('keeps members in step: Clerk roles mapped, the creator stays owner, removals applied', async () => {
    const app = await createTestApp({ storage });
    await app.deliver(organizationEvent('organization.created', acme));
    const tenant = await tenantOf(app, acme.id);
    const membership = (type: Parameters<typeof membershipEvent>[0], userId: string, role: string) =>
      app.deliver(membershipEvent(type, { organization: acme, userId, role }));

    await membership('organizationMembership.created', creator, 'org:admin');
    await membership('organizationMembership.created', colleague, 'org:member');
    await membership('organizationMembership.created', 'user_2legacy', 'basic_member');
    await membership('organizationMembership.created', 'user_2billing', 'org:billing');
    expect(await membersOf(app, tenant?.id ?? '')).toEqual(
      byUser([
        { userId: creator, role: 'owner', email: null },
        { userId: colleague, role: 'member', email: `${colleague}@example.org` },
        { userId: 'user_2legacy', role: 'member', email: 'user_2legacy@example.org' },
        { userId: 'user_2billing', role: 'member', email: 'user_2billing@example.org' },
      ]),
    );

    await membership('organizationMembership.updated', colleague, 'org:admin');
    await membership('organizationMembership.updated', creator, 'org:member');
    await membership('organizationMembership.deleted', 'user_2legacy', 'basic_member');
    expect(await membersOf(app, tenant?.id ?? '')).toEqual(
      byUser([
        { userId: creator, role: 'owner', email: null },
        { userId: colleague, role: 'admin', email: `${colleague}@example.org` },
        { userId: 'user_2billing', role: 'member', email: 'user_2billing@example.org' },
      ]),
    );
  });

  it('answers 409 to a membership whose organisation has no tenant yet, so Svix retries it, and applies the retry', async () => {
    const app = await createTestApp({ storage });
    const early = membershipEvent('organizationMembership.created', {
      organization: acme,
      userId: colleague,
      role: 'org:admin',
    });
    const refused = await app.deliver(early, { messageId: 'msg_early_membership' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(await allTenants(app.storage)).toEqual([]);

    await app.deliver(organizationEvent('organization.created', acme));
    const retried = await app.deliver(early, { messageId: 'msg_early_membership' });
    expect(await retried.json()).toMatchObject({ handled: true, duplicate: false });
    const tenant = await tenantOf(app, acme.id);
    expect(await membersOf(app, tenant?.id ?? '')).toContainEqual(
      expect.objectContaining({ userId: colleague, role: 'admin' }),
    );
  });

  it('changes nothing when an event applied before is delivered again after a newer one', async () => {
    const app = await createTestApp({ storage });
    await app.deliver(organizationEvent('organization.created', acme));
    const joined = membershipEvent('organizationMembership.created', {
      organization: acme,
      userId: colleague,
      role: 'org:member',
    });
    await app.deliver(joined, { messageId: 'msg_joined' });
    await app.deliver(
      membershipEvent('organizationMembership.deleted', { organization: acme, userId: colleague, role: 'org:member' }),
    );
    const late = await app.deliver(joined, { messageId: 'msg_joined' });
    expect(await late.json()).toMatchObject({ duplicate: true });
    const tenant = await tenantOf(app, acme.id);
    expect(await membersOf(app, tenant?.id ?? '')).toEqual([{ userId: creator, role: 'owner', email: null }]);
  });

  it('keeps users in step: created, updated, deleted', async () => {
    const app = await createTestApp({ storage });
    const user = { id: creator, email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' };
    await app.deliver(userEvent('user.created', user));
    expect(await app.storage.users.get(creator)).toMatchObject({
      email: 'ada@acme.example',
      name: 'Ada Lovelace',
      imageUrl: 'https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ',
      deletedAt: null,
    });
    await app.deliver(userEvent('user.updated', { ...user, email: 'ada@lovelace.example', lastName: null }));
    expect(await app.storage.users.get(creator)).toMatchObject({ email: 'ada@lovelace.example', name: 'Ada' });
    await app.deliver(deletedEvent('user.deleted', creator));
    expect((await app.storage.users.get(creator))?.deletedAt).toEqual(expect.any(String));
    // The creator's email, known from user.created, reaches the owner row of an organisation made later.
    await app.deliver(userEvent('user.created', user));
    await app.deliver(organizationEvent('organization.created', acme));
    const tenant = await tenantOf(app, acme.id);
    expect(await membersOf(app, tenant?.id ?? '')).toEqual(
      byUser([{ userId: creator, role: 'owner', email: 'ada@acme.example' }]),
    );
  });

  it('acknowledges event types it does not handle, changing nothing', async () => {
    const app = await createTestApp({ storage });
    const response = await app.deliver({ type: 'session.created', object: 'event', data: { id: 'sess_1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, type: 'session.created', handled: false });
  });

  it("lets each organisation's members read only their own tenant's data", async () => {
    const app = await createTestApp({ storage });
    const globex: OrganizationShape = { id: 'org_2globex000000000000000000', name: 'Globex', createdBy: colleague };
    for (const organization of [acme, globex])
      await app.deliver(organizationEvent('organization.created', organization));
    for (const [organization, slug] of [
      [acme, 'acme'],
      [globex, 'globex'],
    ] as const) {
      const tenant = await tenantOf(app, organization.id);
      await app.storage.withTenant(tenant?.id ?? '', (scope) =>
        scope.calls.create({ provider: 'twilio', providerCallId: `CA-${slug}`, to: '+15551230000' }),
      );
    }
    for (const [userId, organization, call] of [
      [creator, acme, 'CA-acme'],
      [colleague, globex, 'CA-globex'],
    ] as const) {
      const token = await app.token({ userId, organization: { id: organization.id, role: 'admin' } });
      const me = await (await app.api('GET', '/api/me', { token })).json();
      expect(me).toMatchObject({ tenant: { externalIds: { clerk_org: organization.id } }, role: 'owner' });
      const calls = (await (await app.api('GET', '/api/calls', { token })).json()) as {
        items: Array<{ providerCallId: string }>;
      };
      expect(calls.items.map((item) => item.providerCallId)).toEqual([call]);
    }
  });
});

describe('Clerk webhooks through a real server', () => {
  it('verifies the bytes node:http received', async () => {
    const app = await createTestApp();
    const server = await serve(app.nuvatra, { port: 0, hostname: '127.0.0.1' });
    onTestFinished(() => server.close());
    const send = (request: Request) =>
      fetch(`${server.url}${webhookPath}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        duplex: 'half',
      } as RequestInit);
    const genuine = signedDelivery(`${server.url}${webhookPath}`, organizationEvent('organization.created', acme));
    expect((await send(genuine)).status).toBe(200);
    const forged = signedDelivery(`${server.url}${webhookPath}`, organizationEvent('organization.created', acme), {
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    });
    expect((await send(forged)).status).toBe(403);
    expect(await allTenants(app.storage)).toHaveLength(1);
  });
});

describe('organization.created through the job queue', () => {
  it('acknowledges once the job is stored, creates the tenant in the worker, and enqueues a redelivery once', async () => {
    const app = await createTestApp({ queue: true });
    const created = organizationEvent('organization.created', acme);
    const first = await app.deliver(created, { messageId: 'msg_org_created' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ handled: true, queued: true, duplicate: false });
    expect(await (await app.deliver(created)).json()).toMatchObject({ queued: true, duplicate: true });
    expect(await tenantOf(app, acme.id)).toBeNull();

    // A membership that overtakes its organisation is refused until the tenant exists; Svix delivers it again.
    const membership = membershipEvent('organizationMembership.created', {
      organization: acme,
      userId: colleague,
      role: 'org:member',
    });
    expect((await app.deliver(membership, { messageId: 'msg_membership' })).status).toBe(409);

    const outcomes = await app.nuvatra.jobs?.runDue();
    expect(outcomes?.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'clerk.provision-organization', status: 'completed' },
    ]);
    const tenant = await tenantOf(app, acme.id);
    expect(tenant).toMatchObject({ slug: 'acme-physio', name: 'Acme Physio' });
    expect((await app.deliver(membership, { messageId: 'msg_membership' })).status).toBe(200);
    // Sorted by user id: the colleague's id sorts before the creator's.
    expect(await membersOf(app, tenant?.id ?? '')).toEqual([
      expect.objectContaining({ userId: colleague, role: 'member' }),
      { userId: creator, role: 'owner', email: null },
    ]);
  });
});
