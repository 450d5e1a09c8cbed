import { type AuthProvider, createHttpError } from '@nuvatra/core';
import { createInvitationsClient } from './client.js';
import { toPrincipal } from './map.js';
import { type ClerkAuthOptions, parseClerkAuthOptions } from './options.js';
import type { SessionClaims } from './schemas.js';
import { verifyClerkSessionToken } from './verify.js';

/**
 * Clerk as an auth provider for `createNuvatra`: a Clerk session token (`Authorization: Bearer`, or the `__session`
 * cookie) becomes a principal whose claims carry the tenant claim and the active organisation. A request without
 * one is left to the next provider (API keys, development tokens); a Clerk token that fails is 401, naming why.
 * With a secret key it also sends invitations that put the tenant into the invited user's public metadata.
 */
export function clerkAuth(options: ClerkAuthOptions = {}): AuthProvider {
  const config = parseClerkAuthOptions(options);
  const admins = new Set(config.adminUserIds);
  const invitations = config.secretKey ? createInvitationsClient({ ...config, secretKey: config.secretKey }) : null;
  return {
    name: 'clerk',
    async authenticate(request) {
      const presented = readSessionToken(request);
      if (!presented) return null;
      const claims = await verifyClerkSessionToken(presented.token, config);
      if (config.treatPendingAsSignedOut && claims.sts === 'pending') {
        throw createHttpError(
          'UNAUTHENTICATED',
          'The Clerk session is pending: the user has session tasks left (such as choosing an organisation).',
        );
      }
      if (presented.from === 'cookie') assertSameOriginWrite(request, claims);
      return toPrincipal(claims, admins);
    },
    ...(invitations ? { invite: invitations.invite, revokeInvitation: invitations.revokeInvitation } : {}),
  };
}

type PresentedToken = { token: string; from: 'header' | 'cookie' };

/** JWTs only: API keys and `dev:` tokens in the same header belong to other providers. */
const isJwtShaped = (token: string) => !token.startsWith('dev:') && token.split('.').length === 3;

function readSessionToken(request: Request): PresentedToken | null {
  const authorization = request.headers.get('authorization');
  // An Authorization header speaks for the request, even when a session cookie rides along.
  if (authorization !== null) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    return bearer && isJwtShaped(bearer) ? { token: bearer, from: 'header' } : null;
  }
  const cookie = readCookie(request.headers.get('cookie'), '__session');
  return cookie && isJwtShaped(cookie) ? { token: cookie, from: 'cookie' } : null;
}

function readCookie(header: string | null, name: string): string | null {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends cookies with requests other sites start, so a write authorised by the `__session` cookie must
 * come from the page the token was issued to: its `Origin` must be the token's `azp`. Bearer tokens are never
 * sent by a browser on its own, so they need no such check.
 */
function assertSameOriginWrite(request: Request, claims: SessionClaims): void {
  if (safeMethods.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin || !claims.azp || origin !== claims.azp) {
    throw createHttpError(
      'FORBIDDEN',
      `A write signed in by the __session cookie must come from the page the session belongs to (Origin ${origin ?? 'missing'}, azp ${claims.azp ?? 'missing'}); send the token as "Authorization: Bearer <token>".`,
    );
  }
}
