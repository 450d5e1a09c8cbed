import { createTenantTokenSigner, definePlugin, defineRoute, type Logger, toolTokenPurpose } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, seedTwoTenants, type TestApp } from './app.js';

const key = Buffer.alloc(32, 7).toString('base64');
const otherKey = Buffer.alloc(32, 9).toString('base64');
const start = Date.UTC(2025, 5, 1);

/** Tools every tenant has (reading and writing its own rows), and a swim-school plugin only Sunrise has. */
const frontDesk = definePlugin({
  name: 'front-desk',
  tools: {
    list_intents: {
      description: "Lists the business's intents",
      async handle({ scope }) {
        return (await scope.intents.list()).items.map((intent) => intent.name);
      },
    },
    book: {
      description: 'Books an appointment',
      parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      async handle({ scope, call }, args) {
        const { name } = z.object({ name: z.string().min(1) }).parse(args);
        const appointment = await scope.appointments.create({
          customerName: name,
          startsAt: '2025-06-02T09:00:00.000Z',
          metadata: call ? { callRef: call.providerCallId } : {},
        });
        return { booked: appointment.id, business: scope.tenant.slug };
      },
    },
  },
});
const swim = definePlugin({
  name: 'swim',
  appliesTo: (tenant) => tenant.slug === 'sunrise-dental',
  tools: { get_classes: { description: 'Lists swim classes', handle: () => ['Toddlers'] } },
  routes: [
    defineRoute({ method: 'GET', path: '/api/swim', auth: 'user', summary: 'Swim', handle: () => ({ ok: true }) }),
  ],
});

async function createToolsApp(options: { keys?: Record<string, string>; primaryKeyId?: string } = {}) {
  const clock = { now: start };
  const tenantTokens = createTenantTokenSigner({
    keys: options.keys ?? { k1: key },
    primaryKeyId: options.primaryKeyId ?? 'k1',
    now: () => clock.now,
  });
  const warnings: Array<Record<string, unknown>> = [];
  const logger: Logger = { info() {}, error() {}, warn: (_message, fields = {}) => void warnings.push(fields) };
  const app = await createTestApp({
    plugins: [frontDesk, swim],
    tenantTokens,
    publicBaseUrl: 'https://voice.example.com',
    logger,
  });
  const tenants = await seedTwoTenants(app);
  /** The tenant's tool URLs as the CLI prints them, reduced to path and query for the test server. */
  const urlsOf = async (tenantId: string) => {
    const urls = await app.nuvatra.toolUrls(tenantId);
    return Object.fromEntries(urls.map(({ name, url }) => [name, new URL(url).pathname + new URL(url).search]));
  };
  return { app, tenants, tenantTokens, clock, warnings, urlsOf };
}

