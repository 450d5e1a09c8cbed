import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToolUrl, readNuvatraEnv, type Storage } from '@nuvatra/core';
import type { HostileTenant } from '@nuvatra/testing/hostile';
import { runHostileSuite } from '@nuvatra/testing/hostile';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
// Google's fake from the gmail package's tests (OAuth, certificates, Gmail), closed by this file's afterAll.
import { startFakeGoogle } from '../../../packages/gmail/test/fake-google.js';
import { openSecretBox, openTenantTokens } from '../src/config.js';
import { seedDemoSwimSchool } from '../src/seed.js';
import { startServer } from '../src/server.js';

// The hostile suite against the example server over real HTTP, configured as in production: Clerk session tokens
// (verified networkless against CLERK_JWT_KEY) and API keys instead of development sign-in, and Twilio, Vapi and
// Clerk webhook credentials generated for this run. Tenant A is the swim school (the only tenant with tools).
// Google Calendar and Gmail are mounted against a fake Google on loopback (OAuth, certificates, Gmail API), given
// to the app in code (`google`), never through variables.

const publicBaseUrl = 'https://voice.hostile.example';
const frontendOrigin = 'https://app.hostile.example';
const issuer = 'https://clerk.hostile.example';
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Every table of the SQLite file, as `<rows>:<sha256 of the rows>`: an update shows as well as an insert. */
function snapshotOf(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const tables = () =>
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name);
  return {
    async snapshot() {
      const digests: Record<string, string> = {};
      for (const table of tables()) {
        const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().all();
        const digest = createHash('sha256').update(JSON.stringify(rows, replacer)).digest('hex').slice(0, 16);
        digests[table] = `${rows.length}:${digest}`;
      }
      return digests;
    },
    close: () => db.close(),
  };
}

const replacer = (_key: string, value: unknown) =>
  Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? value.toString() : value;

interface Seeded {
  tenant: Omit<HostileTenant, 'sessionClaims' | 'apiKey' | 'toolUrls'>;
  organizationId: string;
}

/** A tenant with a number, a config, a Twilio call handed to Vapi, an intent and an SMS conversation. */
async function seedTenant(storage: Storage, slug: string, name: string, number: string): Promise<Seeded> {
  const organizationId = `org_${hex(12)}`;
  const created = await storage.tenants.create({ slug, name, externalIds: { clerk_org: organizationId } });
  const records = await storage.withTenant(created.id, async (scope) => {
    await scope.config.put({
      businessProfile: { name },
      timezone: 'America/New_York',
      greeting: { en: `Thank you for calling ${name}.` },
    });
    const phone = await scope.phoneNumbers.create({ number, kind: 'owned', provider: 'twilio' });
    const callSid = `CA${hex(16)}`;
    const vapiCallId = randomUUID();
    const call = await scope.calls.create({
      provider: 'twilio',
      providerCallId: callSid,
      to: phone.e164,
      from: '+15550109000',
      status: 'in-progress',
      metadata: { agent: 'vapi', agentCallId: vapiCallId },
    });
    const intent = await scope.intents.create({ name: 'booking', description: 'Books a visit' });
    const conversation = await scope.conversations.findOrCreate('sms', '+15550109001');
    return {
      call: { id: call.id, callSid, vapiCallId },
      intentId: intent.id,
      phoneNumberId: phone.id,
      conversationId: conversation.id,
    };
  });
  return { tenant: { id: created.id, slug, number, records }, organizationId };
}

const pubsub = {
  topicName: 'projects/nuvatra-hostile/topics/gmail',
  audience: `${publicBaseUrl}/api/gmail/push`,
  serviceAccountEmail: 'gmail-push@nuvatra-hostile.iam.gserviceaccount.com',
};

