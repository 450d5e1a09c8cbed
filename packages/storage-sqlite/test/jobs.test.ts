import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDevAuth, createNuvatra, createStorage, defineJob, isNuvatraError, metadataSchema } from '@nuvatra/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteDriver, createSqliteJobQueue, createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// What only the SQLite queue does: its table's place, and an enqueue that belongs to the caller's transaction.

const work = defineJob({ name: 'sqlite.work', payload: metadataSchema, handle: () => undefined });

describe('createSqliteJobQueue', () => {
  it('keeps its table in the control file in file-per-tenant mode, never in a tenant file', async () => {
    const directory = temporaryDirectory();
    const storage = createSqliteStorage({ mode: 'file-per-tenant', directory });
    await storage.migrate();
    const queue = createSqliteJobQueue({ storage });
    await queue.migrate();
    const tenant = await storage.tenants.create({ slug: 'clinic', name: 'Clinic' });
    const nuvatra = createNuvatra({
      storage,
      auth: createDevAuth({ nodeEnv: 'test' }),
      logger: false,
      plugins: [{ name: 'sqlite-jobs', jobs: [work] }],
      jobs: { driver: queue },
    });
    // Inside the tenant's scope the open transaction is the tenant file's, with the control file attached.
    const jobs = nuvatra.jobs;
    if (!jobs) throw new Error('the deployment has no job queue');
    const { job } = await storage.withTenant(tenant.id, () => jobs.enqueue(work, {}));
    await storage.close();
    const control = new Database(join(directory, 'control.sqlite'), { readonly: true });
    expect(control.prepare('SELECT id, tenant_id FROM jobs').all()).toEqual([{ id: job.id, tenant_id: tenant.id }]);
    control.close();
    const tenantFile = new Database(join(directory, 'tenants', `${tenant.id}.sqlite`), { readonly: true });
    expect(tenantFile.prepare("SELECT name FROM sqlite_master WHERE name = 'jobs'").all()).toEqual([]);
    tenantFile.close();
  });

  it("enqueues as part of the caller's transaction: work enqueued by a scope that rolls back is not kept", async () => {
    const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
    await storage.migrate();
    const queue = createSqliteJobQueue({ storage });
    await queue.migrate();
    const tenant = await storage.tenants.create({ slug: 'clinic', name: 'Clinic' });
    const nuvatra = createNuvatra({
      storage,
      auth: createDevAuth({ nodeEnv: 'test' }),
      logger: false,
      plugins: [{ name: 'sqlite-jobs', jobs: [work] }],
      jobs: { driver: queue },
    });
    const failure = new Error('the webhook could not be recorded');
    await expect(
      storage.withTenant(tenant.id, async () => {
        await nuvatra.jobs?.enqueue(work, { n: 1 });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await queue.list({})).items).toEqual([]);
    await storage.withTenant(tenant.id, () => nuvatra.jobs?.enqueue(work, { n: 2 }));
    expect((await queue.list({})).items.map((job) => job.payload)).toEqual([{ n: 2 }]);
    await storage.close();
  });

  it('names what to pass when given no storage of createSqliteStorage, or nothing', async () => {
    const foreign = createStorage(createSqliteDriver({ mode: 'shared', filename: ':memory:' }));
    expect(() => createSqliteJobQueue({ storage: foreign })).toThrow(/createSqliteStorage/);
    expect(() => createSqliteJobQueue({} as never)).toThrow(/\{ storage \}/);
    const filename = join(temporaryDirectory(), 'queue', 'jobs.sqlite');
    const own = createSqliteJobQueue({ filename });
    await own.migrate();
    expect(existsSync(filename)).toBe(true);
    await own.close();
    const closed = await own.list({}).catch((error: unknown) => error);
    expect(isNuvatraError(closed, 'STORAGE_FAILED')).toBe(true);
  });
});
