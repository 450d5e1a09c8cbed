import { defineJob, type JobEnqueuer, type TenantScope } from '@nuvatra/core';
import { isGoogleError, notConnectedCode } from '@nuvatra/google';
import { z } from 'zod';
import type { GmailClient } from './client.js';
import { advanceWatchExpiry, type Mailbox, markBroken, readMailbox } from './mailbox.js';
import type { GmailConfig } from './options.js';
import type { TokenSource } from './sync.js';

export const renewJobName = 'gmail.renew-watch';

/** Gmail's watch lasts 7 days; Google recommends calling watch again once a day. */
export const renewEveryMs = 24 * 60 * 60 * 1000;

const renewPayloadSchema = z.object({}).strict();

/**
 * Enqueues the tenant's next renewal a day from `now`. The idempotency key names the tenant and the day it is due:
 * a reconnect, a retried renewal or a second connect the same day answers the renewal already queued, so one chain
 * per tenant runs, never a pile of them.
 */
export async function enqueueRenewal(jobs: JobEnqueuer, tenantId: string, now: number) {
  const runAt = new Date(now + renewEveryMs);
  return jobs.enqueue(
    renewJobName,
    {},
    {
      tenantId,
      runAt,
      idempotencyKey: `gmail.renew-watch:${tenantId}:${runAt.toISOString().slice(0, 10)}`,
    },
  );
}

export type RenewOutcome =
  | { outcome: 'renewed'; watchExpiresAt: string | null; next: string }
  | { outcome: 'stopped'; reason: 'not_connected' | 'broken' };

/**
 * `gmail.renew-watch`, a tenant job: calls users.watch again with the tenant's own token, keeps the new expiry when
 * it is later than the stored one, and enqueues the next renewal a day later. A mailbox disconnected meanwhile ends
 * the chain (nothing is called). A grant Google no longer honours marks the mailbox broken, is audited
 * (`gmail.connection_broken`) and ends the chain too: retrying cannot mend it, reconnecting starts a new one. Other
 * failures (Google unavailable) are retried by the queue with backoff.
 */
export function gmailRenewJob(deps: { client: GmailClient; connection: TokenSource; config: GmailConfig }) {
  const { client, connection, config } = deps;
  return defineJob({
    name: renewJobName,
    payload: renewPayloadSchema,
    // About 21 hours of retries (15 min, doubled), well inside the watch's 7 days.
    maxAttempts: 8,
    backoffMs: 15 * 60 * 1000,
    async handle({ withScope, jobs, services, log, tenantId }) {
      type Start = { stop: 'not_connected' | 'broken' } | { stop: null; mailbox: Mailbox; token: string };
      const start = await withScope(async (scope: TenantScope): Promise<Start> => {
        const mailbox = await readMailbox(scope);
        if (!mailbox) return { stop: 'not_connected' };
        if (mailbox.status !== 'active') return { stop: 'broken' };
        try {
          return { stop: null, mailbox, token: await connection.accessToken(scope, services) };
        } catch (error) {
          if (isGoogleError(error, notConnectedCode('gmail'))) return { stop: 'not_connected' };
          if (!isGoogleError(error, 'GOOGLE_CONNECTION_BROKEN')) throw error;
          // Caught inside the scope: the connection's own "broken" mark commits with ours.
          await markBroken(scope, (error as Error).message);
          await scope.auditEvents.record({
            actor: { type: 'provider', id: 'google' },
            action: 'gmail.connection_broken',
            target: mailbox.address,
            detail: { during: renewJobName, reason: (error as Error).message.slice(0, 500) },
          });
          return { stop: 'broken' };
        }
      });
      if (start.stop !== null) {
        log.info('gmail: watch renewal stopped', { tenantId, reason: start.stop });
        return;
      }

      // No transaction is open while Google is asked.
      const watch = await client.watch(start.token, config.pubsub.topicName);
      const result = await withScope(async (scope): Promise<RenewOutcome> => {
        // Disconnected (or another address connected) while Google answered: that connection has its own chain.
        if (!(await advanceWatchExpiry(scope, start.mailbox.address, watch.expiration))) {
          return { outcome: 'stopped', reason: 'not_connected' };
        }
        // Enqueued in the tenant's transaction: it commits with the new expiry, or neither does.
        const next = await enqueueRenewal(jobs, tenantId, config.now());
        return { outcome: 'renewed', watchExpiresAt: watch.expiration, next: next.job.id };
      });
      log.info('gmail: watch renewal done', { tenantId, ...result });
    },
  });
}
