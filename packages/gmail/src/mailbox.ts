import { definePluginModel, type PluginStorage, type StorageMigration, type TenantScope } from '@nuvatra/core';
import { z } from 'zod';

/** The external-id provider under which a tenant's connected Gmail address is registered for routing. */
export const routingProvider = 'gmail';

export const mailboxModel = 'gmailMailboxes';

/**
 * One row per tenant: the connected Gmail address, the history id synced up to, and whether it still syncs. The
 * address is also a tenant external id (`gmail`, lower-cased): that is what a push is routed by.
 */
const mailboxSchema = z.object({
  id: z.literal('gmail'),
  address: z.string().min(3).max(320),
  historyId: z.string().regex(/^\d{1,30}$/),
  watchExpiresAt: z.string().nullable(),
  status: z.enum(['active', 'broken']),
  brokenReason: z.string().max(500).nullable(),
  updatedAt: z.string(),
});
export type Mailbox = z.infer<typeof mailboxSchema>;

/**
 * Beside `@nuvatra/google`'s tables, in the same migration set (`plugin:gmail`): its versions start at 1, these at
 * 100, so both can grow without ever sharing a version.
 */
export function gmailStorage(connection: PluginStorage): PluginStorage {
  const table = (t: { text: string; strict: string }): StorageMigration => ({
    version: 100,
    name: 'gmail mailboxes',
    sql: `
CREATE TABLE gmail_mailboxes (
  tenant_id ${t.text} NOT NULL,
  id ${t.text} NOT NULL,
  address ${t.text} NOT NULL,
  history_id ${t.text} NOT NULL,
  watch_expires_at ${t.text},
  status ${t.text} NOT NULL,
  broken_reason ${t.text},
  updated_at ${t.text} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${t.strict};
`,
  });
  return {
    models: {
      ...connection.models,
      [mailboxModel]: definePluginModel({
        table: 'gmail_mailboxes',
        fields: {
          id: 'string',
          address: 'string',
          historyId: 'string',
          watchExpiresAt: { column: 'watch_expires_at', type: 'string', nullable: true },
          status: 'string',
          brokenReason: { column: 'broken_reason', type: 'string', nullable: true },
          updatedAt: 'string',
        },
      }),
    },
    migrations: {
      sqlite: [...(connection.migrations.sqlite ?? []), table({ text: 'TEXT', strict: ' STRICT' })],
      postgres: [...(connection.migrations.postgres ?? []), table({ text: 'text', strict: '' })],
    },
  };
}

const byId = [{ field: 'id', value: 'gmail' }] as const;

export async function readMailbox(scope: TenantScope): Promise<Mailbox | null> {
  const row = await scope.model(mailboxModel).findOne([...byId]);
  return row ? mailboxSchema.parse(row) : null;
}

export async function saveMailbox(scope: TenantScope, mailbox: Omit<Mailbox, 'id' | 'updatedAt'>): Promise<void> {
  const row = mailboxSchema.parse({ ...mailbox, id: 'gmail', updatedAt: new Date().toISOString() });
  const model = scope.model(mailboxModel);
  if (!(await model.insertIfAbsent(row))) await model.update([...byId], row);
}

export async function deleteMailbox(scope: TenantScope): Promise<void> {
  await scope.model(mailboxModel).delete([...byId]);
}

/** Moves the stored history id forward only: two syncs finishing out of order never move it back. */
export async function advanceHistory(scope: TenantScope, historyId: string): Promise<void> {
  const current = await readMailbox(scope);
  if (!current || BigInt(historyId) <= BigInt(current.historyId)) return;
  await scope.model(mailboxModel).update([...byId, { field: 'historyId', value: current.historyId }], {
    historyId,
    updatedAt: new Date().toISOString(),
  });
}

export async function markBroken(scope: TenantScope, reason: string): Promise<void> {
  await scope
    .model(mailboxModel)
    .update([...byId], { status: 'broken', brokenReason: reason.slice(0, 500), updatedAt: new Date().toISOString() });
}

/**
 * Keeps a renewed watch's expiry when it is later than the stored one (a renewal finishing after a newer one never
 * moves it back). The history id synced up to is not touched: it is the sync's cursor, and moving it to the watch's
 * history id would skip mail not yet fetched. False when the mailbox is gone or is another address now.
 */
export async function advanceWatchExpiry(
  scope: TenantScope,
  address: string,
  expiresAt: string | null,
): Promise<boolean> {
  const current = await readMailbox(scope);
  if (!current || current.address !== address) return false;
  if (!expiresAt) return true;
  if (current.watchExpiresAt && Date.parse(expiresAt) <= Date.parse(current.watchExpiresAt)) return true;
  await scope.model(mailboxModel).update([...byId, { field: 'address', value: address }], {
    watchExpiresAt: expiresAt,
    updatedAt: new Date().toISOString(),
  });
  return true;
}
