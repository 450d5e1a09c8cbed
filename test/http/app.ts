import {
  type CreateCallInput,
  createApiKeyAuth,
  createDevAuth,
  createNuvatra,
  type Nuvatra,
  type NuvatraOptions,
  type Storage,
} from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { onTestFinished } from 'vitest';
import { openTestStorage } from './storage.js';

export const adminApiKey = 'nvk_admin_0123456789abcdefghijklmnop';

/**
 * `memory`: `nuvatra.handle(new Request(...))`; `http`: the same requests through a real node:http server on
 * loopback. The two vitest projects of this folder run every test both ways.
 */
export const transport = process.env.NUVATRA_TEST_TRANSPORT === 'http' ? 'http' : 'memory';

export interface TestApp {
  nuvatra: Nuvatra;
  storage: Storage;
  /** Sends a request to the handler, as `dev:<as>` unless `as` is null or headers carry credentials. */
  request(
    method: string,
    path: string,
    options?: { as?: string | null; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** A deployment on in-memory SQLite with development sign-in and one admin API key; `root` is a global admin. */
export async function createTestApp(overrides: Partial<NuvatraOptions> = {}): Promise<TestApp> {
  let storage = overrides.storage;
  if (!storage) {
    storage = await openTestStorage();
  }
  const nuvatra = createNuvatra({
    storage,
    auth: [
      createApiKeyAuth({ keys: [{ key: adminApiKey, principal: 'ops-script', isGlobalAdmin: true }] }),
      createDevAuth({ nodeEnv: 'test' }),
    ],
    adminUserIds: ['root'],
    logger: false,
    corsOrigins: ['https://dashboard.example.com'],
    ...overrides,
  });
  let origin = 'http://localhost';
  if (transport === 'http') {
    const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1' });
    origin = server.url;
    onTestFinished(() => server.close());
  }
  return {
    nuvatra,
    storage,
    request(method, path, options = {}) {
      const headers = new Headers(options.headers);
      const as = options.as === undefined ? 'root' : options.as;
      if (as !== null && !headers.has('authorization') && !headers.has('x-api-key')) {
        headers.set('authorization', `Bearer dev:${as}`);
      }
      let body: BodyInit | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      // `duplex: 'half'` lets a stream be the body (a client that sends no Content-Length).
      const init = { method, headers, body: body ?? null, duplex: 'half' } as RequestInit;
      const request = new Request(`${origin}${path}`, init);
      return transport === 'http' ? fetch(request) : nuvatra.handle(request);
    },
  };
}

export const callInput = (n: number, overrides: Partial<CreateCallInput> = {}): CreateCallInput => ({
  provider: 'twilio',
  providerCallId: `CA${String(n).padStart(32, '0')}`,
  from: '+15550109999',
  to: '+15550100001',
  status: 'completed',
  durationSeconds: 60,
  outcome: 'booked',
  intent: 'book_appointment',
  transcript: `AI: Hello, call ${n}`,
  ...overrides,
});

/** Two tenants made through the admin API, each with an owner, a number, an intent and calls. */
export async function seedTwoTenants(app: TestApp) {
  const create = async (slug: string, name: string, phoneNumber: string, ownerUserId: string) => {
    const response = await app.request('POST', '/api/admin/tenants', {
      body: { slug, name, phoneNumber, ownerUserId, timezone: 'America/New_York' },
    });
    if (response.status !== 201) throw new Error(`seed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { tenant: { id: string } }).tenant;
  };
  const sunrise = await create('sunrise-dental', 'Sunrise Dental', '+1 555 010 0001', 'alice');
  const harbor = await create('harbor-bistro', 'Harbor Bistro', '+1 555 020 0002', 'bob');
  const fill = (tenantId: string, offset: number, to: string) =>
    app.storage.withTenant(tenantId, async (scope) => {
      const calls = [];
      for (let n = 1; n <= 3; n++) calls.push(await scope.calls.create(callInput(offset + n, { to })));
      const intent = await scope.intents.create({ name: 'opening_hours', responses: { en: 'We open at nine.' } });
      const conversation = await scope.conversations.create({ channel: 'sms', participant: '+15550109999' });
      await scope.messages.append(conversation.id, { direction: 'inbound', body: 'Hi', from: '+15550109999', to });
      return { calls, intent, conversation };
    });
  return {
    sunrise: { ...sunrise, ...(await fill(sunrise.id, 0, '+15550100001')) },
    harbor: { ...harbor, ...(await fill(harbor.id, 100, '+15550200002')) },
  };
}
