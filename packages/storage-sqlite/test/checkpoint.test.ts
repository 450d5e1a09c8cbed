import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { checkpointEveryCommits } from '../src/checkpointer.js';
import { createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// Commits append to the WAL; a worker copies it back into the database file (the checkpoint, with its fsyncs),
// so the event loop never waits on the disk for it. The main connection's own threshold is 10,000 pages: without
// the worker, a few hundred small commits would leave the database file as the migrations left it.

const journalMode = (filename: string) => {
  const db = new Database(filename, { readonly: true });
  try {
    return db.pragma('journal_mode', { simple: true });
  } finally {
    db.close();
  }
};

describe('WAL checkpoints on a worker thread', () => {
  it('copies committed pages back into the database file, and keeps every commit', async () => {
    const filename = join(temporaryDirectory(), 'nuvatra.sqlite');
    const storage = createSqliteStorage({ mode: 'shared', filename });
    await storage.migrate();
    const before = statSync(filename).size;
    const tenant = await storage.tenants.create({ slug: 'checkpointed', name: 'Checkpointed' });
    const calls = checkpointEveryCommits * 2;
    for (let index = 0; index < calls; index++) {
      await storage.withTenant(tenant.id, (scope) =>
        scope.calls.create({
          provider: 'vapi',
          providerCallId: `checkpoint-${index}`,
          to: '+12125550100',
          transcript: 'AI: Hello.\nUser: I would like to book a table for two.'.repeat(20),
        }),
      );
    }
    await vi.waitFor(() => expect(statSync(filename).size).toBeGreaterThan(before), { timeout: 20_000 });
    await storage.close();

    expect(journalMode(filename)).toBe('wal');
    const reopened = createSqliteStorage({ mode: 'shared', filename });
    await reopened.migrate();
    const page = await reopened.withTenant(tenant.id, (scope) => scope.calls.list({ limit: 200 }));
    expect(page.items).toHaveLength(Math.min(200, calls));
    await reopened.close();
  });

  it('checkpoints each tenant file in file-per-tenant mode, and closes cleanly', async () => {
    const directory = temporaryDirectory();
    const storage = createSqliteStorage({ mode: 'file-per-tenant', directory });
    await storage.migrate();
    const tenant = await storage.tenants.create({ slug: 'per-file', name: 'Per file' });
    const tenantFile = join(directory, 'tenants', `${tenant.id}.sqlite`);
    const before = statSync(tenantFile).size;
    for (let index = 0; index < checkpointEveryCommits * 2; index++) {
      await storage.withTenant(tenant.id, (scope) =>
        scope.calls.create({ provider: 'vapi', providerCallId: `file-${index}`, to: '+12125550100' }),
      );
    }
    await vi.waitFor(() => expect(statSync(tenantFile).size).toBeGreaterThan(before), { timeout: 20_000 });
    await storage.close();
    const db = new Database(tenantFile, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(checkpointEveryCommits * 2);
    db.close();
  });
});
