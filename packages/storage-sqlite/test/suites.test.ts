import { join } from 'node:path';
import { runIsolationTests, runStorageContractTests } from '@nuvatra/testing';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// The same two suites every storage adapter runs, once per SQLite mode.

const modes = {
  'sqlite (in memory)': () => createSqliteStorage({ mode: 'shared', filename: ':memory:' }),
  'sqlite (shared file)': () =>
    createSqliteStorage({ mode: 'shared', filename: join(temporaryDirectory(), 'nuvatra.sqlite') }),
  // A small LRU so the suites also exercise closing and reopening tenant files.
  'sqlite (file per tenant)': () =>
    createSqliteStorage({ mode: 'file-per-tenant', directory: temporaryDirectory(), maxOpenTenants: 8 }),
};

for (const [name, create] of Object.entries(modes)) {
  const createStorage = async () => {
    const storage = create();
    await storage.migrate();
    return storage;
  };
  describe(`${name}: what the suites are given`, () => {
    it('is a fresh, migrated, empty storage every time, as the suites require', async () => {
      const [first, second] = [await createStorage(), await createStorage()];
      await first.tenants.create({ slug: 'only-in-first', name: 'Only in first' });
      expect(first.driverName).toMatch(/^sqlite/);
      expect((await second.tenants.list()).items).toEqual([]);
      expect(await second.routing.tenantIdBySlug('only-in-first')).toBeNull();
      await first.close();
      await second.close();
    });
  });
  runStorageContractTests({ name, createStorage });
  runIsolationTests({ name, createStorage });
}
