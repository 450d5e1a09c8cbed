import { randomBytes } from 'node:crypto';
import {
  createDevAuth,
  createNuvatra,
  createTenantTokenSigner,
  type Nuvatra,
  type Storage,
  type Tenant,
} from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { onTestFinished } from 'vitest';
import { type OutboundSms, seedSwimSchool, swimSchool } from '../src/index.js';

export const publicBaseUrl = 'https://voice.example.com';
/** A Monday morning: the seeded slots start the next day. */
export const now = new Date('2026-03-02T08:00:00.000Z');
const key = randomBytes(32).toString('base64');

export interface SwimApp {
  nuvatra: Nuvatra;
  storage: Storage;
  signer: ReturnType<typeof createTenantTokenSigner>;
  /** The swim school (the plugin is enabled for it) and a restaurant (it is not). */
  tenants: { splash: Tenant; bistro: Tenant };
  /** Texts the job handed to the deployment's sender. */
  sent: OutboundSms[];
  /** Posts to a tool URL (path and query) as a voice AI provider would. */
  callTool(path: string, args?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The tenant's tool URLs by tool name, as path and query. */
  toolPaths(tenantId: string): Promise<Record<string, string>>;
}

/**
 * A deployment with the plugin for `splash` only, on in-memory SQLite (with its job queue) or on Postgres with
 * row-level security, where the texts are sent by running the jobs in the test (SQLite) or not at all (Postgres).
 */
export async function createSwimApp(options: { postgresUrl?: string; queue?: boolean } = {}): Promise<SwimApp> {
  const signer = createTenantTokenSigner({ keys: { k1: key }, primaryKeyId: 'k1' });
  const sent: OutboundSms[] = [];
  const plugin = swimSchool({
    tenants: ['splash'],
    registrationUrl: 'https://splash.example.com/register',
    signer,
    sendSms: async (sms) => void sent.push(sms),
    now: () => now,
  });
  const storage = options.postgresUrl
    ? createPostgresStorage({
        mode: 'shared',
        connectionString: options.postgresUrl,
        schema: `swim_${randomBytes(4).toString('hex')}`,
      })
    : createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  if (options.postgresUrl) onTestFinished(() => storage.close());
  await storage.migrate({ plugins: [plugin] });
  const queue = createSqliteJobQueue({ storage: options.postgresUrl ? await sqliteForJobs() : storage });
  await queue.migrate();
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    plugins: [plugin],
    tenantTokens: signer,
    publicBaseUrl,
    ...(options.queue === false ? {} : { jobs: { driver: queue } }),
    logger: false,
  });
  const splash = await storage.tenants.create({ slug: 'splash', name: 'Splash Swim School' });
  const bistro = await storage.tenants.create({ slug: 'harbor-bistro', name: 'Harbor Bistro' });
  await storage.withTenant(splash.id, (scope) => scope.phoneNumbers.create({ number: '+15550100001', kind: 'owned' }));
  await seedSwimSchool(storage, splash.id, { now });
  return {
    nuvatra,
    storage,
    signer,
    tenants: { splash, bistro },
    sent,
    callTool: (path, args = {}, headers = {}) =>
      nuvatra.handle(
        new Request(`${publicBaseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(args),
        }),
      ),
    async toolPaths(tenantId) {
      const urls = await nuvatra.toolUrls(tenantId);
      return Object.fromEntries(urls.map(({ name, url }) => [name, url.slice(publicBaseUrl.length)]));
    },
  };
}

/** On Postgres the test keeps the queue in a SQLite file of its own: the plugin's jobs only need some queue. */
async function sqliteForJobs(): Promise<Storage> {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  return storage;
}
