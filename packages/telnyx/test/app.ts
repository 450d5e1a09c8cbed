import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import {
  createDevAuth,
  createNuvatra,
  createSecretBox,
  type Logger,
  type NuvatraPlugin,
  type SecretBox,
  type Storage,
} from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { onTestFinished } from 'vitest';
import { type TelnyxOptions, telnyx } from '../src/index.js';
import { type FakeTelnyx, startFakeTelnyx } from './fake-telnyx.js';

// Test-only: one deployment on in-memory SQLite with the real createNuvatra, the Telnyx plugin and a job queue,
// served by node:http on loopback; Telnyx's REST API faked on loopback; events signed the way Telnyx signs them.

export const webhookPath = '/api/webhooks/telnyx';

export const numbers = {
  swimA: '+15551110001',
  swimALegacyTwilio: '+15551110002',
  swimB: '+15552220001',
  paused: '+15554440001',
  unregistered: '+15550000000',
  parent: '+14155550123',
};

/** Each swim school's own Telnyx account (API key, messaging profile, AI Assistant); keys made per run. */
export const accounts = {
  swimA: {
    apiKey: `KEY${randomBytes(16).toString('hex')}`,
    messagingProfileId: '40017f8e-49bd-4f16-9e3d-ef103f916228',
    assistantId: 'assistant-2a1bb3b4-a4b1-4a37-b1a5-4b2a6a7e0a11',
  },
  swimB: {
    apiKey: `KEY${randomBytes(16).toString('hex')}`,
    messagingProfileId: '7c8f4a25-1b2e-4c53-9d3a-0b7c61f2e9b2',
    assistantId: 'assistant-9b7c0d1e-5f24-4e8a-8c3b-2d1e0f9a8b22',
  },
};

/** A Telnyx account's signing key pair, made per run: Telnyx signs with the private half and publishes the other. */
export function createSigningKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // Mission Control shows the raw 32-byte key in base64: the last 32 bytes of its SPKI encoding.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  return { publicKey: raw, privateKey };
}

export interface SignOptions {
  privateKey?: KeyObject;
  /** Unix seconds the event is signed at (now by default). */
  timestamp?: number;
  /** Overrides the computed signature; null sends none. */
  signature?: string | null;
  /** false: no telnyx-timestamp header. */
  sendTimestamp?: boolean;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
}

/** A delivery as Telnyx makes one: JSON, signed with ed25519 over `${telnyx-timestamp}|${raw body}`. */
export function signedDelivery(url: string, event: unknown, privateKey: KeyObject, options: SignOptions = {}) {
  const body = JSON.stringify(event);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined
      ? sign(null, Buffer.from(`${timestamp}|${body}`), options.privateKey ?? privateKey).toString('base64')
      : options.signature;
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'telnyx-webhooks' });
  if (signature !== null) headers.set('telnyx-signature-ed25519', signature);
  if (options.sendTimestamp !== false) headers.set('telnyx-timestamp', timestamp);
  return new Request(url, { method: 'POST', headers, body: options.tamper ? options.tamper(body) : body });
}

export interface TestAppOptions {
  telnyx?: Partial<TelnyxOptions>;
  /** false: the schools register no Telnyx account of their own. */
  accounts?: boolean;
  /** Integrators' plugins beside the Telnyx one. */
  plugins?: NuvatraPlugin[];
}

