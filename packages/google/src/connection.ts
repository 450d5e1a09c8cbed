import type {
  AnyJobDefinition,
  AnyRoute,
  NuvatraServices,
  PluginStorage,
  SecretBox,
  Storage,
  TenantScope,
} from '@nuvatra/core';
import { createAccessTokens } from './access-token.js';
import { createGoogleOAuth } from './oauth.js';
import { type ConnectionView, type GoogleConnectionOptions, parseGoogleConnectionOptions } from './options.js';
import { connectionRoutes, requireSecretBox } from './routes.js';
import { googleStorage } from './storage.js';
import { connectionStore, toView } from './store.js';

export interface GoogleConnection {
  /** Spread into the product plugin: connect, callback, connection status, disconnect. */
  routes: AnyRoute[];
  /** Spread into the product plugin: `google_<kind>_oauth_states` and `google_<kind>_connections`. */
  storage: PluginStorage;
  jobs?: AnyJobDefinition[];
  /**
   * A usable access token for the tenant (refreshed when it expires within a minute). Pass what holds the secret box:
   * a route's or job's `services`, or a tool's context. Throws `<KIND>_NOT_CONNECTED` or GOOGLE_CONNECTION_BROKEN (409).
   */
  accessToken(scope: TenantScope, services: { secretBox: SecretBox | null }): Promise<string>;
  /** The connection as the dashboard sees it, or null. */
  status(scope: TenantScope): Promise<ConnectionView | null>;
  /**
   * Forgets the tenant's connection, revoking it at Google first when the secret box is at hand (best effort); null
   * when nothing was connected.
   */
  disconnect(
    scope: TenantScope,
    services?: Partial<NuvatraServices> & { secretBox: SecretBox | null },
    storage?: Storage,
  ): Promise<{ revoked: boolean } | null>;
}

/**
 * Google OAuth per tenant, for a product plugin to spread into its own (`googleCalendarPlugin`, `gmailPlugin`): the
 * consent flow with PKCE and a sealed single-use state bound to the tenant and user, tokens sealed for the tenant,
 * refreshed one at a time, and a connection marked broken (409, never a 500) when Google stops honouring it.
 */
export function defineGoogleConnection(options: GoogleConnectionOptions): GoogleConnection {
  const config = parseGoogleConnectionOptions(options);
  const store = connectionStore(config.kind);
  const oauth = createGoogleOAuth(config);
  const accessTokens = createAccessTokens(config, store, oauth);

  async function disconnect(
    scope: TenantScope,
    services?: Partial<NuvatraServices> & { secretBox: SecretBox | null },
    storage?: Storage,
  ): Promise<{ revoked: boolean } | null> {
    const row = await store.read(scope);
    if (!row) return null;
    let revoked = false;
    if (services?.secretBox) {
      const tokens = await store.open(scope, services.secretBox, row).catch(() => null);
      if (tokens) revoked = await oauth.revoke(tokens.refreshToken);
    }
    await store.remove(scope);
    await config.onDisconnected?.({
      scope,
      connection: toView(config.kind, row),
      accessToken: null,
      services: services as NuvatraServices,
      ...(storage ? { storage } : {}),
    });
    return { revoked };
  }

  return {
    routes: connectionRoutes({ config, store, oauth, disconnect }),
    storage: googleStorage(config.kind),
    accessToken: (scope, services) => accessTokens(scope, requireSecretBox(services)),
    async status(scope) {
      const row = await store.read(scope);
      return row ? toView(config.kind, row) : null;
    },
    disconnect,
  };
}
