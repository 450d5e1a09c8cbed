import { calledNumberResolver, createTenantResolver, forwardingNumberResolver, type Storage } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { demoTenants } from '../src/demo-data.js';
import { seedDemo } from '../src/seed.js';
import { createSeedClock } from '../src/seed-clock.js';

const day = 24 * 60 * 60 * 1000;

async function openDemoStorage(now?: () => Date): Promise<Storage> {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:', ...(now ? { now } : {}) });
  await storage.migrate();
  return storage;
}

/** Every call of a demo tenant, with counts of what else the seed made. */
async function demoContents(storage: Storage, slug: string) {
  const tenantId = (await storage.routing.tenantIdBySlug(slug))!;
  return storage.withTenant(tenantId, async (scope) => {
    const conversations = (await scope.conversations.list({ limit: 50 })).items;
    return {
      calls: (await scope.calls.list({ limit: 100 })).items,
      intents: (await scope.intents.all()).length,
      appointments: (await scope.appointments.list({ limit: 100 })).items.length,
      conversations: conversations.length,
      messages: (await scope.messages.list(conversations[0]!.id, { limit: 100 })).items.length,
    };
  });
}

describe('the multi-tenant example', () => {
  it('seeds the demo tenants once, and a second start changes nothing', async () => {
    const storage = await openDemoStorage();
    expect((await seedDemo(storage)).created).toEqual(['sunrise-dental', 'harbor-bistro', 'splash-swim']);
    const first = await demoContents(storage, 'sunrise-dental');
    expect((await seedDemo(storage)).created).toEqual([]);
    expect((await storage.tenants.list()).items).toHaveLength(3);
    expect(await demoContents(storage, 'sunrise-dental')).toEqual(first);
    await storage.close();
  });

  it("gives each business its own calls, intents, bookings and an SMS thread, and none of the other's", async () => {
    const storage = await openDemoStorage();
    await seedDemo(storage);
    for (const { tenant, activity } of demoTenants) {
      const contents = await demoContents(storage, tenant.slug);
      expect(contents.calls.map((call) => call.summary).toSorted()).toEqual(
        activity.calls.map((call) => call.summary).toSorted(),
      );
      expect(contents.intents).toBe(activity.intents.length);
      expect(contents.appointments).toBe(activity.calls.filter((call) => call.appointment).length);
      expect(contents.conversations).toBe(1);
      expect(contents.messages).toBe(activity.sms.messages.length);
    }
    await storage.close();
  });

  it('dates the demo calls over the last ten days, so the stats chart has several days of bars', async () => {
    const clock = createSeedClock();
    const storage = await openDemoStorage(clock.now);
    await seedDemo(storage, { clock, origin: 'http://localhost:3000' });
    const { calls } = await demoContents(storage, 'sunrise-dental');
    const ages = calls.map((call) => Date.now() - Date.parse(call.createdAt));
    expect(Math.max(...ages)).toBeGreaterThan(7 * day);
    expect(Math.max(...ages)).toBeLessThan(11 * day);
    expect(new Set(calls.map((call) => call.createdAt.slice(0, 10))).size).toBeGreaterThanOrEqual(6);
    // Once seeded, the clock is the real one again.
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    await storage.close();
  });

  it("points each call's recording at the server, and follows the server to a new address on restart", async () => {
    const storage = await openDemoStorage();
    await seedDemo(storage, { origin: 'http://localhost:3000' });
    const before = (await demoContents(storage, 'harbor-bistro')).calls;
    expect(
      before.every((call) => /^http:\/\/localhost:3000\/demo\/recordings\/\d+\.wav$/.test(call.recordingUrl!)),
    ).toBe(true);
    await seedDemo(storage, { origin: 'http://localhost:4000' });
    const after = (await demoContents(storage, 'harbor-bistro')).calls;
    expect(after).toHaveLength(before.length);
    expect(after.every((call) => call.recordingUrl?.startsWith('http://localhost:4000/'))).toBe(true);
    await storage.close();
  });

  it('routes a forwarded call on the shared number to the forwarding business and refuses one with no forwarding line', async () => {
    const storage = await openDemoStorage();
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
