import {
  type AnyRoute,
  createHttpError,
  defineRoute,
  type Logger,
  type NuvatraServices,
  parseOrThrow,
  readJsonBody,
  type Storage,
} from '@nuvatra/core';
import { z } from 'zod';
import { routingProvider } from './mailbox.js';
import type { GmailConfig } from './options.js';
import { type SyncOutcome, type SyncPayload, syncJobName } from './sync.js';
import type { PushVerifier } from './verify.js';

/** Pub/Sub's push body: `{ message: { data, messageId, publishTime, attributes? }, subscription }`. */
const pushBodySchema = z.object({
  message: z.object({
    data: z.string().min(1).max(10_000),
    messageId: z.string().min(1).max(255),
    publishTime: z.string().max(64).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  subscription: z.string().min(1).max(500),
});

/** Gmail's notification, base64 JSON in `message.data`. */
const notificationSchema = z.object({
  emailAddress: z.string().min(3).max(320).includes('@'),
  historyId: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]).transform(String),
});

function decodeNotification(data: string) {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(data)) throw new Error('not base64');
    value = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch (error) {
    throw createHttpError('VALIDATION_FAILED', 'message.data is not base64 JSON as Gmail sends it.', { cause: error });
  }
  return parseOrThrow(notificationSchema, value, 'Gmail notification');
}

export interface PushDeps {
  verify: PushVerifier;
  /** The sync run in the request when the deployment has no job queue. */
  syncInline(
    context: { storage: Storage; services: NuvatraServices; log: Logger },
    tenantId: string,
    payload: SyncPayload,
  ): Promise<SyncOutcome>;
}

const clip = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

/**
 * One Gmail notification: verify the OIDC token (nothing is read before) → parse → the tenant that connected the
 * address (a tenant external id) → once per Pub/Sub message id (webhook receipts, in that tenant) → sync in a job.
 * An address no tenant connected, or a suspended tenant's, is acknowledged (so Pub/Sub stops retrying) and kept for
 * global admins as an unrouted event; nothing is stored in any tenant.
 */
async function handlePush(
  request: Request,
  context: { storage: Storage; services: NuvatraServices; log: Logger },
  config: GmailConfig,
  deps: PushDeps,
): Promise<Response> {
  const { storage, services, log } = context;
  await deps.verify(request);
  const body = await readJsonBody(request, pushBodySchema, { limit: config.bodyLimit, what: 'Pub/Sub push' });
  const notification = decodeNotification(body.message.data);
  const address = notification.emailAddress.toLowerCase();
  const notificationId = body.message.messageId;
  const facts = { notificationId, historyId: notification.historyId };

  const tenantId = await storage.routing.tenantIdByExternalId(routingProvider, address);
  const tenant = tenantId ? await storage.tenants.get(tenantId) : null;
  if (tenant?.status !== 'active') {
    const code = tenant ? 'TENANT_SUSPENDED' : 'TENANT_NOT_RESOLVED';
    await storage.unrouted.record({
      provider: 'google',
      channel: 'email',
      to: clip(address, 64),
      code,
      reason: tenant
        ? `The business that connected ${address} is suspended.`
        : `No business has connected the Gmail address ${address}.`,
      providerEventId: notificationId,
    });
    if (tenant) {
      await storage.withTenant(tenant.id, (scope) =>
        scope.auditEvents.record({
          actor: { type: 'provider', id: 'google' },
          action: 'message.refused',
          target: notificationId,
          detail: { code, to: address, channel: 'email' },
        }),
      );
    }
    log.info('gmail: push for no active tenant, acknowledged', { ...facts, code });
    return new Response(null, { status: 204 });
  }

  const payload: SyncPayload = { historyId: notification.historyId, notificationId };
  const queued = await storage.withTenant(tenant.id, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({
      provider: 'google',
      eventId: `gmail:${notificationId}`,
    });
    if (duplicate) return 'duplicate' as const;
    if (!services.jobs.available) return 'inline' as const;
    // Enqueued in the tenant's transaction: it commits with the receipt, or neither does.
    await services.jobs.enqueue(syncJobName, payload, { idempotencyKey: `gmail:${notificationId}` });
    return 'queued' as const;
  });
  if (queued === 'inline') {
    try {
      await deps.syncInline(context, tenant.id, payload);
    } catch (error) {
      // Acknowledged all the same: the next notification syncs from the stored history id, so nothing is lost.
      log.warn('gmail: inline sync failed', { ...facts, error: (error as Error).message });
    }
  }
  log.info('gmail: push received', { ...facts, outcome: queued });
  return new Response(null, { status: 204 });
}

export function pushRoutes(config: GmailConfig, deps: PushDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: config.pushPath,
      auth: 'provider',
      summary: "Gmail push (Cloud Pub/Sub, OIDC-authenticated): new mail in a tenant's connected inbox",
      tags: ['gmail'],
      bodyLimit: config.bodyLimit,
      responses: {
        204: { description: 'Acknowledged: queued, a duplicate, or an address no tenant connected (kept for admins)' },
        400: { description: 'Not a Pub/Sub push of a Gmail notification' },
        401: { description: 'No OIDC token, or one that is not valid (signature, issuer, audience, expiry)' },
        403: { description: 'A valid token of another service account, or of an unverified email' },
      },
      handle: ({ request, storage, services, log }) => handlePush(request, { storage, services, log }, config, deps),
    }),
  ];
}
