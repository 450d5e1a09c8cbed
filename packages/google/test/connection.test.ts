import { createSecretBox, definePlugin, defineRoute, errorResponse, type Storage } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { databaseUrl, freshDatabase } from '../../../test-support/postgres.js';
import { defineGoogleConnection, type GoogleConnection, isGoogleError } from '../src/index.js';
import { sealState } from '../src/state.js';
import { createDeployment, type Deployment, redirectUri } from './deployment.js';

// The shared Google OAuth module through the real HTTP handler: a product plugin spreading the connection, plus one
// route that asks for an access token the way the calendar and Gmail plugins do.

const prefix = '/api/calendar';
const database = freshDatabase({ tag: 'nvt_google' });

function app(postgresUrl?: string) {
  const events: string[] = [];
  let connection: GoogleConnection | undefined;
  const deployment = createDeployment({
    ...(postgresUrl ? { postgresUrl } : {}),
    plugins: ({ fake, now }) => {
      connection = defineGoogleConnection({
        kind: 'calendar',
        scopes: ['https://www.googleapis.com/auth/calendar.events'],
        routePrefix: prefix,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri,
        endpoints: fake.endpoints,
        now,
        onConnected: ({ connection: view, accessToken }) =>
          void events.push(`connected ${view.email} ${accessToken ? 'with a token' : 'without'}`),
        onDisconnected: ({ connection: view }) => void events.push(`disconnected ${view.email}`),
      });
      const probe = defineRoute({
        method: 'GET',
        path: `${prefix}/probe`,
        auth: 'user',
        summary: 'Test-only: uses the access token',
        async handle({ scope, services }) {
          try {
            return { ok: (await connection!.accessToken(scope, services)).length > 0 };
          } catch (error) {
            // Answered, not thrown, so that a broken mark commits.
            if (isGoogleError(error)) return errorResponse(error);
            throw error;
          }
        },
      });
      return [
        definePlugin({ name: 'google-test', routes: [...connection.routes, probe], storage: connection.storage }),
      ];
    },
  });
  return deployment.then((d) => ({ ...d, events, connection: connection! }));
}

async function rows(storage: Storage, tenantId: string) {
  return storage.withTenant(tenantId, async (scope) => ({
    connections: await scope.model('google_calendar_connections').findMany(),
    states: await scope.model('google_calendar_oauth_states').count(),
    audit: (await scope.auditEvents.list()).items.map((event) => event.action),
  }));
}

