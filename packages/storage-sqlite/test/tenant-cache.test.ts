import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// Tenants are kept between reads (every request reads its tenant): a change must still be seen at once, whether
// this process made it or another connection to the same file did.

async function sharedFile() {
  const filename = join(temporaryDirectory(), 'cache.sqlite');
  const storage = createSqliteStorage({ mode: 'shared', filename });
  await storage.migrate();
  return { filename, storage };
}

describe('kept tenants', () => {
  it('answers a tenant suspended in this process as suspended on the next read', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'kept', name: 'Kept' });
    expect((await storage.tenants.get(tenant.id))?.status).toBe('active');
    expect((await storage.tenants.get(tenant.id))?.status).toBe('active');
    await storage.tenants.update(tenant.id, { status: 'suspended' });
    expect((await storage.tenants.get(tenant.id))?.status).toBe('suspended');
    await storage.close();
  });

  it('sees a change another connection committed to the same file', async () => {
    const { filename, storage } = await sharedFile();
    const other = createSqliteStorage({ mode: 'shared', filename });
    const tenant = await storage.tenants.create({ slug: 'elsewhere', name: 'Before' });
    expect((await storage.tenants.get(tenant.id))?.name).toBe('Before');
    await other.tenants.update(tenant.id, { name: 'After', status: 'suspended' });
    const seen = await storage.tenants.get(tenant.id);
    expect(seen?.name).toBe('After');
    expect(seen?.status).toBe('suspended');
    await other.close();
    await storage.close();
  });

  it('does not keep what a transaction read before it rolled back', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'rolled', name: 'Committed' });
    await expect(
      storage.withTenant(tenant.id, async () => {
        await storage.tenants.update(tenant.id, { name: 'Rolled back' });
        expect((await storage.tenants.get(tenant.id))?.name).toBe('Rolled back');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await storage.tenants.get(tenant.id))?.name).toBe('Committed');
    await storage.close();
  });

  it('hands out tenants no reader can change for the next one', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'frozen', name: 'Frozen' });
    await storage.tenants.get(tenant.id);
    const kept = await storage.tenants.get(tenant.id);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept?.externalIds)).toBe(true);
    await storage.close();
  });
});

describe('scope.calls.mergeMetadata', () => {
  it('sets the keys it is given, keeps the others, and writes nothing when they already hold those values', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'calls', name: 'Calls' });
    const call = await storage.withTenant(tenant.id, (scope) =>
      scope.calls.create({ provider: 'twilio', providerCallId: 'CA1', to: '+15552000001', metadata: { caller: 'x' } }),
    );
    const first = await storage.withTenant(tenant.id, async (scope) => {
      expect(await scope.calls.mergeMetadata(call.id, { agent: 'vapi', agentCallId: 'v1' })).toBe(true);
      return scope.calls.get(call.id);
    });
    expect(first?.metadata).toEqual({ caller: 'x', agent: 'vapi', agentCallId: 'v1' });
    const again = await storage.withTenant(tenant.id, async (scope) => {
      expect(await scope.calls.mergeMetadata(call.id, { agent: 'vapi' })).toBe(true);
      return scope.calls.get(call.id);
    });
    expect(again?.updatedAt).toBe(first?.updatedAt);
    expect(await storage.withTenant(tenant.id, (scope) => scope.calls.mergeMetadata('call_missing', { a: 1 }))).toBe(
      false,
    );
    await storage.close();
  });
});

describe('storage.readVersion(tenantId): what the voice profile cache keys on', () => {
  const config = (name: string) => ({ businessProfile: { name }, timezone: 'UTC' });

  it('moves when the tenant’s settings change here or in another connection, and stays put for calls', async () => {
    const { filename, storage } = await sharedFile();
    const other = createSqliteStorage({ mode: 'shared', filename });
    const tenant = await storage.tenants.create({ slug: 'versions', name: 'Versions' });
    const before = storage.readVersion(tenant.id);
    expect(before).not.toBeNull();
    // A call stored is not a change of what is cached.
    await storage.withTenant(tenant.id, (scope) =>
      scope.calls.create({ provider: 'twilio', providerCallId: 'CA-v1', to: '+15552000001' }),
    );
    expect(storage.readVersion(tenant.id)).toBe(before);
    await storage.withTenant(tenant.id, (scope) => scope.config.put(config('Here')));
    const afterHere = storage.readVersion(tenant.id);
    expect(afterHere).not.toBe(before);
    await other.withTenant(tenant.id, (scope) => scope.intents.create({ name: 'hours', description: 'Opening hours' }));
    expect(storage.readVersion(tenant.id)).not.toBe(afterHere);
    await other.close();
    await storage.close();
  });

  it('is null inside a transaction that wrote a setting, and a number there before', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'inside', name: 'Inside' });
    await storage.withTenant(tenant.id, async (scope) => {
      expect(storage.readVersion(tenant.id)).not.toBeNull();
      await scope.config.put(config('Inside'));
      expect(storage.readVersion(tenant.id)).toBeNull();
    });
    expect(storage.readVersion(tenant.id)).not.toBeNull();
    await storage.close();
  });

  it('sees another connection’s write to a tenant’s own file (file per tenant)', async () => {
    const directory = temporaryDirectory();
    const storage = createSqliteStorage({ mode: 'file-per-tenant', directory });
    await storage.migrate();
    const other = createSqliteStorage({ mode: 'file-per-tenant', directory });
    const tenant = await storage.tenants.create({ slug: 'own-file', name: 'Own file' });
    await storage.withTenant(tenant.id, (scope) => scope.config.put(config('First')));
    const before = storage.readVersion(tenant.id);
    expect(before).not.toBeNull();
    expect(storage.readVersion(tenant.id)).toBe(before);
    await other.withTenant(tenant.id, (scope) => scope.config.put(config('Second')));
    expect(storage.readVersion(tenant.id)).not.toBe(before);
    await other.close();
    await storage.close();
  });
});

describe('scope.calls.createOrGet', () => {
  it('stores a call first heard of in one statement and answers the stored one on a retry', async () => {
    const { storage } = await sharedFile();
    const tenant = await storage.tenants.create({ slug: 'once', name: 'Once' });
    const input = { provider: 'twilio', providerCallId: 'CA-once', to: '+15552000001' } as const;
    const first = await storage.withTenant(tenant.id, (scope) => scope.calls.createOrGet(input));
    expect(first.created).toBe(true);
    const second = await storage.withTenant(tenant.id, (scope) => scope.calls.createOrGet(input));
    expect(second).toEqual({ call: first.call, created: false });
    expect(await storage.withTenant(tenant.id, (scope) => scope.calls.list())).toMatchObject({
      items: [{ id: first.call.id }],
    });
    await storage.close();
  });
});
