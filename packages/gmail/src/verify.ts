import { createHttpError } from '@nuvatra/core';
import { OAuth2Client } from 'google-auth-library';
import type { GmailConfig } from './options.js';

/** What a verified push token says about its sender. */
export interface PushIdentity {
  email: string;
  subject: string | null;
}

/** Checks a push request's OIDC token; throws 401/403 `{ error }` for anything Pub/Sub did not sign for us. */
export type PushVerifier = (request: Request) => Promise<PushIdentity>;

/**
 * Pub/Sub's authenticated push, checked with Google's own library (`OAuth2Client.verifyIdToken`): an RS256 JWT in
 * `Authorization: Bearer …`, signed by a key Google publishes (fetched from `certsUrl` and cached as Google's
 * Cache-Control says), issued by accounts.google.com, for our audience, not expired (the library allows five minutes
 * of clock skew), then — checked here, the library does not — `email` is the push subscription's service account
 * and `email_verified` is true. The request body is not read before all of this passed.
 */
export function createPushVerifier(config: GmailConfig): PushVerifier {
  // The client holds no credentials: it only fetches the public certificates, from `certsUrl` (a fake in tests).
  const client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: config.certsUrl } });
  const { audience, serviceAccountEmail } = config.pubsub;
  return async function verifyPush(request) {
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header.trim())?.[1];
    if (!token) {
      throw createHttpError(
        'UNAUTHENTICATED',
        'No OIDC token: only the Gmail push subscription (with authentication enabled) may call this.',
      );
    }
    let payload: Record<string, unknown> | undefined;
    try {
      payload = (await client.verifyIdToken({ idToken: token, audience })).getPayload() as
        | Record<string, unknown>
        | undefined;
    } catch (error) {
      // The library's messages quote the token and its claims: they are not passed on or logged.
      const reason = /Failed to retrieve verification certificates/.test(String((error as Error)?.message))
        ? null
        : String((error as Error)?.message ?? '');
      if (reason === null) throw error; // Google's certificates unreachable: ours to retry (500), not the sender's.
      throw createHttpError('UNAUTHENTICATED', `The OIDC token is not valid: ${describe(reason)}.`);
    }
    if (!payload) throw createHttpError('UNAUTHENTICATED', 'The OIDC token has no claims.');
    const email = typeof payload.email === 'string' ? payload.email.toLowerCase() : '';
    if (email !== serviceAccountEmail) {
      throw createHttpError('FORBIDDEN', 'The OIDC token was not issued to the configured push service account.');
    }
    if (payload.email_verified !== true) {
      throw createHttpError('FORBIDDEN', 'The OIDC token says its email is not verified.');
    }
    return { email, subject: typeof payload.sub === 'string' ? payload.sub : null };
  };
}

/** The library's reason, without the token or claims it quotes. */
function describe(message: string): string {
  if (/audience/i.test(message)) return 'it is for another audience';
  if (/issuer/i.test(message)) return 'it is from another issuer';
  if (/too far in future/i.test(message)) return 'it lives longer than Google issues tokens for';
  if (/too late|expiration/i.test(message)) return 'it has expired';
  if (/too early/i.test(message)) return 'it is not valid yet';
  if (/signature|No pem found/i.test(message)) return "its signature is not Google's";
  return 'it could not be read';
}
