import type { Storage } from '@nuvatra/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { clerkAuth } from '../src/index.js';
import { acmeApiKey, adminUserId, clerkKeys, createTestApp, publicBaseUrl, type TestApp } from './app.js';
import { secretKey, startFakeClerk } from './fake-clerk.js';
import {
  createClerkKeys,
  frontendOrigin,
  type SessionShape,
  signSessionToken,
  unsignedToken,
  withPayload,
} from './tokens.js';

const now = () => Math.floor(Date.now() / 1000);
const member = 'user_2member0000000000000000000';
const stranger = 'user_2stranger00000000000000000';

/** Acme and Globex are linked to Clerk organisations; Dormant is suspended; one call each. */
async function seed(storage: Storage) {
  const tenant = async (slug: string, organizationId: string, status: 'active' | 'suspended' = 'active') => {
    const created = await storage.tenants.create({
      slug,
      name: slug,
      status,
      externalIds: { clerk_org: organizationId },
    });
    await storage.withTenant(created.id, async (scope) => {
      await scope.members.add({ userId: member, role: 'member' });
      await scope.calls.create({ provider: 'twilio', providerCallId: `CA-${slug}`, to: '+15551230000' });
    });
    return created;
  };
  return {
    acme: await tenant('acme', 'org_acme'),
    globex: await tenant('globex', 'org_globex'),
    dormant: await tenant('dormant', 'org_dormant', 'suspended'),
  };
}

let app: TestApp;
let tenants: Awaited<ReturnType<typeof seed>>;
beforeEach(async () => {
  app = await createTestApp();
  tenants = await seed(app.storage);
});

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }) };
}

describe('Clerk session tokens as principals', () => {
  it('resolves the tenant of the active organisation from a v2 token (o.id) and from a v1 token (org_id)', async () => {
    const v2 = await app.token({ userId: member, organization: { id: 'org_acme', role: 'member' } });
    const v1 = await app.token({ userId: member, version: 1, organization: { id: 'org_globex', role: 'org:member' } });
    const meV2 = await (await app.api('GET', '/api/me', { token: v2 })).json();
    const meV1 = await (await app.api('GET', '/api/me', { token: v1 })).json();
    expect(meV2).toMatchObject({ user: { id: member, kind: 'user' }, tenant: { slug: 'acme' }, role: 'member' });
    expect(meV1).toMatchObject({ user: { id: member, kind: 'user' }, tenant: { slug: 'globex' }, role: 'member' });
  });

  it('resolves the tenant named by the public_metadata.tenant_id claim, with no organisation (invite-only)', async () => {
    const token = await app.token({ userId: stranger, publicMetadata: { tenant_id: tenants.globex.id } });
    const response = await app.api('GET', '/api/calls', { token });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ providerCallId: string }> };
    expect(items.map((call) => call.providerCallId)).toEqual(['CA-globex']);
  });

  it("lets an organisation's members read that tenant's data only", async () => {
    const acme = await app.token({ userId: member, organization: { id: 'org_acme', role: 'member' } });
    const calls = (await (await app.api('GET', '/api/calls', { token: acme })).json()) as {
      items: Array<{ id: string; providerCallId: string }>;
    };
    expect(calls.items.map((call) => call.providerCallId)).toEqual(['CA-acme']);
    const globexCall = await app.storage.withTenant(tenants.globex.id, async (scope) => {
      const page = await scope.calls.list({});
      return page.items[0];
    });
    expect((await app.api('GET', `/api/calls/${globexCall?.id}`, { token: acme })).status).toBe(404);
    // Naming another tenant is for global admins only, and is refused rather than ignored.
    const crossing = await app.api('GET', '/api/calls', { token: acme, headers: { 'x-tenant-id': tenants.globex.id } });
    expect(await errorOf(crossing)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a token naming no tenant, no organisation and no membership with TENANT_NOT_RESOLVED', async () => {
    const token = await app.token({ userId: stranger });
    expect(await errorOf(await app.api('GET', '/api/calls', { token }))).toMatchObject({
      status: 401,
      error: { code: 'TENANT_NOT_RESOLVED' },
    });
  });

  it('refuses a tenant claim naming a suspended tenant with TENANT_SUSPENDED', async () => {
    const token = await app.token({ userId: stranger, publicMetadata: { tenant_id: tenants.dormant.id } });
    expect(await errorOf(await app.api('GET', '/api/calls', { token }))).toMatchObject({
      status: 403,
      error: { code: 'TENANT_SUSPENDED' },
    });
  });

  it('refuses an organisation that no tenant is linked to with TENANT_REFUSED', async () => {
    const token = await app.token({ userId: member, organization: { id: 'org_unknown', role: 'admin' } });
    expect(await errorOf(await app.api('GET', '/api/calls', { token }))).toMatchObject({
      status: 403,
      error: { code: 'TENANT_REFUSED' },
    });
  });

  it('recognises an impersonation session (act): each write is audited with the impersonator', async () => {
    const impersonator = 'user_2support00000000000000000';
    const token = await app.token({
      userId: member,
      organization: { id: 'org_acme', role: 'member' },
      actor: impersonator,
    });
    const write = await app.api('PUT', '/api/profile', {
      token,
      body: { businessProfile: { name: 'Acme Physio' }, timezone: 'UTC' },
    });
    expect(write.status).toBe(200);
    const audit = await app.storage.withTenant(tenants.acme.id, (scope) => scope.auditEvents.list({}));
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        actor: { type: 'user', id: impersonator },
        action: 'session.impersonated_write',
        detail: { asUser: member },
      }),
    );
  });
});

