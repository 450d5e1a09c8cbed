import { definePluginModel, type StoragePlugin } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

// Portable DDL: the same statement creates the table in SQLite and in Postgres.
const createNotes = `CREATE TABLE plugin_contract_notes (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  pinned INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
)`;

/** A plugin bringing one tenant-owned table, as an integrator's plugin would. */
export const notesPlugin: StoragePlugin = {
  name: 'contract-notes',
  storage: {
    models: {
      contractNotes: definePluginModel({
        table: 'plugin_contract_notes',
        fields: { id: 'string', body: 'string', pinned: 'boolean', createdAt: 'timestamp' },
      }),
    },
    migrations: {
      sqlite: [{ version: 1, name: 'notes', sql: createNotes }],
      postgres: [{ version: 1, name: 'notes', sql: createNotes }],
    },
  },
};

const note = (id: string, body: string) => ({ id, body, pinned: false, createdAt: '2030-01-01T00:00:00.000Z' });

export function definePluginModelTests(context: ContractContext): void {
  describe('plugin models', () => {
    it('creates a plugin’s table once and reaches it only through the tenant’s scope', async () => {
      const storage = context.storage();
      await storage.migrate({ plugins: [notesPlugin] });
      await storage.migrate({ plugins: [notesPlugin] });
      expect(storage.hasPluginStorage('contract-notes')).toBe(true);
      const a = await context.createTenant();
      const b = await context.createTenant();
      await storage.withTenant(a.id, (scope) => scope.model('contractNotes').insert(note('n1', 'for a')));
      await storage.withTenant(b.id, (scope) => scope.model('contractNotes').insert(note('n1', 'for b')));
      await storage.withTenant(a.id, async (scope) => {
        const notes = scope.model('contractNotes');
        expect(await notes.findMany()).toEqual([{ ...note('n1', 'for a'), tenantId: a.id }]);
        expect(await notes.update([{ field: 'id', value: 'n1' }], { pinned: true })).toBe(1);
        expect(await notes.count()).toBe(1);
      });
      await storage.withTenant(b.id, async (scope) => {
        const notes = scope.model('contractNotes');
        expect(await notes.findOne([{ field: 'id', value: 'n1' }])).toMatchObject({ body: 'for b', pinned: false });
        expect(await notes.delete([])).toBe(1);
      });
      expect(await storage.withTenant(a.id, (scope) => scope.model('contractNotes').count())).toBe(1);
    });

    it('refuses to write a row of another tenant through the plugin model', async () => {
      const storage = context.storage();
      await storage.migrate({ plugins: [notesPlugin] });
      const a = await context.createTenant();
      const b = await context.createTenant();
      await expect(
        storage.withTenant(a.id, (scope) =>
          scope.model('contractNotes').insert({ ...note('n2', 'x'), tenantId: b.id }),
        ),
      ).rejects.toBeTruthy();
      expect(await storage.withTenant(b.id, (scope) => scope.model('contractNotes').count())).toBe(0);
      expect(await storage.withTenant(a.id, (scope) => scope.model('contractNotes').count())).toBe(0);
    });

    it('rolls a plugin’s rows back with the rest of the scope', async () => {
      const storage = context.storage();
      await storage.migrate({ plugins: [notesPlugin] });
      const a = await context.createTenant();
      await expect(
        storage.withTenant(a.id, async (scope) => {
          await scope.model('contractNotes').insert(note('n3', 'lost'));
          throw new Error('fails after the write');
        }),
      ).rejects.toThrow('fails after the write');
      expect(await storage.withTenant(a.id, (scope) => scope.model('contractNotes').count())).toBe(0);
    });

    it('refuses an unregistered model and plugin tables that could escape their tenant', async () => {
      const storage = context.storage();
      const a = await context.createTenant();
      await expect(storage.withTenant(a.id, async (scope) => scope.model('contractNotes'))).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      });
      const notes = notesPlugin.storage?.models.contractNotes;
      if (!notes) throw new Error('unreachable');
      const global = { name: 'bad', storage: { models: { bad: { ...notes, tenantOwned: false } }, migrations: {} } };
      await expect(storage.migrate({ plugins: [global] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      const clash = { name: 'clash', storage: { models: { calls: notes }, migrations: {} } };
      await expect(storage.migrate({ plugins: [clash] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      const noDdl = {
        name: 'no-ddl',
        storage: { models: { other: { ...notes, table: 'plugin_other' } }, migrations: {} },
      };
      await expect(storage.migrate({ plugins: [noDdl] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    });
  });
}
