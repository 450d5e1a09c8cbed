import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type AnyRoute,
  createHttpError,
  type Logger,
  NuvatraError,
  type NuvatraServices,
  type Storage,
  type TenantScope,
} from '@nuvatra/core';
import { type GmailClient, statusOf } from './client.js';
import { deleteMailbox, readMailbox, routingProvider, saveMailbox } from './mailbox.js';
import type { GmailConfig } from './options.js';
import { enqueueRenewal } from './renew.js';

/** What `@nuvatra/google` hands its `onConnected` / `onDisconnected` hooks (a `storage` of its own, when it gives one). */
export interface ConnectionEvent {
  scope: TenantScope;
  accessToken: string | null;
  services: NuvatraServices;
  storage?: Storage;
}

/**
 * The connection's hooks run inside its routes (the OAuth callback, DELETE /connection), which know the deployment's
 * storage; registering the address for routing needs it (tenant external ids are global rows). The routes are
 * wrapped so their storage (and their logger) is at hand while they run, for as long as the event does not carry it.
 */
const routeContext = new AsyncLocalStorage<{ storage: Storage; log: Logger | undefined }>();

export function withRouteStorage(routes: readonly AnyRoute[]): AnyRoute[] {
  return routes.map((route) => ({
    ...route,
    handle: (context: Parameters<AnyRoute['handle']>[0]) => {
      const { storage, log } = context as { storage: Storage; log?: Logger };
      return routeContext.run({ storage, log }, () => route.handle(context));
    },
  }));
}

function storageOf(event: ConnectionEvent): Storage {
  const storage = event.storage ?? routeContext.getStore()?.storage;
  if (!storage) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'The Gmail connection hooks ran outside the connection routes: no storage to register the address in.',
    });
  }
  return storage;
}

async function setRoutingAddress(storage: Storage, tenantId: string, address: string | null): Promise<void> {
  const tenant = await storage.tenants.get(tenantId);
  if (!tenant) throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${tenantId}".`);
  const { [routingProvider]: _previous, ...others } = tenant.externalIds;
  // tenants.update claims the ids in the open transaction: another tenant's address is a CONFLICT, nothing stored.
  await storage.tenants.update(tenantId, { externalIds: address ? { ...others, [routingProvider]: address } : others });
}

/**
 * `onConnected`: read the mailbox's address (users.getProfile), refuse it if another tenant has it (409, nothing
 * stored: the hook commits with the connection, or neither does), start the inbox watch (users.watch on the
 * configured topic), then register the address for routing and keep the history id to sync from.
 */
export function gmailConnectionHooks(config: GmailConfig, client: GmailClient) {
  let warnedNoQueue = false;

  async function onConnected(event: ConnectionEvent): Promise<void> {
    const { scope } = event;
    const storage = storageOf(event);
    const token = event.accessToken;
    if (!token) throw createHttpError('CONFLICT', 'Google answered no access token: connect Gmail again.');
    const profile = await client.profile(token);
    const address = profile.emailAddress.toLowerCase();
    const holder = await storage.routing.tenantIdByExternalId(routingProvider, address);
    if (holder && holder !== scope.tenantId) {
      throw createHttpError(
        'CONFLICT',
        `The Gmail address ${address} is already connected to another business: disconnect it there first.`,
      );
    }
    const watch = await client.watch(token, config.pubsub.topicName);
    try {
      await setRoutingAddress(storage, scope.tenantId, address);
      await saveMailbox(scope, {
        address,
        historyId: watch.historyId,
        watchExpiresAt: watch.expiration,
        status: 'active',
        brokenReason: null,
      });
      // The watch lapses after 7 days: renew it daily, in a job chain (one per tenant, whatever the reconnects).
      if (event.services.jobs.available) await enqueueRenewal(event.services.jobs, scope.tenantId, config.now());
    } catch (error) {
      await client.stop(token).catch(() => undefined);
      throw error;
    }
    if (!event.services.jobs.available && !warnedNoQueue) {
      warnedNoQueue = true;
      routeContext
        .getStore()
        ?.log?.warn(
          'gmail: no job queue, so the inbox watch is not renewed and lapses after 7 days; configure createNuvatra({ jobs: { driver } })',
          { tenantId: scope.tenantId },
        );
    }
    await scope.auditEvents.record({
      actor: { type: 'provider', id: 'google' },
      action: 'gmail.connected',
      target: address,
      detail: { historyId: watch.historyId, watchExpiresAt: watch.expiration },
    });
  }

  /**
   * `onDisconnected`: stop routing the address here and forget the mailbox (a renewal still queued finds no mailbox
   * and ends its chain). `@nuvatra/google` revokes the grant before this hook and hands it no token, and offers no
   * hook before the revocation, so users.stop is called only when a token is given; revoking the grant ends Gmail's
   * delivery for it anyway.
   */
  async function onDisconnected(event: ConnectionEvent): Promise<void> {
    const { scope } = event;
    const storage = storageOf(event);
    const mailbox = await readMailbox(scope);
    await setRoutingAddress(storage, scope.tenantId, null);
    await deleteMailbox(scope);
    let stopped = false;
    if (event.accessToken) {
      // Best effort: the token may be revoked already; the watch then lapses within 7 days, and pushes for the
      // address meanwhile are acknowledged and kept for admins as unrouted.
      stopped = await client.stop(event.accessToken).then(
        () => true,
        (error) => statusOf(error) === 404,
      );
    }
    await scope.auditEvents.record({
      actor: { type: 'provider', id: 'google' },
      action: 'gmail.disconnected',
      target: mailbox?.address ?? null,
      detail: { watchStopped: stopped },
    });
  }

  return { onConnected, onDisconnected };
}