describe('Clerk session tokens that fail', () => {
  const shape: SessionShape = { userId: member, organization: { id: 'org_acme', role: 'member' } };
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['an expired token', async () => app.token({ ...shape, issuedAt: now() - 3600 }), /expired \(exp\)/],
    [
      'a token not valid yet',
      async () => app.token({ ...shape, issuedAt: now() + 600, notBeforeSkew: 0 }),
      /not valid yet \(nbf\)/,
    ],
    ['a token signed by another key', async () => signSessionToken(await createClerkKeys(), shape), /signature/],
    ['a token with alg "none"', async () => unsignedToken(await clerkKeys(), shape), /algorithm/],
    [
      'a token from an origin not authorised',
      async () => app.token({ ...shape, azp: 'https://evil.example' }),
      /CLERK_AUTHORIZED_PARTIES/,
    ],
    [
      'a genuine token whose payload was edited',
      async () =>
        withPayload(await app.token(shape), (claims) => {
          claims.public_metadata = { tenant_id: tenants.globex.id };
        }),
      /signature/,
    ],
  ];

  it.each(cases)('refuses %s with 401 UNAUTHENTICATED naming why', async (_name, make, reason) => {
    const response = await app.api('GET', '/api/calls', { token: await make() });
    const body = await errorOf(response);
    expect(body).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    expect(body.error.message).toMatch(reason);
  });

  it('allows 5 s of clock skew by default, and no more than configured', async () => {
    const justExpired = await app.token({ ...shape, issuedAt: now() - 62 });
    expect((await app.api('GET', '/api/calls', { token: justExpired })).status).toBe(200);
    const strict = await createTestApp({ clerk: { clockSkewInMs: 0 } });
    await seed(strict.storage);
    expect((await strict.api('GET', '/api/calls', { token: justExpired })).status).toBe(401);
  });

  it('refuses a pending session (session tasks left) unless configured to accept it', async () => {
    const pending = await app.token({ ...shape, extra: { sts: 'pending' } });
    expect(await errorOf(await app.api('GET', '/api/calls', { token: pending }))).toMatchObject({
      status: 401,
      error: { code: 'UNAUTHENTICATED' },
    });
    const lenient = await createTestApp({ clerk: { treatPendingAsSignedOut: false } });
    await seed(lenient.storage);
    expect((await lenient.api('GET', '/api/calls', { token: pending })).status).toBe(200);
  });
});