const call = (app: TestApp, path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  app.request('POST', path, { as: null, body, headers });

async function appointmentsOf(app: TestApp, tenantId: string) {
  return app.storage.withTenant(tenantId, async (scope) => (await scope.appointments.list()).items);
}

async function auditOf(app: TestApp, tenantId: string) {
  const page = await (await app.request('GET', `/api/admin/audit?tenantId=${tenantId}`)).json();
  return (page as { items: Array<{ action: string; detail: Record<string, unknown> }> }).items.filter(
    (event) => event.action === 'tool.refused',
  );
}

async function errorCodeOf(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('voice-agent tools at POST /api/tools/:name', () => {
  it('answer from the data of the tenant the signed URL names, and of no other', async () => {
    const { app, tenants, urlsOf } = await createToolsApp();
    const sunrise = await urlsOf(tenants.sunrise.id);
    const harbor = await urlsOf(tenants.harbor.id);
    expect(sunrise.list_intents).toMatch(/^\/api\/tools\/list_intents\?token=v2\.k1\./);
    expect(sunrise.list_intents).not.toContain(tenants.sunrise.id);

    const answer = await call(app, sunrise.list_intents!);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(['opening_hours']);
    const booked = await call(app, harbor.book!, { name: 'Ada' });
    expect(await booked.json()).toMatchObject({ business: 'harbor-bistro' });
    expect((await appointmentsOf(app, tenants.harbor.id)).map((a) => a.customerName)).toEqual(['Ada']);
    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
  });

  it('take the token as a Bearer header too, and pass Telnyx’s call id to the tool', async () => {
    const { app, tenants, urlsOf } = await createToolsApp();
    const token = new URL(`https://x${(await urlsOf(tenants.sunrise.id)).book}`).searchParams.get('token');
    const response = await call(
      app,
      '/api/tools/book',
      { name: 'Grace' },
      { authorization: `Bearer ${token}`, 'x-telnyx-call-control-id': 'v3:call-1' },
    );
    expect(response.status).toBe(200);
    expect((await appointmentsOf(app, tenants.sunrise.id))[0]?.metadata).toEqual({ callRef: 'v3:call-1' });
  });

  it('refuse a call without a token with 401, write nothing, and log it', async () => {
    const { app, tenants, warnings } = await createToolsApp();
    const response = await call(app, '/api/tools/book', { name: 'Eve' });
    expect(response.status).toBe(401);
    expect(await errorCodeOf(response)).toBe('UNAUTHENTICATED');
    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
    expect(await appointmentsOf(app, tenants.harbor.id)).toEqual([]);
    expect(warnings).toContainEqual(expect.objectContaining({ tool: 'book', code: 'UNAUTHENTICATED' }));
  });

  it('refuse a token changed to name another tenant, or signed with another key, with 401 and write nothing', async () => {
    const { app, tenants, urlsOf, warnings } = await createToolsApp();
    const url = new URL(`https://x${(await urlsOf(tenants.sunrise.id)).book}`);
    const [version, keyId, payload, signature] = url.searchParams.get('token')!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, t: tenants.harbor.id })).toString('base64url');
    const foreign = await createTenantTokenSigner({ keys: { k1: otherKey }, primaryKeyId: 'k1' }).sign({
      tenantId: tenants.harbor.id,
      purpose: toolTokenPurpose('book'),
      ttlSeconds: null,
    });
    for (const token of [`${version}.${keyId}.${forged}.${signature}`, foreign, 'v2.k1.e30.AAAA', 'garbage']) {
      const response = await call(app, `/api/tools/book?token=${encodeURIComponent(token)}`, { name: 'Mallory' });
      expect(response.status).toBe(401);
      expect(await errorCodeOf(response)).toBe('TOKEN_INVALID');
    }
    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
    expect(await appointmentsOf(app, tenants.harbor.id)).toEqual([]);
    // A signature that is not ours names nobody: there is no tenant to audit in, so the log is the record.
    expect(await auditOf(app, tenants.harbor.id)).toEqual([]);
    expect(warnings.filter((w) => w.code === 'TOKEN_INVALID')).toHaveLength(4);
  });

  it("refuse another tool's token and an expired one with 401, audited in the tenant the token names", async () => {
    const { app, tenants, tenantTokens, clock, urlsOf } = await createToolsApp();
    const sunrise = await urlsOf(tenants.sunrise.id);
    const otherTool = await call(app, sunrise.list_intents!.replace('list_intents', 'book'), { name: 'Eve' });
    expect(otherTool.status).toBe(401);
    expect(await errorCodeOf(otherTool)).toBe('TOKEN_WRONG_PURPOSE');

    const shortLived = await tenantTokens.sign({
      tenantId: tenants.sunrise.id,
      purpose: toolTokenPurpose('book'),
      ttlSeconds: 60,
    });
    clock.now += 60_000;
    const expired = await call(app, `/api/tools/book?token=${shortLived}`, { name: 'Eve' });
    expect(expired.status).toBe(401);
    expect(await errorCodeOf(expired)).toBe('TOKEN_EXPIRED');

    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
    const audit = await auditOf(app, tenants.sunrise.id);
    expect(audit.map((event) => event.detail.code).sort()).toEqual(['TOKEN_EXPIRED', 'TOKEN_WRONG_PURPOSE']);
    expect(await auditOf(app, tenants.harbor.id)).toEqual([]);
  });

  it('stop working once their key id is retired, though the secret itself stays', async () => {
    const { app, tenants, urlsOf } = await createToolsApp();
    const url = (await urlsOf(tenants.sunrise.id)).list_intents!;
    const rotated = await createTestApp({
      storage: app.storage,
      plugins: [frontDesk, swim],
      tenantTokens: createTenantTokenSigner({ keys: { k2: key }, primaryKeyId: 'k2' }),
      publicBaseUrl: 'https://voice.example.com',
    });
    expect((await call(rotated, url)).status).toBe(401);
    const fresh = (await rotated.nuvatra.toolUrls(tenants.sunrise.id)).find((t) => t.name === 'list_intents')!;
    expect((await call(rotated, new URL(fresh.url).pathname + new URL(fresh.url).search)).status).toBe(200);
  });

  it('answer 403 for a suspended tenant, audited, and run nothing', async () => {
    const { app, tenants, urlsOf } = await createToolsApp();
    const url = (await urlsOf(tenants.sunrise.id)).book!;
    await app.request('PATCH', `/api/admin/tenants/${tenants.sunrise.id}`, { body: { status: 'suspended' } });
    const response = await call(app, url, { name: 'Eve' });
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('TENANT_SUSPENDED');
    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
    expect((await auditOf(app, tenants.sunrise.id)).map((event) => event.detail.code)).toEqual(['TENANT_SUSPENDED']);
  });

  it('answer 400 for arguments that are not a JSON object, before running the tool', async () => {
    const { app, tenants, urlsOf } = await createToolsApp();
    const url = (await urlsOf(tenants.sunrise.id)).book!;
    const malformed = await app.request('POST', url, { as: null, rawBody: '{"name":', headers: {} });
    expect(malformed.status).toBe(400);
    expect((await call(app, url, ['Ada'])).status).toBe(400);
    expect(await appointmentsOf(app, tenants.sunrise.id)).toEqual([]);
  });
});

