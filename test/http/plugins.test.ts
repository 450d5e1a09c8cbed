import { definePlugin, defineRoute, isNuvatraError, type Tenant } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
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