describe('Where the token comes from', () => {
  const keysAndShape = async () => ({ keys: await clerkKeys(), shape: { userId: member } satisfies SessionShape });

  it('leaves requests without a Clerk token to the other providers (API keys, development tokens)', async () => {
    const { keys } = await keysAndShape();
    const provider = clerkAuth({ jwtKey: keys.publicKeyPem, env: {} });
    for (const authorization of [null, `Bearer ${acmeApiKey}`, 'Bearer dev:alice@acme', 'Basic YWxhZGRpbjpvcGVu']) {
      const headers = new Headers(authorization ? { authorization } : {});
      expect(await provider.authenticate(new Request(`${publicBaseUrl}/api/me`, { headers }))).toBeNull();
    }
    const me = await (await app.api('GET', '/api/me', { headers: { authorization: `Bearer ${acmeApiKey}` } })).json();
    expect(me).toMatchObject({ user: { id: 'billing-script', kind: 'api_key' }, tenant: { slug: 'acme' } });
  });

  it('answers the principal Clerk proved: claims, organisation and role without "org:", actor, admins', async () => {
    const { keys } = await keysAndShape();
    const provider = clerkAuth({ jwtKey: keys.publicKeyPem, adminUserIds: [adminUserId], env: {} });
    const authenticate = async (shape: SessionShape) =>
      provider.authenticate(
        new Request(`${publicBaseUrl}/api/me`, {
          headers: { authorization: `Bearer ${await signSessionToken(keys, shape)}` },
        }),
      );
    const v1 = await authenticate({ userId: member, version: 1, organization: { id: 'org_acme', role: 'org:admin' } });
    expect(v1).toMatchObject({ userId: member, organizationId: 'org_acme', organizationRole: 'admin', actor: null });
    const v2 = await authenticate({
      userId: adminUserId,
      organization: { id: 'org_acme', role: 'admin' },
      actor: member,
    });
    expect(v2).toMatchObject({
      kind: 'user',
      userId: adminUserId,
      organizationId: 'org_acme',
      organizationRole: 'admin',
      actor: { userId: member },
      isGlobalAdmin: true,
      claims: expect.objectContaining({ v: 2, sub: adminUserId, o: expect.objectContaining({ id: 'org_acme' }) }),
    });
    expect(await authenticate({ userId: member })).toMatchObject({ organizationId: null, isGlobalAdmin: false });
  });

  it('reads the __session cookie, but takes writes by cookie only from the page the session belongs to', async () => {
    const token = await app.token({ userId: member, organization: { id: 'org_acme', role: 'member' } });
    const cookie = `__client_uat=1700000000; __session=${token}`;
    expect((await app.api('GET', '/api/calls', { headers: { cookie } })).status).toBe(200);
    const body = { businessProfile: { name: 'Acme' }, timezone: 'UTC' };
    const crossSite = await app.api('PUT', '/api/profile', {
      body,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(await errorOf(crossSite)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect((await app.api('PUT', '/api/profile', { body, headers: { cookie } })).status).toBe(403);
    const sameSite = await app.api('PUT', '/api/profile', { body, headers: { cookie, origin: frontendOrigin } });
    expect(sameSite.status).toBe(200);
  });

  it("verifies against the instance's JWKS when only the secret key is configured", async () => {
    const keys = await clerkKeys();
    const fake = await startFakeClerk({ jwks: [keys.jwk] });
    const provider = clerkAuth({ secretKey, apiUrl: fake.url, env: {} });
    const request = async (token: string) =>
      provider.authenticate(new Request(`${publicBaseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } }));
    expect(await request(await signSessionToken(keys, { userId: member }))).toMatchObject({ userId: member });
    expect(fake.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/jwks' })]);
    const other = await createClerkKeys('ins_someone_else');
    await expect(request(await signSessionToken(other, { userId: member }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/kid/),
    });
  });
});
