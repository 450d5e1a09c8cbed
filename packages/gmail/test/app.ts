import { randomBytes } from 'node:crypto';
import { createDevAuth, createNuvatra, createSecretBox, type Logger, type Storage } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { onTestFinished } from 'vitest';
import { type GmailOptions, gmailPlugin } from '../src/index.js';
import { type FakeGoogle, startFakeGoogle } from './fake-google.js';

// Test-only: one deployment on in-memory SQLite with the real createNuvatra and the Gmail plugin, served by node:http
// on loopback; Google (certificates, OAuth, Gmail) faked on loopback; push tokens signed per run.

export const pushPath = '/api/gmail/push';

export const pubsub = {
  topicName: 'projects/nuvatra-test/topics/gmail',
  audience: 'https://voice.example.com/api/gmail/push',
  serviceAccountEmail: 'gmail-push@nuvatra-test.iam.gserviceaccount.com',
};

export const addresses = {
  swimA: 'frontdesk@swim-a.example.com',
  swimB: 'hello@swim-b.example.com',
  nobody: 'stranger@elsewhere.example.com',
};

export interface TestAppOptions {
  /** false: no job queue, the sync runs in the push request. */
  queue?: boolean;
  gmail?: Partial<GmailOptions>;
  /** Runs on this PostgreSQL database (a schema of its own) instead of in-memory SQLite; implies `queue: false`. */
  postgresUrl?: string;
}

export async function createTestApp(options: TestAppOptions = {}) {
  // One clock for the plugin, the job queue and Google: moving it on makes a job due later due now.
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const google: FakeGoogle = await startFakeGoogle({ now });
  const plugin = gmailPlugin({
    clientId: 'nuvatra-test.apps.googleusercontent.com',
    clientSecret: randomBytes(18).toString('base64url'),
    redirectUri: 'https://app.example.com/settings/gmail/callback',
    pubsub,
    endpoints: google.endpoints,
    rootUrl: google.url,
    certsUrl: google.certsUrl,
    now,
    ...options.gmail,
  });
  const sqlite = options.postgresUrl ? null : createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  const storage: Storage =
    sqlite ??
    createPostgresStorage({
      mode: 'shared',
      connectionString: options.postgresUrl as string,
      schema: `gmail_${randomBytes(4).toString('hex')}`,
    });
  if (!sqlite) onTestFinished(() => storage.close());
  await storage.migrate({ plugins: [plugin] });
  const queue = sqlite ? createSqliteJobQueue({ storage: sqlite, now: () => new Date(now()) }) : null;
  await queue?.migrate();
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
    secretBox: createSecretBox({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' }),
    ...(options.queue === false || !queue
      ? {}
      : { jobs: { driver: queue, worker: false, now: () => new Date(now()) } }),
    plugins: [plugin],
  });
  const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1' });
  onTestFinished(() => server.close());
  const tenants = await seed(storage);

  /** A dashboard request through the server, signed in (development auth) as `as`. */
  async function api(method: string, path: string, init: { as: string; body?: unknown }) {
    const headers = new Headers({ authorization: `Bearer dev:${init.as}` });
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const body = init.body === undefined ? null : JSON.stringify(init.body);
    return fetch(`${server.url}${path}`, { method, headers, body });
  }

  /** Connects `address` as the tenant's Gmail the way a dashboard does: connect → Google consent → callback. */
  async function connect(as: string, address: string): Promise<Response> {
    const started = await api('GET', '/api/gmail/connect', { as });
    if (started.status !== 200) throw new Error(`connect: ${started.status} ${await started.text()}`);
    const { url } = (await started.json()) as { url: string };
    const state = new URL(url).searchParams.get('state');
    return api('POST', '/api/gmail/callback', { as, body: { code: google.consent(address), state } });
  }

  /** A Pub/Sub push as Pub/Sub makes one; `token: null` sends no Authorization header. */
  async function push(
    notification: { emailAddress: string; historyId: string | number } | null,
    init: { token?: string | null; messageId?: string; body?: string; contentType?: string } = {},
  ): Promise<Response> {
    const token =
      init.token === undefined
        ? await google.pushToken({
            iss: 'https://accounts.google.com',
            aud: pubsub.audience,
            email: pubsub.serviceAccountEmail,
            email_verified: true,
            sub: '104729111111111111111',
          })
        : init.token;
    // Pub/Sub sends the id twice, as messageId and message_id.
    const messageId = init.messageId ?? randomBytes(8).toString('hex');
    const body =
      init.body ??
      JSON.stringify({
        message: {
          data: Buffer.from(JSON.stringify(notification)).toString('base64'),
          messageId,
          message_id: messageId,
          publishTime: '2026-01-01T00:00:00.000Z',
        },
        subscription: 'projects/nuvatra-test/subscriptions/gmail-push',
      });
    const headers = new Headers({ 'content-type': init.contentType ?? 'application/json' });
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${server.url}${pushPath}`, { method: 'POST', headers, body });
  }

  return {
    nuvatra,
    storage,
    google,
    tenants,
    logged,
    api,
    connect,
    push,
    /** Works off every job due now, as a worker would. */
    runJobs: async () => (await nuvatra.jobs?.runDue()) ?? [],
    /** The queue, to read what is pending (SQLite deployments only). */
    get queue() {
      if (!queue) throw new Error('this test deployment runs on PostgreSQL and has no job queue');
      return queue;
    },
    /** Moves the shared clock on (the plugin's, the queue's and Google's). */
    advance: (ms: number) => {
      offsetMs += ms;
    },
    now,
    snapshot: () => snapshot(storage, tenants),
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Two swim schools, each with its owner. */
async function seed(storage: Storage) {
  const tenant = async (slug: string, name: string) => {
    const created = await storage.tenants.create({ slug, name });
    await storage.withTenant(created.id, (scope) => scope.members.add({ userId: 'owner', role: 'owner' }));
    return created;
  };
  return { swimA: await tenant('swim-a', 'Swim School A'), swimB: await tenant('swim-b', 'Swim School B') };
}

/** Everything a push could have written, per tenant and for admins. */
async function snapshot(storage: Storage, tenants: Record<string, { id: string }>) {
  const perTenant: Record<string, { conversations: unknown[]; messages: Array<Record<string, unknown>> }> = {};
  for (const [name, { id }] of Object.entries(tenants)) {
    perTenant[name] = await storage.withTenant(id, async (scope) => {
      const conversations = (await scope.conversations.list()).items;
      const messages: Array<Record<string, unknown>> = [];
      for (const conversation of conversations) {
        messages.push(...(await scope.messages.list(conversation.id)).items);
      }
      return { conversations, messages };
    });
  }
  return { tenants: perTenant, unrouted: (await storage.unrouted.list()).items };
}
