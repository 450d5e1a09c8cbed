import { calledNumberResolver, createTenantResolver, forwardingNumberResolver } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed.js';

describe('the multi-tenant example', () => {
  it('seeds the demo tenants once, and a second start changes nothing', async () => {
    const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
    await storage.migrate();
    expect((await seedDemo(storage)).created).toEqual(['sunrise-dental', 'harbor-bistro']);
    expect((await seedDemo(storage)).created).toEqual([]);
    expect((await storage.tenants.list()).items).toHaveLength(2);
    await storage.close();
  });

  it('routes a forwarded call on the shared number to the forwarding business and refuses one with no forwarding line', async () => {
    const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
    await storage.migrate();
    await seedDemo(storage);
    const resolver = createTenantResolver({
      resolvers: [forwardingNumberResolver(storage), calledNumberResolver(storage)],
      tenants: storage.tenants,
    });
    const forwarded = await resolver.resolve({ channel: { to: '+15550000000', forwardedFrom: '+15550200202' } });
    expect(forwarded).toMatchObject({ outcome: 'resolved', tenant: { slug: 'harbor-bistro' } });
    expect(await resolver.resolve({ channel: { to: '+15550000000' } })).toMatchObject({ outcome: 'refused' });
    await storage.close();
  });
});
