import { join } from 'node:path';
import { clerkWebhooks } from '@nuvatra/clerk';
import { createDevAuth, createNuvatra, type Nuvatra, type Storage } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import { onTestFinished } from 'vitest';
import { type FakeVapi, startFakeVapi } from '../../vapi/test/fake-vapi.js';
import { createDevelopmentProviders, type DevelopmentProviders } from '../src/index.js';
import { temporaryDirectory } from './run.js';

// Test-only: a deployment like the example's, on real HTTP: SQLite in a temporary NUVATRA_DATA_DIR with the
// example's file layout (so the CLI opens the same file), the Twilio, Vapi and Clerk-webhooks plugins, served by
// @nuvatra/node on a free port of loopback, PUBLIC_BASE_URL being that address. Vapi's REST API, which the hand-off
// calls, is faked on loopback too; nothing else is.

export const numbers = { sunrise: '+15550100001', harbor: '+15550200002', caller: '+14155550123' };

export interface TestServer {
  url: string;
  dataDir: string;
  storage: Storage;
  credentials: DevelopmentProviders;
  fakeVapi: FakeVapi;
  tenants: { sunrise: string; harbor: string };
  /** The variables the CLI signs with: the server's own credentials, and its data directory. */
  env: Record<string, string>;
}

/** `voiceAgent: false` mounts Vapi without an API key, as the example does in development: no hand-off. */
export async function startTestServer(options: { voiceAgent?: boolean } = {}): Promise<TestServer> {
  const dataDir = temporaryDirectory();
  const credentials = createDevelopmentProviders();
  const fakeVapi = await startFakeVapi();
  const storage = createSqliteStorage({ mode: 'shared', filename: join(dataDir, 'nuvatra.sqlite') });
  await storage.migrate();
  // The public URL is the server's own address, known once it listens: the handler is built then.
  let nuvatra: Nuvatra | undefined;
  const server = await serve(
    { handle: (request) => (nuvatra as Nuvatra).handle(request) },
    { port: 0, hostname: '127.0.0.1' },
  );
  nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    publicBaseUrl: server.url,
    logger: false,
    plugins: [
      twilio(credentials.twilio),
      vapi({
        serverSecret: credentials.vapi.serverSecret,
        ...(options.voiceAgent === false ? {} : { apiKey: 'vapi-private-key-for-tests', baseUrl: fakeVapi.url }),
        env: {},
        onError() {},
      }),
      clerkWebhooks({ signingSecret: credentials.clerk.webhookSigningSecret, env: {} }),
    ],
  });
  onTestFinished(async () => {
    server.server.closeAllConnections();
    await server.close();
    await storage.close();
  });
  const tenant = async (slug: string, name: string, number: string) => {
    const created = await storage.tenants.create({ slug, name });
    await storage.withTenant(created.id, async (scope) => {
      await scope.phoneNumbers.create({ number, kind: 'owned', provider: 'twilio' });
      await scope.config.put({ businessProfile: { name }, timezone: 'America/New_York' });
    });
    return created.id;
  };
  const tenants = {
    sunrise: await tenant('sunrise-dental', 'Sunrise Dental', numbers.sunrise),
    harbor: await tenant('harbor-bistro', 'Harbor Bistro', numbers.harbor),
  };
  return {
    url: server.url,
    dataDir,
    storage,
    credentials,
    fakeVapi,
    tenants,
    env: {
      NUVATRA_DATA_DIR: dataDir,
      TWILIO_ACCOUNT_SID: credentials.twilio.accountSid,
      TWILIO_AUTH_TOKEN: credentials.twilio.authToken,
      VAPI_SERVER_SECRET: credentials.vapi.serverSecret,
      CLERK_WEBHOOK_SIGNING_SECRET: credentials.clerk.webhookSigningSecret,
    },
  };
}

/** Every call of a tenant, as stored. */
export async function callsOf(server: TestServer, tenantId: string) {
  return (await server.storage.withTenant(tenantId, (scope) => scope.calls.list({ limit: 200 }))).items;
}
