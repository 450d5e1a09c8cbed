import { describe, expect, it } from 'vitest';
import { adminUserId, allTenants, clerkKeys, createTestApp, type TestApp } from './app.js';
import { type FakeClerk, secretKey, startFakeClerk } from './fake-clerk.js';
import { userEvent } from './payloads.js';
import { frontendOrigin } from './tokens.js';

const owner = 'user_2owner00000000000000000000';

async function inviteOnlyApp(options: { invitationRedirectPath?: string } = {}) {
  const fake = await startFakeClerk();
  const keys = await clerkKeys();
  const app = await createTestApp({
    clerk: { jwtKey: keys.publicKeyPem, secretKey, apiUrl: fake.url, frontendUrl: frontendOrigin, ...options },
  });
  const adminToken = await app.token({ userId: adminUserId });
  const admin = (method: string, path: string, body?: unknown) =>
    app.api(method, path, { token: adminToken, ...(body === undefined ? {} : { body }) });
  return { app, fake, admin };
}

const createTenant = (admin: (method: string, path: string, body?: unknown) => Promise<Response>) =>
  admin('POST', '/api/admin/tenants', {
    slug: 'bright-smiles',
    name: 'Bright Smiles',
    ownerEmail: 'owner@bright.example',
  });

/** The invitation's public metadata, as the fake Clerk received it: what Clerk copies to the user who signs up. */
const invitedMetadata = (fake: FakeClerk) =>
  fake.requests.find((request) => request.path === '/v1/invitations')?.body.public_metadata as Record<string, unknown>;

describe('Invite-only onboarding with Clerk', () => {
  it('invites the owner of a new tenant, who then signs in to that tenant’s dashboard', async () => {
    const { app, fake, admin } = await inviteOnlyApp();
    const created = await createTenant(admin);
    expect(created.status).toBe(201);
    const { tenant, invitation } = (await created.json()) as { tenant: { id: string }; invitation: { id: string } };
    expect(invitation).toEqual({ id: expect.stringMatching(/^inv_/), email: 'owner@bright.example', status: 'sent' });

    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/invitations',
        headers: expect.objectContaining({ authorization: `Bearer ${secretKey}` }),
        body: {
          email_address: 'owner@bright.example',
          public_metadata: { tenant_id: tenant.id, tenant_role: 'owner' },
          redirect_url: `${frontendOrigin}/sign-up`,
          notify: true,
          ignore_existing: true,
        },
      }),
    ]);

    // The owner accepts: Clerk creates the user with the invitation's metadata and says so by webhook.
    const metadata = invitedMetadata(fake);
    await app.deliver(
      userEvent('user.created', { id: owner, email: 'owner@bright.example', publicMetadata: metadata }),
    );
    // Their session token carries the metadata through the session-token template.
    const token = await app.token({ userId: owner, publicMetadata: metadata });
    const me = await (await app.api('GET', '/api/me', { token })).json();
    expect(me).toMatchObject({
      user: { id: owner, kind: 'user', isGlobalAdmin: false },
      tenant: { id: tenant.id, slug: 'bright-smiles' },
      role: 'owner',
      tenantProblem: null,
    });
    const calls = await app.api('GET', '/api/calls', { token });
    expect(calls.status).toBe(200);
    expect(await calls.json()).toEqual({ items: [], nextCursor: null });
  });

  it('sends invitation links to the configured page of the frontend', async () => {
    const { fake, admin } = await inviteOnlyApp({ invitationRedirectPath: '/accept-invitation' });
    await createTenant(admin);
    expect(fake.requests[0]?.body.redirect_url).toBe(`${frontendOrigin}/accept-invitation`);
  });

  it('revokes an invitation through Clerk, and reports Clerk’s refusals with our codes', async () => {
    const { fake, admin } = await inviteOnlyApp();
    const { invitation } = (await (await createTenant(admin)).json()) as { invitation: { id: string } };
    expect((await admin('DELETE', `/api/admin/invitations/${invitation.id}`)).status).toBe(204);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/v1/invitations/${invitation.id}/revoke` });

    const again = await admin('DELETE', `/api/admin/invitations/${invitation.id}`);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/already been revoked/) },
    });
    const unknown = await admin('DELETE', '/api/admin/invitations/inv_unknown');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('creates no tenant when Clerk refuses the invitation', async () => {
    const { app, fake, admin } = await inviteOnlyApp();
    fake.failWith(401, 'authentication_invalid', 'The provided secret key is invalid.');
    const refused = await createTenant(admin);
    expect(refused.status).toBe(500);
    expect(app.errors).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/CLERK_SECRET_KEY/) }),
    ]);
    expect(await allTenants(app.storage)).toEqual([]);
  });

  it('does not offer invitations without a secret key', async () => {
    const app: TestApp = await createTestApp();
    const token = await app.token({ userId: adminUserId });
    const refused = await app.api('POST', '/api/admin/tenants', {
      token,
      body: { slug: 'bright-smiles', name: 'Bright Smiles', ownerEmail: 'owner@bright.example' },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await allTenants(app.storage)).toEqual([]);
  });
});