async function errorOf(response: Response) {
  return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

const storages = [
  ['SQLite', () => app()],
  ['Postgres', () => app(databaseUrl(database.name))],
] as const;

describe.each(storages)('connecting a Google account on %s', (_, create) => {
  it('stores the connection sealed and answers its account and status, never a token', async () => {
    const d = await create();
    const { url, state } = await d.consent(prefix);
    const consentUrl = new URL(url);
    expect(Object.fromEntries(consentUrl.searchParams)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      code_challenge_method: 'S256',
      response_type: 'code',
      client_id: d.fake.clientId,
      redirect_uri: redirectUri,
      scope: 'https://www.googleapis.com/auth/calendar.events openid email',
    });
    // Opaque: neither the tenant nor the user can be read off the consent URL.
    expect(state).not.toContain(d.tenants.a.id);
    expect(Buffer.from(state.split('.').at(-1) ?? '', 'base64url').toString('latin1')).not.toContain(d.tenants.a.id);

    const { code } = await d.consent(prefix);
    const second = await d.consent(prefix);
    const response = await d.api('POST', `${prefix}/callback`, { body: { code: second.code, state: second.state } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      connection: {
        kind: 'calendar',
        email: 'owner@clinic-a.example',
        status: 'connected',
        scopes: ['https://www.googleapis.com/auth/calendar.events', 'openid', 'email'],
        connectedAt: expect.any(String),
      },
    });
    expect(code).not.toBe(second.code);

    const stored = await rows(d.storage, d.tenants.a.id);
    expect(stored.connections).toHaveLength(1);
    const raw = JSON.stringify(stored.connections);
    expect(raw).not.toMatch(/ya29\.|1\/\/0g/);
    expect(stored.connections[0]).toMatchObject({
      status: 'connected',
      sealedTokens: expect.stringMatching(/^v1\.k1\./),
    });
    expect(stored.audit).toContain('google.calendar.connected');
    expect(d.events).toEqual(['connected owner@clinic-a.example with a token']);

    const status = await d.api('GET', `${prefix}/connection`);
    expect(await status.json()).toMatchObject({ connection: { status: 'connected', email: 'owner@clinic-a.example' } });
    expect(JSON.stringify(d.logged)).not.toMatch(/ya29\.|1\/\/0g|Bearer ya29/);
  });

  it('refreshes an expired access token once when ten requests ask at the same time', async () => {
    const d = await create();
    await d.connect(prefix);
    expect((await d.api('GET', `${prefix}/probe`)).status).toBe(200);
    expect(d.fake.hits.refresh_token).toBe(0);

    d.clock.offsetMs += 2 * 60 * 60_000;
    const answers = await Promise.all(Array.from({ length: 10 }, () => d.api('GET', `${prefix}/probe`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(d.fake.hits.refresh_token).toBe(1);

    // Ten callers in one scope share one refresh too.
    d.clock.offsetMs += 2 * 60 * 60_000;
    const tokens = await d.storage.withTenant(d.tenants.a.id, (scope) =>
      Promise.all(Array.from({ length: 10 }, () => d.connection.accessToken(scope, { secretBox: d.secretBox }))),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(d.fake.hits.refresh_token).toBe(2);
    expect(JSON.stringify(d.logged)).not.toMatch(/ya29\.|1\/\/0g/);
  });

  it('marks the connection broken when Google answers invalid_grant, and answers 409 rather than 500', async () => {
    const d = await create();
    await d.connect(prefix);
    d.fake.revokeAll('owner@clinic-a.example');
    d.clock.offsetMs += 2 * 60 * 60_000;

    expect(await errorOf(await d.api('GET', `${prefix}/probe`))).toEqual({
      status: 409,
      code: 'GOOGLE_CONNECTION_BROKEN',
    });
    const status = (await (await d.api('GET', `${prefix}/connection`)).json()) as {
      connection: { status: string; brokenReason: string };
    };
    expect(status.connection).toMatchObject({
      status: 'broken',
      brokenReason: expect.stringContaining('invalid_grant'),
    });
    // Broken stays broken without asking Google again, until the tenant reconnects.
    expect(await errorOf(await d.api('GET', `${prefix}/probe`))).toEqual({
      status: 409,
      code: 'GOOGLE_CONNECTION_BROKEN',
    });
    expect(d.fake.hits.refresh_token).toBe(1);
    await d.connect(prefix);
    expect((await d.api('GET', `${prefix}/probe`)).status).toBe(200);
  });
});

describe('refused callbacks store nothing', () => {
  async function refusedWith(d: Deployment, response: Response, expected: { status: number; code: string }) {
    expect(await errorOf(response)).toEqual(expected);
    for (const tenantId of [d.tenants.a.id, d.tenants.b.id]) {
      const stored = await rows(d.storage, tenantId);
      expect(stored.connections).toEqual([]);
      expect(stored.audit.every((action) => action === 'google.calendar.connect_refused')).toBe(true);
    }
    expect(d.fake.hits.authorization_code).toBe(0);
  }

  it('refuses a tampered state with 400 OAUTH_STATE_INVALID', async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    const tampered = `${state.slice(0, -4)}${state.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { body: { code, state: tampered } }), {
      status: 400,
      code: 'OAUTH_STATE_INVALID',
    });
    expect((await rows(d.storage, d.tenants.a.id)).audit).toEqual(['google.calendar.connect_refused']);
  });

  it("refuses a state sealed with another deployment's key, naming this tenant and user", async () => {
    const d = await app();
    const { code } = await d.consent(prefix);
    const elsewhere = createSecretBox({ keys: { k1: new Uint8Array(32).fill(7) }, primaryKeyId: 'k1' });
    const forged = await sealState(elsewhere, {
      t: d.tenants.a.id,
      u: 'owner',
      k: 'calendar',
      n: 'gst_forged',
      e: d.now() + 60_000,
    });
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { body: { code, state: forged } }), {
      status: 400,
      code: 'OAUTH_STATE_INVALID',
    });
  });

  it('refuses an expired state with 400 OAUTH_STATE_EXPIRED', async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    d.clock.offsetMs += 11 * 60_000;
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { body: { code, state } }), {
      status: 400,
      code: 'OAUTH_STATE_EXPIRED',
    });
  });

  it("refuses tenant A's state completed by tenant B's user, then still lets A's user complete it", async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { as: 'owner@clinic-b', body: { code, state } }), {
      status: 403,
      code: 'OAUTH_STATE_MISMATCH',
    });
    expect((await rows(d.storage, d.tenants.b.id)).audit).toEqual(['google.calendar.connect_refused']);
    expect((await d.api('POST', `${prefix}/callback`, { body: { code, state } })).status).toBe(200);
    expect((await rows(d.storage, d.tenants.b.id)).connections).toEqual([]);
  });

  it("refuses A's owner's state completed by another user of A with 403 OAUTH_STATE_MISMATCH", async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { as: 'staff@clinic-a', body: { code, state } }), {
      status: 403,
      code: 'OAUTH_STATE_MISMATCH',
    });
  });

  it("refuses Google's access_denied with 400 OAUTH_ACCESS_DENIED, and the state cannot be used again", async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    await refusedWith(
      d,
      await d.api('GET', `${prefix}/callback?error=access_denied&state=${encodeURIComponent(state)}`),
      { status: 400, code: 'OAUTH_ACCESS_DENIED' },
    );
    await refusedWith(d, await d.api('POST', `${prefix}/callback`, { body: { code, state } }), {
      status: 409,
      code: 'OAUTH_STATE_USED',
    });
  });

  it('refuses a replayed state with 409 OAUTH_STATE_USED and leaves the connection as it was', async () => {
    const d = await app();
    const { code, state } = await d.consent(prefix);
    const first = await d.api(
      'GET',
      `${prefix}/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    );
    expect(first.status).toBe(200);
    const before = await rows(d.storage, d.tenants.a.id);
    const replay = await d.api('POST', `${prefix}/callback`, { body: { code, state } });
    expect(await errorOf(replay)).toEqual({ status: 409, code: 'OAUTH_STATE_USED' });
    const after = await rows(d.storage, d.tenants.a.id);
    expect(after.connections).toEqual(before.connections);
    expect(after.audit.filter((action) => !before.audit.includes(action))).toEqual(['google.calendar.connect_refused']);
    expect(d.fake.hits.authorization_code).toBe(1);
  });
});

describe('the connection of each tenant', () => {
  it('is invisible to another tenant, whose calls find no connection of their own', async () => {
    const d = await app();
    await d.connect(prefix);
    expect(await (await d.api('GET', `${prefix}/connection`, { as: 'owner@clinic-b' })).json()).toEqual({
      connection: null,
    });
    expect(await errorOf(await d.api('GET', `${prefix}/probe`, { as: 'owner@clinic-b' }))).toEqual({
      status: 409,
      code: 'CALENDAR_NOT_CONNECTED',
    });
    expect((await d.api('DELETE', `${prefix}/connection`, { as: 'owner@clinic-b' })).status).toBe(404);
    expect(await (await d.api('GET', `${prefix}/connection`)).json()).toMatchObject({
      connection: { status: 'connected' },
    });
  });

  it('disconnects: revoked at Google, forgotten here, and said so when Google does not confirm', async () => {
    const d = await app();
    await d.connect(prefix);
    const response = await d.api('DELETE', `${prefix}/connection`);
    expect(await response.json()).toMatchObject({ disconnected: true, revoked: true });
    expect(d.fake.hits.revoke).toBe(1);
    expect(await (await d.api('GET', `${prefix}/connection`)).json()).toEqual({ connection: null });
    expect(d.events.at(-1)).toBe('disconnected owner@clinic-a.example');

    await d.connect(prefix);
    d.fake.failRevoke = true;
    const failed = await d.api('DELETE', `${prefix}/connection`);
    expect(failed.status).toBe(200);
    expect(await failed.json()).toMatchObject({ disconnected: true, revoked: false });
    expect((await rows(d.storage, d.tenants.a.id)).connections).toEqual([]);
    expect((await d.api('DELETE', `${prefix}/connection`)).status).toBe(404);
  });

  it('redirects to the consent URL with ?redirect=1', async () => {
    const d = await app();
    const response = await d.api('GET', `${prefix}/connect?redirect=1`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${d.fake.endpoints.authUrl}\\?`));
  });
});
