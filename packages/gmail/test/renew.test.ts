import { describe, expect, it } from 'vitest';
import { readMailbox } from '../src/mailbox.js';
import { addresses, createTestApp, type TestApp } from './app.js';

// Gmail's watch lapses after 7 days: a `gmail.renew-watch` job per tenant calls users.watch again a day after the
// connect, then a day after each renewal. The clock is the app's (shared by the plugin, the queue and fake Google):
// moving it on a day makes the next renewal due.

const owners = { swimA: 'owner@swim-a', swimB: 'owner@swim-b' };
const day = 24 * 60 * 60 * 1000;
const renewal = 'gmail.renew-watch';

async function renewals(app: TestApp, tenantId: string, status?: 'pending' | 'completed' | 'dead') {
  const page = await app.queue.list({ name: renewal, tenantId, ...(status ? { status } : {}) }, { limit: 100 });
  return page.items;
}

const mailboxOf = (app: TestApp, tenantId: string) => app.storage.withTenant(tenantId, (scope) => readMailbox(scope));

async function connect(app: TestApp, name: 'swimA' | 'swimB') {
  expect((await app.connect(owners[name], addresses[name])).status).toBe(200);
}

describe('Gmail watch renewal', () => {
  it('connecting enqueues one renewal a day ahead, and connecting again the same day adds none', async () => {
    const app = await createTestApp();
    const tenantId = app.tenants.swimA.id;
    const connectedAt = app.now();
    await connect(app, 'swimA');

    const [first, ...others] = await renewals(app, tenantId);
    expect(others).toEqual([]);
    expect(first).toMatchObject({ name: renewal, tenantId, status: 'pending', payload: {} });
    expect(Date.parse(first?.runAt ?? '')).toBeGreaterThanOrEqual(connectedAt + day);
    expect(first?.idempotencyKey).toContain(tenantId);
    // Not due yet: nothing runs now.
    expect(await app.runJobs()).toEqual([]);

    expect((await app.api('DELETE', '/api/gmail/connection', { as: owners.swimA })).status).toBe(200);
    await connect(app, 'swimA');
    expect((await renewals(app, tenantId)).map((job) => job.id)).toEqual([first?.id]);
    expect(await renewals(app, app.tenants.swimB.id)).toEqual([]);
  });

  it('calls users.watch again with the tenant’s token a day later, keeps the later expiry and enqueues the next', async () => {
    const app = await createTestApp();
    const [a, b] = [app.tenants.swimA.id, app.tenants.swimB.id];
    await connect(app, 'swimA');
    await connect(app, 'swimB');
    const watchesAtConnect = app.google.watchCalls();
    expect(watchesAtConnect).toBe(2);
    const before = await mailboxOf(app, a);

    // A day on, the access tokens issued at connect have expired: the renewal refreshes first (its own grant).
    app.advance(day + 60_000);
    const outcomes = await app.runJobs();
    expect(outcomes).toEqual([
      expect.objectContaining({ name: renewal, status: 'completed' }),
      expect.objectContaining({ name: renewal, status: 'completed' }),
    ]);
    expect(app.google.watchCalls()).toBe(watchesAtConnect + 2);
    expect(app.google.isWatching(addresses.swimA)).toBe(true);

    const after = await mailboxOf(app, a);
    expect(Date.parse(after?.watchExpiresAt ?? '')).toBeGreaterThan(Date.parse(before?.watchExpiresAt ?? ''));
    // The sync cursor is the sync's: renewing does not move it (mail not yet fetched would be skipped).
    expect(after?.historyId).toBe(before?.historyId);
    expect(after?.status).toBe('active');

    for (const tenantId of [a, b]) {
      expect(await renewals(app, tenantId, 'completed')).toHaveLength(1);
      const pending = await renewals(app, tenantId, 'pending');
      expect(pending).toHaveLength(1);
      expect(Date.parse(pending[0]?.runAt ?? '')).toBeGreaterThan(app.now());
    }

    // And the day after: the chain goes on, one renewal per tenant per day.
    app.advance(day + 60_000);
    expect(await app.runJobs()).toHaveLength(2);
    expect(app.google.watchCalls()).toBe(watchesAtConnect + 4);
    expect(await renewals(app, a, 'completed')).toHaveLength(2);
    expect(await renewals(app, a, 'pending')).toHaveLength(1);
  });

  it('does nothing for a tenant that disconnected, and ends its chain', async () => {
    const app = await createTestApp();
    const tenantId = app.tenants.swimA.id;
    await connect(app, 'swimA');
    expect((await app.api('DELETE', '/api/gmail/connection', { as: owners.swimA })).status).toBe(200);
    const watches = app.google.watchCalls();

    app.advance(day + 60_000);
    expect(await app.runJobs()).toEqual([expect.objectContaining({ name: renewal, status: 'completed' })]);
    expect(app.google.watchCalls()).toBe(watches);
    expect(await mailboxOf(app, tenantId)).toBeNull();
    expect(await renewals(app, tenantId, 'pending')).toEqual([]);

    app.advance(day + 60_000);
    expect(await app.runJobs()).toEqual([]);
  });

  it('marks a mailbox whose grant Google refuses (invalid_grant) broken, audits it, and renews no more', async () => {
    const app = await createTestApp();
    const tenantId = app.tenants.swimA.id;
    await connect(app, 'swimA');
    const watches = app.google.watchCalls();
    // The user removed the app at myaccount.google.com: every token of the grant is dead.
    app.google.revoke(addresses.swimA);

    app.advance(day + 60_000);
    expect(await app.runJobs()).toEqual([expect.objectContaining({ name: renewal, status: 'completed' })]);
    expect(app.google.watchCalls()).toBe(watches);
    expect(await mailboxOf(app, tenantId)).toMatchObject({ status: 'broken', address: addresses.swimA });
    const status = await app.api('GET', '/api/gmail/connection', { as: owners.swimA });
    expect(await status.json()).toMatchObject({ connection: { status: 'broken' } });
    const audit = await app.storage.withTenant(tenantId, (scope) => scope.auditEvents.list({ limit: 100 }));
    expect(audit.items.filter((event) => event.action === 'gmail.connection_broken')).toEqual([
      expect.objectContaining({ target: addresses.swimA, detail: expect.objectContaining({ during: renewal }) }),
    ]);
    expect(await renewals(app, tenantId, 'pending')).toEqual([]);
    expect(await renewals(app, tenantId, 'dead')).toEqual([]);

    app.advance(day + 60_000);
    expect(await app.runJobs()).toEqual([]);
    expect(app.google.watchCalls()).toBe(watches);
  });

  it('without a job queue, warns once that the watch will not be renewed, and still connects', async () => {
    const app = await createTestApp({ queue: false });
    await connect(app, 'swimA');
    await connect(app, 'swimB');
    const warnings = app.logged.filter((entry) => entry.level === 'warn' && entry.message.includes('not renewed'));
    expect(warnings).toHaveLength(1);
    expect(app.google.isWatching(addresses.swimB)).toBe(true);
    expect(await app.queue.list({ name: renewal }, { limit: 10 })).toMatchObject({ items: [] });
  });
});
