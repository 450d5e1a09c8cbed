import { defineJob, type Logger, type SecretBox, type TenantScope } from '@nuvatra/core';
import { z } from 'zod';
import { type GmailClient, statusOf } from './client.js';
import { advanceHistory, type Mailbox, markBroken, readMailbox } from './mailbox.js';
import { type InboundEmail, toInboundEmail } from './map.js';

/** The tenant's Google connection as `@nuvatra/google` gives it: a fresh access token, refreshed when due. */
export interface TokenSource {
  accessToken(scope: TenantScope, services: { secretBox: SecretBox | null }): Promise<string>;
}

export const syncJobName = 'gmail.sync';

export const syncPayloadSchema = z
  .object({
    /** The history id the notification named: where the mailbox is at least. */
    historyId: z.string().regex(/^\d{1,30}$/),
    /** Pub/Sub's id of the notification, for logs. */
    notificationId: z.string().min(1).max(255),
  })
  .strict();
export type SyncPayload = z.infer<typeof syncPayloadSchema>;

type WithScope = <T>(fn: (scope: TenantScope) => Promise<T> | T) => Promise<T>;

const isBroken = (error: unknown) => (error as { code?: unknown } | null)?.code === 'GOOGLE_CONNECTION_BROKEN';

export type SyncOutcome =
  | { outcome: 'synced'; stored: number; duplicates: number; historyId: string }
  | { outcome: 'skipped'; reason: 'not_connected' | 'broken' | 'history_gap' };

/**
 * Fetches what reached the tenant's inbox since the stored history id (users.history.list, messageAdded, every
 * page) with the tenant's own token, reads each message (users.messages.get, format=full) and stores it in the
 * tenant's email conversation with its sender; a Gmail message id already stored is not stored again, so a message
 * named by two history records (or two notifications) is kept once. Then the stored history id moves forward. No
 * transaction is open while Google is asked. A connection Google no longer honours is marked broken and audited,
 * and the sync stops without an error (retrying cannot mend it; reconnecting does).
 */
export async function syncMailbox(
  deps: { client: GmailClient; connection: TokenSource; log: Logger; secretBox: SecretBox | null },
  withScope: WithScope,
  payload: SyncPayload,
): Promise<SyncOutcome> {
  const { client, connection, log, secretBox } = deps;
  type Start = { skip: 'not_connected' | 'broken' } | { skip: null; mailbox: Mailbox; token: string };
  const start = await withScope(async (scope): Promise<Start> => {
    const mailbox = await readMailbox(scope);
    if (!mailbox) return { skip: 'not_connected' as const };
    if (mailbox.status !== 'active') return { skip: 'broken' as const };
    try {
      return { skip: null, mailbox, token: await connection.accessToken(scope, { secretBox }) };
    } catch (error) {
      if (!isBroken(error)) throw error;
      // Caught inside the scope: the connection's own "broken" mark commits with ours.
      await markBroken(scope, (error as Error).message);
      await scope.auditEvents.record({
        actor: { type: 'provider', id: 'google' },
        action: 'gmail.connection_broken',
        target: mailbox.address,
        detail: { notificationId: payload.notificationId, reason: (error as Error).message.slice(0, 500) },
      });
      return { skip: 'broken' as const };
    }
  });
  if (start.skip !== null) {
    log.info('gmail: sync skipped', { reason: start.skip, notificationId: payload.notificationId });
    return { outcome: 'skipped', reason: start.skip };
  }
  const { mailbox, token } = start;

  const ids = new Set<string>();
  let latest = mailbox.historyId;
  let pageToken: string | undefined;
  do {
    let page: Awaited<ReturnType<GmailClient['history']>>;
    try {
      page = await client.history(token, mailbox.historyId, pageToken);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      // The stored history id is older than Gmail keeps (about a week): what came between cannot be listed. Go on
      // from the notification's history id, and say so.
      await withScope(async (scope) => {
        await advanceHistory(scope, payload.historyId);
        await scope.auditEvents.record({
          actor: { type: 'provider', id: 'google' },
          action: 'gmail.history_gap',
          target: mailbox.address,
          detail: { from: mailbox.historyId, to: payload.historyId },
        });
      });
      return { outcome: 'skipped', reason: 'history_gap' };
    }
    for (const id of page.messageIds) ids.add(id);
    if (page.historyId && BigInt(page.historyId) > BigInt(latest)) latest = page.historyId;
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);

  const emails: InboundEmail[] = [];
  for (const id of ids) {
    try {
      const email = toInboundEmail(await client.message(token, id), mailbox.address);
      if (email) emails.push(email);
    } catch (error) {
      // Deleted between the history and now: nothing to store.
      if (statusOf(error) !== 404) throw error;
    }
  }

  return withScope(async (scope) => {
    let stored = 0;
    let duplicates = 0;
    for (const email of emails) {
      const conversation = await scope.conversations.findOrCreate('email', email.participant);
      const { duplicate } = await scope.messages.append(conversation.id, email.message);
      if (duplicate) duplicates += 1;
      else stored += 1;
    }
    await advanceHistory(scope, latest);
    return { outcome: 'synced' as const, stored, duplicates, historyId: latest };
  });
}

export function gmailSyncJob(deps: { client: GmailClient; connection: TokenSource }) {
  return defineJob({
    name: syncJobName,
    payload: syncPayloadSchema,
    async handle({ payload, withScope, log, services }) {
      const result = await syncMailbox({ ...deps, log, secretBox: services.secretBox }, withScope, payload);
      log.info('gmail: sync done', { notificationId: payload.notificationId, ...result });
    },
  });
}
