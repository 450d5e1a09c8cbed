import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres.js';
import { addresses, createTestApp, pubsub, type TestApp } from './app.js';

const owners = { swimA: 'owner@swim-a', swimB: 'owner@swim-b' };

async function connectBoth(app: TestApp) {
  expect((await app.connect(owners.swimA, addresses.swimA)).status).toBe(200);
  expect((await app.connect(owners.swimB, addresses.swimB)).status).toBe(200);
}

const parentMail = (id: string, text = 'Hi! Is there room in the toddler splash class on Saturday?') => ({
  id,
  from: 'Parent One <Parent.One@Example.com>',
  subject: 'Saturday lessons',
  text,
  html: `<p>${text}</p>`,
});

describe('Gmail push: a verified notification lands in the tenant that connected the address, and only there', () => {
  it('connects two tenants through connect → callback, then stores each one its own mail', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    expect(app.google.isWatching(addresses.swimA)).toBe(true);
    expect(app.google.isWatching(addresses.swimB)).toBe(true);
    const status = await app.api('GET', '/api/gmail/connection', { as: owners.swimA });
    expect(await status.json()).toMatchObject({ connection: { email: addresses.swimA, status: 'connected' } });

    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    // Gmail names the address as the account spells it; routing is by the lower-cased address.
    const response = await app.push({ emailAddress: addresses.swimA.toUpperCase(), historyId });
    expect(response.status).toBe(204);
    expect(await app.runJobs()).toEqual([expect.objectContaining({ status: 'completed' })]);

    let snapshot = await app.snapshot();
    expect(snapshot.tenants.swimA?.conversations).toEqual([
      expect.objectContaining({ channel: 'email', participant: 'parent.one@example.com' }),
    ]);
    expect(snapshot.tenants.swimA?.messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        body: 'Hi! Is there room in the toddler splash class on Saturday?',
        from: 'parent.one@example.com',
        to: addresses.swimA,
        provider: 'google',
        providerMessageId: 'm-a1',
        metadata: expect.objectContaining({ subject: 'Saturday lessons', gmailThreadId: 't-m-a1' }),
      }),
    ]);
    expect(snapshot.tenants.swimB).toEqual({ conversations: [], messages: [] });

    const historyB = app.google.deliver(addresses.swimB, { ...parentMail('m-b1', 'Do you teach adults?') });
    expect((await app.push({ emailAddress: addresses.swimB, historyId: historyB })).status).toBe(204);
    await app.runJobs();
    snapshot = await app.snapshot();
    expect(snapshot.tenants.swimB?.messages.map((message) => message.providerMessageId)).toEqual(['m-b1']);
    expect(snapshot.tenants.swimA?.messages.map((message) => message.providerMessageId)).toEqual(['m-a1']);
    expect(snapshot.unrouted).toEqual([]);
  });

  it('accepts both spellings of Google as issuer', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    const token = await app.google.pushToken({
      iss: 'accounts.google.com',
      aud: pubsub.audience,
      email: pubsub.serviceAccountEmail,
      email_verified: true,
    });
    expect((await app.push({ emailAddress: addresses.swimA, historyId }, { token })).status).toBe(204);
    await app.runJobs();
    expect((await app.snapshot()).tenants.swimA?.messages).toHaveLength(1);
  });

  it('refuses a push whose OIDC token is missing or not valid, and stores nothing', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    const good = {
      iss: 'https://accounts.google.com',
      aud: pubsub.audience,
      email: pubsub.serviceAccountEmail,
      email_verified: true,
    };
    const hour = 3600;
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Promise<string | null> | string | null, number, string]> = [
      ['no token', null, 401, 'UNAUTHENTICATED'],
      ['not a JWT', 'not-a-jwt', 401, 'UNAUTHENTICATED'],
      ['a wrong signature', app.google.pushToken(good, { key: 'other' }), 401, 'UNAUTHENTICATED'],
      ['an unknown key id', app.google.pushToken(good, { kid: 'unknown-kid' }), 401, 'UNAUTHENTICATED'],
      [
        'a wrong audience',
        app.google.pushToken({ ...good, aud: 'https://evil.example.com/push' }),
        401,
        'UNAUTHENTICATED',
      ],
      ['a wrong issuer', app.google.pushToken({ ...good, iss: 'https://evil.example.com' }), 401, 'UNAUTHENTICATED'],
      [
        'another service account',
        app.google.pushToken({ ...good, email: 'attacker@evil-project.iam.gserviceaccount.com' }),
        403,
        'FORBIDDEN',
      ],
      ['no email', app.google.pushToken({ ...good, email: undefined }), 403, 'FORBIDDEN'],
      [
        'an expired token',
        app.google.pushToken({ ...good, iat: now - 3 * hour, exp: now - 2 * hour }),
        401,
        'UNAUTHENTICATED',
      ],
      ['an unverified email', app.google.pushToken({ ...good, email_verified: false }), 403, 'FORBIDDEN'],
    ];
    for (const [name, token, status, code] of cases) {
      const response = await app.push({ emailAddress: addresses.swimA, historyId }, { token: await token });
      expect({ name, status: response.status }).toEqual({ name, status });
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect({ name, code: body.error.code }).toEqual({ name, code });
      // The library's messages quote the token; the answer never does.
      expect(body.error.message).not.toMatch(/eyJ/);
    }
    expect(await app.runJobs()).toEqual([]);
    expect(await app.snapshot()).toEqual({
      tenants: { swimA: { conversations: [], messages: [] }, swimB: { conversations: [], messages: [] } },
      unrouted: [],
    });
    // Nothing was asked of Gmail for any of them.
    expect(app.google.requests.filter((request) => request.includes('/history'))).toEqual([]);
  });

  it('acknowledges a push for an address no tenant connected, keeps it for admins, and stores nothing', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const response = await app.push({ emailAddress: addresses.nobody, historyId: '4242' }, { messageId: 'ps-1' });
    expect(response.status).toBe(204);
    expect(await app.runJobs()).toEqual([]);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants).toEqual({
      swimA: { conversations: [], messages: [] },
      swimB: { conversations: [], messages: [] },
    });
    expect(snapshot.unrouted).toEqual([
      expect.objectContaining({
        provider: 'google',
        channel: 'email',
        to: addresses.nobody,
        code: 'TENANT_NOT_RESOLVED',
        providerEventId: 'ps-1',
      }),
    ]);
  });

  it('stores a push delivered twice (same Pub/Sub message id) once', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    for (let i = 0; i < 2; i++) {
      expect((await app.push({ emailAddress: addresses.swimA, historyId }, { messageId: 'ps-7' })).status).toBe(204);
    }
    expect(await app.runJobs()).toHaveLength(1);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants.swimA?.messages).toHaveLength(1);
    const history = app.google.requests.filter((request) => request === 'GET /gmail/v1/users/me/history');
    expect(history).toHaveLength(1);
  });

  it('stores a Gmail message named by two history ids once', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const first = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    expect((await app.push({ emailAddress: addresses.swimA, historyId: first })).status).toBe(204);
    await app.runJobs();
    // Gmail names m-a1 again in a later record, beside new mail, and twice within one sync.
    app.google.renameInHistory(addresses.swimA, 'm-a1');
    app.google.deliver(addresses.swimA, parentMail('m-a2', 'And for my second child?'));
    const last = app.google.renameInHistory(addresses.swimA, 'm-a2', 'm-a1');
    expect((await app.push({ emailAddress: addresses.swimA, historyId: last })).status).toBe(204);
    await app.runJobs();
    // A late notification for the first history id changes nothing either.
    expect((await app.push({ emailAddress: addresses.swimA, historyId: first })).status).toBe(204);
    await app.runJobs();
    const ids = (await app.snapshot()).tenants.swimA?.messages.map((message) => message.providerMessageId);
    expect(ids?.sort()).toEqual(['m-a1', 'm-a2']);
  });

  it('refuses a malformed push body with 400 and stores nothing', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const wrapped = (data: unknown) =>
      JSON.stringify({ message: { data, messageId: 'ps-9' }, subscription: 'projects/p/subscriptions/s' });
    const bodies: Array<[string, string, string]> = [
      ['not JSON', '{"message":', 'INVALID_JSON'],
      ['no message', JSON.stringify({ subscription: 'projects/p/subscriptions/s' }), 'VALIDATION_FAILED'],
      ['data not base64', wrapped('%%%not base64%%%'), 'VALIDATION_FAILED'],
      ['data not JSON', wrapped(Buffer.from('hello').toString('base64')), 'VALIDATION_FAILED'],
      [
        'no emailAddress',
        wrapped(Buffer.from(JSON.stringify({ historyId: '1' })).toString('base64')),
        'VALIDATION_FAILED',
      ],
      [
        'a history id that is no number',
        wrapped(Buffer.from(JSON.stringify({ emailAddress: addresses.swimA, historyId: 'x' })).toString('base64')),
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, body, code] of bodies) {
      const response = await app.push(null, { body });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect({ name, code: ((await response.json()) as { error: { code: string } }).error.code }).toEqual({
        name,
        code,
      });
    }
    expect(await app.runJobs()).toEqual([]);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants.swimA?.messages).toEqual([]);
    expect(snapshot.unrouted).toEqual([]);
  });

  it('syncs in the push request when the deployment has no job queue', async () => {
    const app = await createTestApp({ queue: false });
    await connectBoth(app);
    const historyId = app.google.deliver(addresses.swimB, parentMail('m-b1'));
    expect((await app.push({ emailAddress: addresses.swimB, historyId })).status).toBe(204);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants.swimB?.messages.map((message) => message.providerMessageId)).toEqual(['m-b1']);
    expect(snapshot.tenants.swimA?.messages).toEqual([]);
  });
});

