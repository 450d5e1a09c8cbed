import { runIsolationTests, runStorageContractTests } from '@nuvatra/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, storageModes, uniquePrefix } from './databases.js';

// The two suites every storage adapter runs, in one mode (the other mode's file runs beside this one). Each
// storage gets a fresh schema and database prefix, so the file needs one control database, not one per test.

const prefix = uniquePrefix();
const control = `${prefix}control`;
beforeAll(() => createDatabase(control));

const name = 'postgres (database per tenant)';
const create = storageModes(prefix, control)[name];
const createStorage = async () => {
  const storage = create();
  await storage.migrate();
  return storage;
};

describe(`${name}: what the suites are given`, () => {
  it('is a fresh, migrated, empty storage every time, as the suites require', async () => {
    const [first, second] = [await createStorage(), await createStorage()];
    await first.tenants.create({ slug: 'only-in-first', name: 'Only in first' });
    expect(first.driverName).toBe(name);
    expect((await second.tenants.list()).items).toEqual([]);
    expect(await second.routing.tenantIdBySlug('only-in-first')).toBeNull();
    await first.close();
    await second.close();
  });
});
runStorageContractTests({ name, createStorage });
runIsolationTests({ name, createStorage });
