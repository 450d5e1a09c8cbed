import { randomBytes } from 'node:crypto';
import {
  createDevAuth,
  createNuvatra,
  createSecretBox,
  createTenantTokenSigner,
  type Logger,
  type NuvatraPlugin,
  type Storage,
} from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { onTestFinished } from 'vitest';
import { type FakeGoogle, startFakeGoogle } from './fake-google.js';

// Test-only: one deployment with the real createNuvatra (development sign-in, a secret box and tool tokens made per
// run) on in-memory SQLite or a fresh Postgres schema, served on loopback, with Google faked on loopback.

export const redirectUri = 'https://dashboard.example.com/settings/calendar/callback';

export interface DeploymentOptions {
  plugins(input: { fake: FakeGoogle; now: () => number }): NuvatraPlugin[];
  postgresUrl?: string;
}

export async function createDeployment(options: DeploymentOptions) {
  const fake = await startFakeGoogle();
  // The test's clock: real time plus an offset a test moves forward to make access tokens expire.
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const plugins = options.plugins({ fake, now });
  const storage: Storage = options.postgresUrl
    ? createPostgresStorage({
        mode: 'shared',
        connectionString: options.postgresUrl,
        schema: `google_${randomBytes(4).toString('hex')}`,
      })
    : createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  onTestFinished(() => storage.close());
  await storage.migrate({ plugins });
  const secretBox = createSecretBox({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' });
  const tenantTokens = createTenantTokenSigner({ keys: { t1: randomBytes(32) }, primaryKeyId: 't1' });
  const logged: string[] = [];
  const logger: Logger = {
    info: (message, fields) => void logged.push(JSON.stringify({ message, fields })),
    warn: (message, fields) => void logged.push(JSON.stringify({ message, fields })),
    error: (message, fields) => void logged.push(JSON.stringify({ message, fields, error: String(fields?.error) })),
  };
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    secretBox,
    tenantTokens,
    publicBaseUrl: 'https://voice.example.com',
    plugins,
    logger,
  });
  const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1' });
  onTestFinished(() => server.close());

  const tenant = async (slug: string, name: string, users: string[]) => {
    const created = await storage.tenants.create({ slug, name });
    await storage.withTenant(created.id, async (scope) => {
      for (const userId of users) await scope.members.add({ userId, role: userId === 'owner' ? 'owner' : 'member' });
      await scope.config.put({
        businessProfile: { name },
        timezone: 'America/New_York',
        workingHours: {
          weekly: {
            mon: [{ open: '09:00', close: '17:00' }],
            tue: [{ open: '09:00', close: '17:00' }],
            wed: [{ open: '09:00', close: '17:00' }],
            thu: [{ open: '09:00', close: '17:00' }],
            fri: [{ open: '09:00', close: '17:00' }],
          },
          exceptions: [{ date: '2031-12-25', closed: true, note: 'Christmas' }],
        },
      });
    });
    return created;
  };
  const tenants = {
    a: await tenant('clinic-a', 'Clinic A', ['owner', 'staff']),
    b: await tenant('clinic-b', 'Clinic B', ['owner']),
  };

  /** A dashboard request over HTTP, signed in (development auth) as `user@tenant-slug`: A's owner by default. */
  function api(method: string, path: string, init: { as?: string; body?: unknown } = {}) {
    const headers = new Headers({ authorization: `Bearer dev:${init.as ?? 'owner@clinic-a'}` });
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${server.url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      redirect: 'manual',
    });
  }

  /** Starts connecting as `as`, and consents at the fake Google: the code and state Google sends back. */
  async function consent(prefix: string, as = 'owner@clinic-a') {
    const response = await api('GET', `${prefix}/connect`, { as });
    if (response.status !== 200) throw new Error(`connect: ${response.status} ${await response.text()}`);
    const { url } = (await response.json()) as { url: string };
    const back = await fetch(url, { redirect: 'manual' });
    const location = new URL(back.headers.get('location') ?? '');
    return { url, code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') ?? '' };
  }

  /** Consents and posts the callback as the dashboard does. */
  async function connect(prefix: string, as = 'owner@clinic-a') {
    const { code, state } = await consent(prefix, as);
    const response = await api('POST', `${prefix}/callback`, { as, body: { code, state } });
    if (response.status !== 200) throw new Error(`callback: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ connection: Record<string, unknown> }>;
  }

  return {
    fake,
    clock,
    now,
    storage,
    nuvatra,
    server,
    secretBox,
    tenantTokens,
    tenants,
    logged,
    api,
    consent,
    connect,
  };
}
export type Deployment = Awaited<ReturnType<typeof createDeployment>>;
