import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { defineGoogleConnection } from '@nuvatra/google';
import { createGmailClient } from './client.js';
import { gmailConnectionHooks, withRouteStorage } from './connection.js';
import { gmailStorage } from './mailbox.js';
import { type GmailOptions, parseGmailOptions } from './options.js';
import { pushRoutes } from './push.js';
import { gmailRenewJob } from './renew.js';
import { gmailSyncJob, syncMailbox, type TokenSource } from './sync.js';
import { createPushVerifier } from './verify.js';

/** Read-only inbox access is all the plugin needs: it reads new mail and never sends or changes any. */
export const gmailScopes = ['https://www.googleapis.com/auth/gmail.readonly'];

/**
 * Gmail as a Nuvatra plugin. Each tenant connects its own mailbox (`@nuvatra/google`: GET /api/gmail/connect → Google
 * consent → /api/gmail/callback); connecting starts a watch of its inbox on the deployment's Pub/Sub topic and
 * registers its address for routing (an address is one tenant's only). Pub/Sub pushes each change to
 * POST /api/gmail/push: its OIDC token is verified before anything is read, the notification is routed to the
 * tenant that connected the address, stored once per Pub/Sub message, and the new mail is fetched with that tenant's
 * own token in a job (inline without a queue) into its email conversations, once per Gmail message. The watch is
 * renewed daily by a `gmail.renew-watch` job chain per tenant (a job queue is needed for it).
 * Options are checked here: a bad one throws CONFIG_INVALID at start-up.
 */
export function gmailPlugin(options: GmailOptions): NuvatraPlugin {
  const config = parseGmailOptions(options);
  const client = createGmailClient(config.rootUrl);
  const hooks = gmailConnectionHooks(config, client);
  const connection = defineGoogleConnection({
    kind: 'gmail',
    scopes: gmailScopes,
    routePrefix: '/api/gmail',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    ...(config.endpoints ? { endpoints: config.endpoints } : {}),
    now: config.now,
    onConnected: hooks.onConnected,
    onDisconnected: hooks.onDisconnected,
  });
  const tokens: TokenSource = connection;
  const sync = gmailSyncJob({ client, connection: tokens });
  const renew = gmailRenewJob({ client, connection: tokens, config });
  return definePlugin({
    name: 'gmail',
    routes: [
      ...withRouteStorage(connection.routes),
      ...pushRoutes(config, {
        verify: createPushVerifier(config),
        syncInline: ({ storage, services, log }, tenantId, payload) =>
          syncMailbox(
            { client, connection: tokens, log, secretBox: services.secretBox },
            (fn) => storage.withTenant(tenantId, fn),
            payload,
          ),
      }),
    ],
    jobs: [...(connection.jobs ?? []), sync, renew],
    storage: gmailStorage(connection.storage),
  });
}
