import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isNuvatraError } from '@nuvatra/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

describe('createSqliteStorage', () => {
  it('refuses options that name no mode, with a message that says what to pass', () => {
    expect(() => createSqliteStorage({ mode: 'shard', filename: 'x' } as never)).toThrow(/mode: 'shared'/);
  });

  it('applies each migration once, however often migrate runs and from however many processes', async () => {
    const filename = join(temporaryDirectory(), 'nuvatra.sqlite');
    const first = createSqliteStorage({ mode: 'shared', filename });
    const second = createSqliteStorage({ mode: 'shared', filename });
    await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
    await first.close();
    await second.close();
    const db = new Database(filename, { readonly: true });
    const rows = db.prepare('SELECT migration_set, version FROM nuvatra_migrations ORDER BY 1, 2').all();
    db.close();
    expect(rows).toEqual([
      { migration_set: 'control', version: 1 },
      { migration_set: 'control', version: 2 },
      { migration_set: 'control', version: 3 },
      { migration_set: 'tenant', version: 1 },
      { migration_set: 'tenant', version: 2 },
    ]);
  });

  it('says to run migrate when a table is missing', async () => {
    const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
    const error = await storage.tenants.create({ slug: 'a', name: 'A' }).catch((e: unknown) => e);
    expect(isNuvatraError(error, 'STORAGE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/storage\.migrate\(\)/);
    await storage.close();
  });

  it('keeps each tenant in its own file in file-per-tenant mode, and routing in the control file', async () => {
    const directory = temporaryDirectory();
    const storage = createSqliteStorage({ mode: 'file-per-tenant', directory });
    await storage.migrate();
    const a = await storage.tenants.create({ slug: 'clinic-a', name: 'Clinic A' });
    const b = await storage.tenants.create({ slug: 'clinic-b', name: 'Clinic B' });
    await storage.withTenant(a.id, (scope) =>
      scope.calls.create({ provider: 'twilio', providerCallId: 'CA1', to: '+15551111111' }),
    );
    await storage.withTenant(a.id, (scope) => scope.phoneNumbers.create({ number: '+15551111111', kind: 'owned' }));
    expect(
      readdirSync(join(directory, 'tenants'))
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual([`${a.id}.sqlite`, `${b.id}.sqlite`].sort());
    expect(await storage.routing.tenantIdByNumber('+15551111111', 'owned')).toBe(a.id);
    await storage.close();

    const fileOfB = new Database(join(directory, 'tenants', `${b.id}.sqlite`), { readonly: true });
    expect(fileOfB.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    fileOfB.close();
    const fileOfA = new Database(join(directory, 'tenants', `${a.id}.sqlite`), { readonly: true });
    expect(fileOfA.prepare('SELECT tenant_id FROM calls').all()).toEqual([{ tenant_id: a.id }]);
    fileOfA.close();
  });

  it('closes the least recently used tenant files past maxOpenTenants and reopens them on demand', async () => {
    const storage = createSqliteStorage({
      mode: 'file-per-tenant',
      directory: temporaryDirectory(),
      maxOpenTenants: 2,
    });
    await storage.migrate();
    const tenants = [];
    for (const slug of ['t1', 't2', 't3', 't4']) tenants.push(await storage.tenants.create({ slug, name: slug }));
    for (const tenant of tenants) {
      await storage.withTenant(tenant.id, (scope) => scope.intents.create({ name: `intent_${tenant.slug}` }));
    }
    for (const tenant of tenants) {
      const names = await storage.withTenant(tenant.id, async (scope) =>
        (await scope.intents.all()).map((i) => i.name),
      );
      expect(names).toEqual([`intent_${tenant.slug}`]);
    }
    await storage.close();
  });

  it('rolls back every file a failed scope touched in file-per-tenant mode', async () => {
    const storage = createSqliteStorage({ mode: 'file-per-tenant', directory: temporaryDirectory() });
    await storage.migrate();
    const tenant = await storage.tenants.create({ slug: 'rollback', name: 'Rollback' });
    const failure = storage.withTenant(tenant.id, async (scope) => {
      await scope.phoneNumbers.create({ number: '+15553333333', kind: 'forwarding' });
      await scope.calls.create({ provider: 'vapi', providerCallId: 'v-1', to: '+15553333333' });
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect(await storage.routing.tenantIdByNumber('+15553333333', 'forwarding')).toBeNull();
    const calls = await storage.withTenant(tenant.id, (scope) => scope.calls.list());
    expect(calls.items).toEqual([]);
    await storage.close();
  });
});

describe('a database locked by another process', () => {
  it('fails with STORAGE_FAILED that says what happened, once busyTimeoutMs has passed', async () => {
    const filename = join(temporaryDirectory(), 'locked.sqlite');
    const storage = createSqliteStorage({ mode: 'shared', filename, busyTimeoutMs: 20 });
    await storage.migrate();
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE');
    try {
      const attempt = storage.tenants.create({ slug: 'locked-out', name: 'Locked out' });
      await expect(attempt).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/locked/) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await storage.tenants.create({ slug: 'locked-out', name: 'Locked out' })).slug).toBe('locked-out');
    await storage.close();
  });
});