export async function createTestApp(options: TestAppOptions = {}) {
  const fake: FakeTelnyx = await startFakeTelnyx();
  fake.addAccount(accounts.swimA.apiKey, accounts.swimA.messagingProfileId);
  fake.addAccount(accounts.swimB.apiKey, accounts.swimB.messagingProfileId);
  const signingKey = createSigningKey();
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  const queue = createSqliteJobQueue({ storage });
  await queue.migrate();
  const secretBox: SecretBox = createSecretBox({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' });
  const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    info: (message, fields) => void logged.push({ level: 'info', message, fields }),
    warn: (message, fields) => void logged.push({ level: 'warn', message, fields }),
    error: (message, fields) => void logged.push({ level: 'error', message, fields }),
  };
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    adminUserIds: ['root'],
    logger,
    publicBaseUrl: 'https://voice.example.com',
    secretBox,
    jobs: { driver: queue, worker: false },
    plugins: [
      telnyx({ publicKey: signingKey.publicKey, baseUrl: fake.baseUrl, env: {}, ...options.telnyx }),
      ...(options.plugins ?? []),
    ],
  });
  const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1' });
  onTestFinished(() => server.close());
  const tenants = await seed(storage);

  /** A dashboard request through the server, signed in (development auth) as a school's owner: A by default. */
  async function api(method: string, path: string, init: { as?: string; body?: unknown } = {}) {
    const headers = new Headers({ authorization: `Bearer dev:${init.as ?? 'owner@swim-a'}` });
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const body = init.body === undefined ? null : JSON.stringify(init.body);
    return fetch(`${server.url}${path}`, { method, headers, body });
  }

  if (options.accounts !== false) {
    for (const [as, account] of [
      ['owner@swim-a', accounts.swimA],
      ['owner@swim-b', accounts.swimB],
    ] as const) {
      const response = await api('PUT', '/api/telnyx/account', { as, body: account });
      if (response.status !== 200) throw new Error(`registering ${as}'s account: ${await response.text()}`);
    }
  }

  /** Posts a Telnyx event to the webhook over HTTP, signed by the account's key unless told otherwise. */
  async function post(event: unknown, sign: SignOptions = {}): Promise<Response> {
    const request = signedDelivery(`${server.url}${webhookPath}`, event, signingKey.privateKey, sign);
    return fetch(request);
  }

  return {
    nuvatra,
    storage,
    secretBox,
    fake,
    tenants,
    logged,
    post,
    api,
    /** Works off every job due now, as a worker would. */
    runJobs: async () => (await nuvatra.jobs?.runDue()) ?? [],
    snapshot: () => snapshot(storage, tenants),
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Two swim schools with their own Telnyx numbers (A keeps a legacy Twilio number too), and a suspended one. */
async function seed(storage: Storage) {
  const tenant = async (slug: string, name: string, owned: Array<[string, 'telnyx' | 'twilio']>) => {
    const created = await storage.tenants.create({ slug, name });
    await storage.withTenant(created.id, async (scope) => {
      for (const [number, provider] of owned) await scope.phoneNumbers.create({ number, kind: 'owned', provider });
      await scope.members.add({ userId: 'owner', role: 'owner' });
      await scope.config.put({
        businessProfile: { name, description: 'Swimming lessons for every age.' },
        timezone: 'America/New_York',
        greeting: { en: `Thanks for calling ${name}! How can I help?` },
        services: [
          { name: `${name} toddler splash`, durationMinutes: 30, price: '$25' },
          { name: 'Adult lessons', durationMinutes: 45 },
        ],
        workingHours: {
          weekly: { mon: [{ open: '09:00', close: '17:00' }], sat: [{ open: '08:00', close: '12:00' }] },
        },
      });
    });
    return created;
  };
  const swimA = await tenant('swim-a', 'Swim School A', [
    [numbers.swimA, 'telnyx'],
    [numbers.swimALegacyTwilio, 'twilio'],
  ]);
  const swimB = await tenant('swim-b', 'Swim School B', [[numbers.swimB, 'telnyx']]);
  const paused = await tenant('paused-swim', 'Paused Swim', [[numbers.paused, 'telnyx']]);
  await storage.tenants.update(paused.id, { status: 'suspended' });
  return { swimA, swimB, paused };
}

/** Everything a webhook could have written, per tenant and for admins. */
async function snapshot(storage: Storage, tenants: Record<string, { id: string }>) {
  const perTenant: Record<string, { calls: unknown[]; messages: unknown[]; audit: unknown[] }> = {};
  for (const [name, { id }] of Object.entries(tenants)) {
    perTenant[name] = await storage.withTenant(id, async (scope) => {
      const messages: unknown[] = [];
      for (const conversation of (await scope.conversations.list()).items) {
        messages.push(...(await scope.messages.list(conversation.id)).items);
      }
      return {
        calls: (await scope.calls.list()).items,
        messages,
        audit: (await scope.auditEvents.list()).items.filter((event) => !event.action.startsWith('telnyx.account')),
      };
    });
  }
  return { tenants: perTenant, unrouted: (await storage.unrouted.list()).items };
}