describe('on PostgreSQL (row-level security)', () => {
  const database = freshDatabase({ tag: 'nvt_gmail' });

  it('connects two tenants and stores a verified push only in the tenant that connected the address', async () => {
    const app = await createTestApp({ postgresUrl: database.url });
    await connectBoth(app);
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-pg1'));
    expect((await app.push({ emailAddress: addresses.swimA, historyId })).status).toBe(204);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants.swimA?.messages.map((message) => message.providerMessageId)).toEqual(['m-pg1']);
    expect(snapshot.tenants.swimB?.messages).toEqual([]);
  });
});

describe('Gmail connections', () => {
  it('refuses with 409 an address another tenant has connected, and stores nothing for the second', async () => {
    const app = await createTestApp();
    expect((await app.connect(owners.swimA, addresses.swimA)).status).toBe(200);
    const refused = await app.connect(owners.swimB, addresses.swimA);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    const status = await app.api('GET', '/api/gmail/connection', { as: owners.swimB });
    expect(await status.json()).toEqual({ connection: null });
    expect((await app.storage.tenants.get(app.tenants.swimB.id))?.externalIds).toEqual({});
    expect(await app.storage.routing.tenantIdByExternalId('gmail', addresses.swimA)).toBe(app.tenants.swimA.id);
  });

  it('stops routing an address once its tenant disconnects', async () => {
    const app = await createTestApp();
    await connectBoth(app);
    const disconnected = await app.api('DELETE', '/api/gmail/connection', { as: owners.swimA });
    expect(disconnected.status).toBe(200);
    expect(await app.storage.routing.tenantIdByExternalId('gmail', addresses.swimA)).toBeNull();
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    expect((await app.push({ emailAddress: addresses.swimA, historyId })).status).toBe(204);
    expect(await app.runJobs()).toEqual([]);
    const snapshot = await app.snapshot();
    expect(snapshot.tenants.swimA?.messages).toEqual([]);
    expect(snapshot.unrouted).toEqual([expect.objectContaining({ to: addresses.swimA, code: 'TENANT_NOT_RESOLVED' })]);
  });

  it('marks a connection Google no longer honours as broken, audits it, and answers the push without a 500', async () => {
    const app = await createTestApp();
    app.google.shortLived(addresses.swimA);
    await connectBoth(app);
    app.google.revoke(addresses.swimA);
    const historyId = app.google.deliver(addresses.swimA, parentMail('m-a1'));
    expect((await app.push({ emailAddress: addresses.swimA, historyId })).status).toBe(204);
    expect(await app.runJobs()).toEqual([expect.objectContaining({ status: 'completed' })]);
    const status = await app.api('GET', '/api/gmail/connection', { as: owners.swimA });
    expect(await status.json()).toMatchObject({ connection: { status: 'broken' } });
    const audit = await app.storage.withTenant(app.tenants.swimA.id, (scope) => scope.auditEvents.list());
    expect(audit.items.map((event) => event.action)).toContain('gmail.connection_broken');
    // A later push skips the broken mailbox without asking Google.
    const askedGoogle = () => app.google.requests.filter((request) => !request.endsWith('/oauth2/v1/certs')).length;
    const before = askedGoogle();
    expect((await app.push({ emailAddress: addresses.swimA, historyId })).status).toBe(204);
    await app.runJobs();
    expect(askedGoogle()).toBe(before);
    expect((await app.snapshot()).tenants.swimA?.messages).toEqual([]);
  });
});
