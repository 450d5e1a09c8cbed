import { runIsolationTests, runStorageContractTests } from '@nuvatra/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSupabaseStorage } from '../src/index.js';
import { createDatabase, databaseUrl, uniquePrefix } from './databases.js';

// The two suites every storage adapter runs, through createSupabaseStorage: the server's path must be storage-
// postgres's, unaffected by the dashboard's policies. Each storage gets a fresh schema (and functions schema) in
// one Supabase-like database.

const prefix = uniquePrefix();
const database = `${prefix}suites`;
beforeAll(() => createDatabase(database));

const name = 'supabase (postgres, shared schema)';
let created = 0;
const createStorage = async () => {
  created += 1;
  const storage = createSupabaseStorage({
    connectionString: databaseUrl(database),
    schema: `s${created}`,
    supabaseSchema: `s${created}_supabase`,
    maxConnections: 4,
  });
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
