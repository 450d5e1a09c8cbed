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
