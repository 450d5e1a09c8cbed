import type { SecretBox, TenantScope } from '@nuvatra/core';
import { googleError, isGoogleError, notConnectedError } from './errors.js';
import type { GoogleOAuth } from './oauth.js';
import type { GoogleConnectionConfig } from './options.js';
import type { ConnectionRow, ConnectionStore } from './store.js';

/** An access token expiring sooner than this is refreshed before use. */
const refreshMarginMs = 60_000;
/** How long one process may hold the refresh lease before another may take it over. */
const leaseMs = 30_000;

/**
 * A usable access token for the tenant's connection, refreshed when it expires within a minute. One refresh at a
 * time per tenant and kind: in this process, callers share one refresh (single flight); across processes, the
 * refresh lease is claimed by a conditional update of the row's version, and the loser re-reads what the winner
 * stored. Google's `invalid_grant` marks the connection broken and throws GOOGLE_CONNECTION_BROKEN (409).
 *
 * The broken mark is written in the caller's transaction: a route should answer the error (`errorResponse`) rather
 * than throw it, so the mark commits; if it is rolled back, the next refresh finds the grant dead again.
 */
export function createAccessTokens(config: GoogleConnectionConfig, store: ConnectionStore, oauth: GoogleOAuth) {
  const inFlight = new Map<string, Promise<string>>();

  function brokenError(row: Pick<ConnectionRow, 'brokenReason'>) {
    return googleError(
      'GOOGLE_CONNECTION_BROKEN',
      `The Google ${config.label} connection needs to be reconnected${row.brokenReason ? ` (${row.brokenReason})` : ''}.`,
    );
  }

  async function usable(scope: TenantScope, secretBox: SecretBox, row: ConnectionRow | null): Promise<string | null> {
    if (!row) throw notConnectedError(config.kind, config.label);
    if (row.status === 'broken') throw brokenError(row);
    if (Date.parse(row.expiresAt) - config.now() <= refreshMarginMs) return null;
    return (await store.open(scope, secretBox, row)).accessToken;
  }

  async function refresh(scope: TenantScope, secretBox: SecretBox, row: ConnectionRow): Promise<string> {
    if ((await store.claimLease(scope, row.version, config.now(), leaseMs)) === 0) {
      // Another process refreshed (the version moved on) or is refreshing: use what it stored when it is fresh.
      const fresh = await usable(scope, secretBox, await store.read(scope));
      if (fresh) return fresh;
      throw googleError('GOOGLE_UNAVAILABLE', 'The Google connection is being refreshed elsewhere; try again.');
    }
    const tokens = await store.open(scope, secretBox, row);
    try {
      const refreshed = await oauth.refresh(tokens.refreshToken);
      const sealedTokens = await store.seal(scope, secretBox, {
        accessToken: refreshed.accessToken,
        // Google keeps the refresh token unless it sends a new one.
        refreshToken: refreshed.refreshToken ?? tokens.refreshToken,
      });
      await store.saveRefreshed(scope, row.version, { sealedTokens, expiresAt: refreshed.expiresAt }, config.now());
      return refreshed.accessToken;
    } catch (error) {
      if (isGoogleError(error, 'GOOGLE_CONNECTION_BROKEN')) {
        const reason = 'Google refused the refresh token (invalid_grant): access was revoked or has expired';
        await store.markBroken(scope, reason, config.now());
        throw brokenError({ brokenReason: reason });
      }
      await store.releaseLease(scope, row.version);
      throw error;
    }
  }

  return async function accessToken(scope: TenantScope, secretBox: SecretBox): Promise<string> {
    const row = await store.read(scope);
    const current = await usable(scope, secretBox, row);
    if (current) return current;
    const key = `${scope.tenantId}:${config.kind}`;
    let flight = inFlight.get(key);
    if (!flight) {
      flight = refresh(scope, secretBox, row!).finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
    }
    return flight;
  };
}
