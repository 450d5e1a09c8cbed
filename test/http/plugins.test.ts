import { createId, definePlugin, definePluginModel, defineRoute, isNuvatraError, type Tenant } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, seedTwoTenants } from './app.js';

describe('plugins', () => {
  it('add routes that run inside the caller’s tenant scope, and hear about new tenants', async () => {
    const created: Tenant[] = [];
    const classes = definePlugin({
      name: 'swim-classes',
      routes: [
        defineRoute({
          method: 'GET',
          path: '/api/classes',
          auth: 'user',
          summary: 'Classes of the tenant',
          handle: ({ scope }) => ({ tenant: scope.tenant.slug }),
        }),
      ],
      tools: { get_classes: { description: 'Lists classes', handle: () => [] } },
      hooks: { tenantCreated: ({ tenant }) => void created.push(tenant) },
    });
    const app = await createTestApp({ plugins: [classes] });
    await seedTwoTenants(app);
    expect(await (await app.request('GET', '/api/classes', { as: 'bob' })).json()).toEqual({ tenant: 'harbor-bistro' });
    expect(created.map((tenant) => tenant.slug)).toEqual(['sunrise-dental', 'harbor-bistro']);
    expect([...app.nuvatra.tools.keys()]).toEqual(['get_classes']);
  });

  it('may not repeat a route or a tool name: createNuvatra refuses at start-up', async () => {
    const route = defineRoute({
      method: 'GET',
      path: '/api/calls',
      auth: 'public',
      summary: 'again',
      handle: () => null,
    });
    const caught = await createTestApp({ plugins: [definePlugin({ name: 'clash', routes: [route] })] }).catch((e) => e);
    expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
    const tool = { description: 'x', handle: () => null };
    const twice = await createTestApp({
      plugins: [definePlugin({ name: 'a', tools: { book: tool } }), definePlugin({ name: 'b', tools: { book: tool } })],
    }).catch((e) => e);
    expect((twice as Error).message).toMatch(/"a" and "b" both define the voice-agent tool "book"/);
  });
});

describe('plugins with their own tables', () => {
  const classesTable = `CREATE TABLE plugin_swim_classes (
    tenant_id TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, PRIMARY KEY (tenant_id, id))`;
  const swimClasses = definePlugin({
    name: 'swim-classes',
    storage: {
      models: {
        swimClasses: definePluginModel({ table: 'plugin_swim_classes', fields: { id: 'string', title: 'string' } }),
      },
      // The same portable DDL for both dialects: the Postgres run of this suite adds row-level security to it.
      migrations: {
        sqlite: [{ version: 1, name: 'classes', sql: classesTable }],
        postgres: [{ version: 1, name: 'classes', sql: classesTable }],
      },
    },
    routes: [
      defineRoute({
        method: 'POST',
        path: '/api/classes',
        auth: 'user',
        summary: 'Add a class',
        body: z.object({ title: z.string().min(1) }).strict(),
        async handle({ scope, body }) {
          await scope.model('swimClasses').insert({ id: createId('cls'), title: body.title });
          return Response.json({ ok: true }, { status: 201 });
        },
      }),
      defineRoute({
        method: 'GET',
        path: '/api/classes',
        auth: 'user',
        summary: 'Classes of the tenant',
        async handle({ scope }) {
          return { items: (await scope.model('swimClasses').findMany()).map((row) => row.title) };
        },
      }),
    ],
  });

  it('keep each tenant’s rows apart, like core’s tables', async () => {
    const app = await createTestApp();
    await app.storage.migrate({ plugins: [swimClasses] });
    const withPlugin = await createTestApp({ storage: app.storage, plugins: [swimClasses] });
    await seedTwoTenants(withPlugin);
    await withPlugin.request('POST', '/api/classes', { as: 'alice', body: { title: 'Toddlers' } });
    await withPlugin.request('POST', '/api/classes', { as: 'bob', body: { title: 'Squad' } });
    expect(await (await withPlugin.request('GET', '/api/classes', { as: 'alice' })).json()).toEqual({
      items: ['Toddlers'],
    });
    expect(await (await withPlugin.request('GET', '/api/classes', { as: 'bob' })).json()).toEqual({ items: ['Squad'] });
  });

  it('must be migrated before createNuvatra starts', async () => {
    const caught = await createTestApp({ plugins: [swimClasses] }).catch((error) => error);
    expect((caught as Error).message).toMatch(/storage\.migrate\(\{ plugins \}\)/);
  });
});
