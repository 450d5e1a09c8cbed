import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyClientConfig,
  type ClientConfigInput,
  createApiKeyAuth,
  createNuvatra,
  isNuvatraError,
  parseClientConfig,
} from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'nuvatra-client-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const clientKey = 'nvk_client_0123456789abcdefghijkl';
const operatorKey = 'nvk_operator_0123456789abcdefghij';

const clientConfig: ClientConfigInput = {
  tenant: { name: 'Splash Swim School' },
  config: {
    businessProfile: { name: 'Splash Swim School', industry: 'swim school' },
    timezone: 'Europe/London',
    languages: ['en'],
    workingHours: { weekly: { sat: [{ open: '08:00', close: '12:00' }] } },
  },
  phoneNumbers: [{ number: '+44 20 7946 0000', kind: 'owned', provider: 'twilio' }],
  intents: [{ name: 'class_times', responses: { en: 'Classes run on Saturday mornings.' } }],
};

function writeClientFile(clientId: string, content: string) {
  mkdirSync(join(directory, 'clients', clientId), { recursive: true });
  const path = join(directory, 'clients', clientId, 'config.json');
  writeFileSync(path, content);
  return path;
}

async function startSingleTenant(clientId: string) {
  const path = join(directory, 'clients', clientId, 'config.json');
  const client = parseClientConfig(readFileSync(path, 'utf8'), path);
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  await applyClientConfig(storage, clientId, client);
  const nuvatra = createNuvatra({
    storage,
    singleTenant: { slug: clientId },
    auth: createApiKeyAuth({
      keys: [
        { key: clientKey, principal: 'front-desk', tenant: clientId },
        { key: operatorKey, principal: 'operator', isGlobalAdmin: true },
      ],
    }),
    logger: false,
  });
  const request = (method: string, path: string, key: string, body?: unknown) =>
    nuvatra.handle(
      new Request(`http://localhost${path}`, {
        method,
        headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
      }),
    );
  return { storage, request };
}

describe('single-tenant mode (CLIENT_ID)', () => {
  it('serves the one tenant from clients/<CLIENT_ID>/config.json with API-key auth only', async () => {
    writeClientFile('splash', JSON.stringify(clientConfig));
    const { request, storage } = await startSingleTenant('splash');
    const profile = (await (await request('GET', '/api/profile', clientKey)).json()) as { timezone: string };
    expect(profile.timezone).toBe('Europe/London');
    const numbers = (await (await request('GET', '/api/phone-numbers', clientKey)).json()) as {
      items: Array<{ e164: string }>;
    };
    expect(numbers.items.map((n) => n.e164)).toEqual(['+442079460000']);
    const intents = (await (await request('GET', '/api/intents', clientKey)).json()) as { items: unknown[] };
    expect(intents.items).toHaveLength(1);
    // Applying the same file again (a restart) changes nothing.
    await applyClientConfig(storage, 'splash', parseClientConfig(JSON.stringify(clientConfig), 'config.json'));
    expect(
      ((await (await request('GET', '/api/intents', clientKey)).json()) as { items: unknown[] }).items,
    ).toHaveLength(1);
  });

  it('turns tenant creation off, even for a global admin', async () => {
    writeClientFile('splash', JSON.stringify(clientConfig));
    const { request } = await startSingleTenant('splash');
    const response = await request('POST', '/api/admin/tenants', operatorKey, { slug: 'other', name: 'Other' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/single-tenant/) },
    });
  });

  it('refuses credentials bound to another tenant', async () => {
    writeClientFile('splash', JSON.stringify(clientConfig));
    const { storage } = await startSingleTenant('splash');
    const nuvatra = createNuvatra({
      storage,
      singleTenant: { slug: 'splash' },
      auth: createApiKeyAuth({ keys: [{ key: clientKey, principal: 'intruder', tenant: 'elsewhere' }] }),
      logger: false,
    });
    const response = await nuvatra.handle(
      new Request('http://localhost/api/calls', { headers: { 'x-api-key': clientKey } }),
    );
    expect(response.status).toBe(403);
  });

  it('stops start-up with a message naming the file and the field when the config is bad', () => {
    const path = writeClientFile(
      'broken',
      JSON.stringify({ ...clientConfig, config: { ...clientConfig.config, timezone: 'Nowhere/Land' } }),
    );
    let caught: unknown;
    try {
      parseClientConfig(readFileSync(path, 'utf8'), path);
    } catch (error) {
      caught = error;
    }
    expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toContain('config.timezone');
    expect(() => parseClientConfig('{ not json', path)).toThrow(/not valid JSON/);
  });
});