runHostileSuite({
  name: 'multi-tenant example',
  google: { calendar: true, gmail: true },
  async start() {
    const directory = mkdtempSync(join(tmpdir(), 'nuvatra-hostile-'));
    const google = await startFakeGoogle({ closeAfterTest: false });
    // The calendar connection's clock: the expired-state case moves it forward.
    let clockOffset = 0;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const providers = {
      twilio: { accountSid: `AC${hex(16)}`, authToken: hex(16) },
      vapi: { serverSecret: hex(32) },
      clerk: { webhookSigningSecret: `whsec_${randomBytes(24).toString('base64')}` },
    };
    const apiKeys = { a: `nvk_${hex(20)}`, b: `nvk_${hex(20)}` };
    const secretKey = randomBytes(32).toString('base64');
    const variables = {
      PORT: '0',
      NUVATRA_DATA_DIR: directory,
      NUVATRA_SECRET_KEY: secretKey,
      PUBLIC_BASE_URL: publicBaseUrl,
      FRONTEND_URL: frontendOrigin,
      TWILIO_ACCOUNT_SID: providers.twilio.accountSid,
      TWILIO_AUTH_TOKEN: providers.twilio.authToken,
      VAPI_SERVER_SECRET: providers.vapi.serverSecret,
      CLERK_WEBHOOK_SIGNING_SECRET: providers.clerk.webhookSigningSecret,
      CLERK_JWT_KEY: publicKeyPem,
      CLERK_AUTHORIZED_PARTIES: frontendOrigin,
      NUVATRA_API_KEYS: `${apiKeys.a}:script-a:splash-swim,${apiKeys.b}:script-b:harbor-hostile`,
      GOOGLE_CLIENT_ID: `${hex(6)}.apps.googleusercontent.com`,
      GOOGLE_CLIENT_SECRET: randomBytes(18).toString('base64url'),
      GMAIL_PUBSUB_TOPIC: pubsub.topicName,
      GMAIL_PUBSUB_AUDIENCE: pubsub.audience,
      GMAIL_PUBSUB_SERVICE_ACCOUNT: pubsub.serviceAccountEmail,
    };
    const server = await startServer(readNuvatraEnv(variables), {
      quiet: true,
      worker: false,
      variables,
      google: {
        endpoints: google.endpoints,
        rootUrl: google.url,
        certsUrl: google.certsUrl,
        now: () => Date.now() + clockOffset,
      },
    }).catch(async (error: unknown) => {
      await google.close();
      throw error;
    });
    try {
      expect(server.development).toBe(false);
      const { storage } = server;
      const a = await seedTenant(storage, 'splash-swim', 'Splash Swim School', '+15550100001');
      const b = await seedTenant(storage, 'harbor-hostile', 'Harbor Hostile Bistro', '+15550100002');
      await seedDemoSwimSchool(storage);
      // B brought its own Twilio subaccount: its token verifies calls to B's numbers, and to no one else's.
      const accountOfB = { accountSid: `AC${hex(16)}`, authToken: hex(16) };
      const sealedSecret = await openSecretBox(secretKey).seal(accountOfB.authToken, b.tenant.id);
      await storage.withTenant(b.tenant.id, (scope) =>
        scope.providerAccounts.put({ provider: 'twilio', accountId: accountOfB.accountSid, sealedSecret }),
      );
      const shared = '+15550100099';
      await storage.sharedNumbers.add({ number: shared, provider: 'twilio' });
      const session = (userId: string, organizationId: string) => ({
        sub: userId,
        v: 2,
        sts: 'active',
        fva: [0, -1],
        o: { id: organizationId, rol: 'admin', slg: organizationId.slice(4, 12), per: '', fpm: '' },
      });
      const signer = openTenantTokens(secretKey);
      const database = snapshotOf(join(directory, 'nuvatra.sqlite'));
      return {
        baseUrl: server.url,
        publicBaseUrl,
        providers,
        sessions: { privateKey, publicKeyPem, kid: 'ins_hostile', issuer, authorizedParty: frontendOrigin },
        tenants: {
          a: {
            ...a.tenant,
            sessionClaims: session(`user_${hex(12)}`, a.organizationId),
            apiKey: apiKeys.a,
            toolUrls: await server.nuvatra.toolUrls(a.tenant.id),
          },
          b: {
            ...b.tenant,
            sessionClaims: session(`user_${hex(12)}`, b.organizationId),
            apiKey: apiKeys.b,
            twilioAccount: accountOfB,
            toolUrls: await server.nuvatra.toolUrls(b.tenant.id),
          },
        },
        numbers: { shared, unregistered: '+15550100777' },
        toolUrl: (tenantId, tool) => createToolUrl({ signer, publicBaseUrl, tenantId, tool }),
        snapshot: database.snapshot,
        logTables: {
          audit: ['audit_events'],
          unrouted: ['unrouted_events'],
          oauthStates: ['google_calendar_oauth_states', 'google_gmail_oauth_states'],
        },
        google: {
          consent: (email) => google.consent(email),
          calendar: {
            routePrefix: '/api/calendar',
            advanceClock: (ms) => {
              clockOffset += ms;
            },
          },
          gmail: {
            routePrefix: '/api/gmail',
            push: {
              path: '/api/gmail/push',
              audience: pubsub.audience,
              serviceAccountEmail: pubsub.serviceAccountEmail,
              ...google.signing,
              deliver: (address, email) => google.deliver(address, email),
              async runJobs() {
                await server.jobs.runDue();
              },
            },
          },
        },
        async close() {
          database.close();
          await server.close();
          await google.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await server.close();
      await google.close();
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  },
});
