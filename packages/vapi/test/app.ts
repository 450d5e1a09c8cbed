import { createHmac } from 'node:crypto';
import {
  createDevAuth,
  createNuvatra,
  type Nuvatra,
  type NuvatraPlugin,
  type Storage,
  type Tenant,
} from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { type VapiOptions, vapi } from '../src/index.js';
import { clinicConfig, clinicIntents, clinicPromptSections, globalPromptSections } from './fixtures.js';

export const publicBaseUrl = 'https://voice.example.com';
export const serverSecret = 'vapi-server-secret-0123456789abcdef';
export const hmacSecret = 'vapi-hmac-credential-secret-0123456789';
export const webhookUrl = `${publicBaseUrl}/api/webhooks/vapi`;

/** The numbers the seeded tenants own or forward from, and the shared assistant number. */
export const numbers = {
  sunrise: '+15550100001',
  sunriseForwarding: '+15550107777',
  harbor: '+15550200002',
  suspended: '+15550300003',
  shared: '+15550900000',
  unknown: '+15550999999',
  caller: '+15550109999',
};

export interface VapiTestApp {
  nuvatra: Nuvatra;
  storage: Storage;
  plugin: NuvatraPlugin;
  tenants: { sunrise: Tenant; harbor: Tenant; suspended: Tenant };
  /** Posts a server message to the webhook the way Vapi does; `auth` picks the credential it carries. */
  send(payload: unknown, auth?: MessageAuth): Promise<Response>;
}

export type MessageAuth =
  | { secret: string | null }
  | { bearer: string }
  | { hmac: { secret: string; timestamp?: number; body?: string } };

/** A deployment on in-memory SQLite with the Vapi plugin (and `plugins`), three tenants and a shared number. */
export async function createVapiApp(
  options: { vapi?: VapiOptions; plugins?: NuvatraPlugin[] } = {},
): Promise<VapiTestApp> {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  // `env: {}`: the tests' credentials are the ones they pass, whatever the machine's environment holds.
  const plugin = vapi({ serverSecret, hmac: { secret: hmacSecret }, env: {}, ...options.vapi });
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    plugins: [plugin, ...(options.plugins ?? [])],
    publicBaseUrl,
    logger: false,
  });
  const tenants = await seedTenants(storage);
  return {
    nuvatra,
    storage,
    plugin,
    tenants,
    send: (payload, auth = { secret: serverSecret }) => nuvatra.handle(vapiRequest(payload, auth)),
  };
}

/** A server message as Vapi posts it: JSON, with the server secret header, a Bearer token or an HMAC signature. */
export function vapiRequest(payload: unknown, auth: MessageAuth): Request {
  const body = JSON.stringify(payload);
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
  if ('secret' in auth && auth.secret !== null) headers.set('x-vapi-secret', auth.secret);
  if ('bearer' in auth) headers.set('authorization', `Bearer ${auth.bearer}`);
  if ('hmac' in auth) {
    // Vapi's HMAC credential defaults (HMACAuthenticationPlan): hex SHA-256 over `{timestamp}.{body}`.
    const timestamp = String(auth.hmac.timestamp ?? Math.floor(Date.now() / 1000));
    const signed = auth.hmac.body ?? body;
    headers.set('x-timestamp', timestamp);
    headers.set('x-signature', createHmac('sha256', auth.hmac.secret).update(`${timestamp}.${signed}`).digest('hex'));
  }
  return new Request(webhookUrl, { method: 'POST', headers, body });
}

async function seedTenants(storage: Storage) {
  await storage.globalPrompt.put(globalPromptSections);
  const sunrise = await storage.tenants.create({ slug: 'sunrise-dental', name: 'Sunrise Dental' });
  await storage.withTenant(sunrise.id, async (scope) => {
    await scope.phoneNumbers.create({ number: numbers.sunrise, kind: 'owned' });
    await scope.phoneNumbers.create({ number: numbers.sunriseForwarding, kind: 'forwarding' });
    await scope.config.put(clinicConfig);
    await scope.prompt.put(clinicPromptSections);
    for (const intent of clinicIntents) await scope.intents.create(intent);
  });
  const harbor = await storage.tenants.create({ slug: 'harbor-bistro', name: 'Harbor Bistro' });
  await storage.withTenant(harbor.id, async (scope) => {
    await scope.phoneNumbers.create({ number: numbers.harbor, kind: 'owned' });
    await scope.config.put({ businessProfile: { name: 'Harbor Bistro' }, timezone: 'Europe/Lisbon' });
  });
  const suspended = await storage.tenants.create({ slug: 'closed-clinic', name: 'Closed Clinic', status: 'suspended' });
  await storage.withTenant(suspended.id, (scope) =>
    scope.phoneNumbers.create({ number: numbers.suspended, kind: 'owned' }),
  );
  await storage.sharedNumbers.add({ number: numbers.shared });
  return { sunrise, harbor, suspended };
}

/** Every call of every seeded tenant, for "nothing was stored" checks. */
export async function allCalls(app: VapiTestApp) {
  const calls = [];
  for (const tenant of Object.values(app.tenants)) {
    const page = await app.storage.withTenant(tenant.id, (scope) => scope.calls.list({ limit: 200 }));
    calls.push(...page.items);
  }
  return calls;
}

export async function auditEvents(app: VapiTestApp, tenantId: string) {
  return (await app.storage.withTenant(tenantId, (scope) => scope.auditEvents.list({ limit: 200 }))).items;
}