describe('a plugin that applies to some tenants only', () => {
  it('is absent for the others: no tool URL, 404 for a signed one, 404 for its user routes', async () => {
    const { app, tenants, tenantTokens, urlsOf } = await createToolsApp();
    expect(Object.keys(await urlsOf(tenants.sunrise.id))).toEqual(['list_intents', 'book', 'get_classes']);
    expect(Object.keys(await urlsOf(tenants.harbor.id))).toEqual(['list_intents', 'book']);
    expect(await (await call(app, (await urlsOf(tenants.sunrise.id)).get_classes!)).json()).toEqual(['Toddlers']);

    const harborToken = await tenantTokens.sign({
      tenantId: tenants.harbor.id,
      purpose: toolTokenPurpose('get_classes'),
      ttlSeconds: null,
    });
    const absent = await call(app, `/api/tools/get_classes?token=${harborToken}`);
    expect(absent.status).toBe(404);
    expect((await app.request('GET', '/api/swim', { as: 'alice' })).status).toBe(200);
    expect((await app.request('GET', '/api/swim', { as: 'bob' })).status).toBe(404);
    const [sunrise, harbor] = await Promise.all(
      [tenants.sunrise, tenants.harbor].map((t) => app.storage.tenants.get(t.id)),
    );
    expect([...app.nuvatra.toolsFor(sunrise!).keys()]).toContain('get_classes');
    expect([...app.nuvatra.toolsFor(harbor!).keys()]).not.toContain('get_classes');
  });
});

describe('the OpenAPI document of a deployment with tenantTokens', () => {
  it('describes the tool route with its path parameter and token', async () => {
    const { app } = await createToolsApp();
    const document = (await (await app.request('GET', '/api/openapi.json', { as: null })).json()) as {
      paths: Record<string, { post?: { parameters: Array<{ name: string }>; 'x-nuvatra-auth': string } }>;
    };
    const operation = document.paths['/api/tools/{name}']?.post;
    expect(operation?.['x-nuvatra-auth']).toBe('provider');
    expect(operation?.parameters.map((parameter) => parameter.name)).toEqual(['name', 'token']);
  });
});

describe('a deployment without tenantTokens', () => {
  it('has no tool URLs, and says what to configure', async () => {
    const app = await createTestApp({ plugins: [frontDesk] });
    const { sunrise } = await seedTwoTenants(app);
    expect((await call(app, '/api/tools/book?token=x')).status).toBe(404);
    await expect(app.nuvatra.toolUrls(sunrise.id)).rejects.toThrow(/tenantTokens/);
  });
});
