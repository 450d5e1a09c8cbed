import { readNuvatraEnv } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { type StartOptions, startServer } from '../src/server.js';
import { createDeployment, type Deployment, readTemplate } from './client-folder.js';

interface Me {
  user: { id: string; isGlobalAdmin: boolean };
  tenant: { id: string; slug: string; name: string; plan: string } | null;
}

async function start(deployment: Deployment, variables: Record<string, string> = {}, options: StartOptions = {}) {
  const env = readNuvatraEnv({
    PORT: '0',
    NUVATRA_DATA_DIR: deployment.dataDirectory,
    CLIENT_ID: 'example-clinic',
    ...variables,
  });
  return startServer(env, { clientsDirectory: deployment.clientsDirectory, quiet: true, variables: {}, ...options });
}

function get(url: string, headers: Record<string, string>) {
  return fetch(url, { headers });
}

const frontDesk = { authorization: 'Bearer dev:front-desk' };

describe('the single-tenant example server', () => {
  it('serves the business of clients/<CLIENT_ID>/config.json with nothing else configured', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const server = await start(deployment);
    try {
      expect(server.development).toBe(true);
      const me = (await (await get(`${server.url}/api/me`, frontDesk)).json()) as Me;
      expect(me.tenant).toMatchObject({ slug: 'example-clinic', name: 'Maple Street Dental', plan: 'standard' });
      const profile = (await (await get(`${server.url}/api/profile`, frontDesk)).json()) as {
        businessProfile: { name: string };
        timezone: string;
        languages: string[];
      };
      expect(profile).toMatchObject({
        businessProfile: { name: 'Maple Street Dental' },
        timezone: 'America/Chicago',
        languages: ['en', 'es'],
      });
      const numbers = (await (await get(`${server.url}/api/phone-numbers`, frontDesk)).json()) as {
        items: Array<{ e164: string; kind: string }>;
      };
      expect(numbers.items.map(({ e164, kind }) => `${kind} ${e164}`).sort()).toEqual([
        'forwarding +15550100141',
        'owned +15550100140',
      ]);
      expect((await get(`${server.url}/api/calls`, {})).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('refuses every request that names another business, from users and from global admins', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const server = await start(deployment);
    try {
      const asOther = await get(`${server.url}/api/profile`, { ...frontDesk, 'x-tenant-id': 'ten_harbor_bistro' });
      expect(asOther.status).toBe(403);
      const boundElsewhere = await get(`${server.url}/api/profile`, { authorization: 'Bearer dev:front-desk@other' });
      expect(boundElsewhere.status).toBe(403);
      const created = await fetch(`${server.url}/api/admin/tenants`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev:admin', 'content-type': 'application/json' },
        body: JSON.stringify({ slug: 'harbor-bistro', name: 'Harbor Bistro' }),
      });
      expect(created.status).toBe(403);
      expect(await created.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const tenants = await server.storage.tenants.list();
      expect(tenants.items.map((tenant) => tenant.slug)).toEqual(['example-clinic']);
    } finally {
      await server.close();
    }
  });

  it('takes the config file as the source of truth again on restart, keeping the same tenant', async () => {
    const deployment = createDeployment();
    const template = readTemplate();
    deployment.writeClient('example-clinic', template);
    const first = await start(deployment);
    const before = (await (await get(`${first.url}/api/me`, frontDesk)).json()) as Me;
    await first.close();

    deployment.writeClient('example-clinic', {
      ...template,
      tenant: { name: 'Maple Street Family Dental', plan: 'premium' },
      config: { ...template.config, timezone: 'America/New_York', languages: ['en'] },
      intents: [...(template.intents ?? []), { name: 'parking', responses: { en: 'Parking is behind the building.' } }],
    });
    const second = await start(deployment);
    try {
      const after = (await (await get(`${second.url}/api/me`, frontDesk)).json()) as Me;
      expect(after.tenant).toMatchObject({
        id: before.tenant?.id,
        name: 'Maple Street Family Dental',
        plan: 'premium',
      });
      const profile = (await (await get(`${second.url}/api/profile`, frontDesk)).json()) as { timezone: string };
      expect(profile.timezone).toBe('America/New_York');
      const intents = (await (await get(`${second.url}/api/intents`, frontDesk)).json()) as {
        items: Array<{ name: string }>;
      };
      expect(intents.items.map((intent) => intent.name).sort()).toEqual(
        [...(template.intents ?? []).map((intent) => intent.name), 'parking'].sort(),
      );
    } finally {
      await second.close();
    }
  });

  it('turns development sign-in off once an API key is configured', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const key = 'nvk_clinic_0123456789abcdefghijk';
    const server = await start(deployment, { NUVATRA_API_KEYS: `${key}:front-desk:example-clinic` });
    try {
      expect(server.development).toBe(false);
      expect((await get(`${server.url}/api/me`, frontDesk)).status).toBe(401);
      const me = (await (await get(`${server.url}/api/me`, { 'x-api-key': key })).json()) as Me;
      expect(me.tenant?.slug).toBe('example-clinic');
    } finally {
      await server.close();
    }
  });

  it('refuses to serve another client from a data directory that already holds one', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    deployment.writeClient('harbor-bistro', {
      tenant: { name: 'Harbor Bistro' },
      config: { businessProfile: { name: 'Harbor Bistro' }, timezone: 'Europe/Lisbon' },
    });
    await (await start(deployment)).close();
    await expect(start(deployment, { CLIENT_ID: 'harbor-bistro' })).rejects.toThrow(
      /holds the business "example-clinic", not CLIENT_ID "harbor-bistro".*NUVATRA_DATA_DIR/,
    );
  });

  it('refuses Twilio or Vapi credentials without PUBLIC_BASE_URL, naming it', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    await expect(
      start(deployment, { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'example-auth-token' }),
    ).rejects.toThrow(/^PUBLIC_BASE_URL is not set: twilio sign/);
  });
});
