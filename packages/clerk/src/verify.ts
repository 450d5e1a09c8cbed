import { verifyToken } from '@clerk/backend';
import { TokenVerificationError } from '@clerk/backend/errors';
import { decodeJwt } from '@clerk/backend/jwt';
import { createHttpError, NuvatraError, RECONSTRUCTED_BODY_HEADER, readBodyBytes } from '@nuvatra/core';
import { type Webhook, WebhookVerificationError } from 'svix';
import type { ClerkAuthConfig } from './options.js';
import { type SessionClaims, sessionClaimsSchema } from './schemas.js';

// Why a Clerk token failed, by @clerk/backend's TokenVerificationError reason, in words that say what to do.
const tokenProblems: Record<string, string> = {
  'token-expired': 'has expired (exp); the frontend must send a fresh one (Clerk refreshes it every minute)',
  'token-not-active-yet': 'is not valid yet (nbf); check the clocks of this server and the client',
  'token-iat-in-the-future': 'was issued in the future (iat); check this server’s clock',
  'token-invalid-signature': 'has a signature that does not match this Clerk instance’s key (CLERK_JWT_KEY)',
  'token-invalid-algorithm': 'is signed with an algorithm Clerk does not use (alg)',
  'token-invalid-authorized-parties': 'comes from an origin (azp) that is not in CLERK_AUTHORIZED_PARTIES',
  'token-invalid': 'is not a well-formed Clerk session token',
  'jwk-kid-mismatch': 'is signed by a key this Clerk instance does not publish (kid); is it another instance’s?',
  'token-verification-failed': 'is missing a claim Clerk always sets',
  'jwk-missing-kid': 'names no signing key (kid)',
};

/**
 * Checks a Clerk session token with @clerk/backend's `verifyToken`: networkless with the PEM key (`jwtKey`), else
 * against the instance's JWKS (`secretKey`); then `azp`, `exp`, `nbf` and `iat` within the allowed clock skew.
 * A token that fails is UNAUTHENTICATED naming the reason; a JWKS that cannot be loaded is our problem (500).
 */
export async function verifyClerkSessionToken(token: string, config: ClerkAuthConfig): Promise<SessionClaims> {
  assertSessionTokenHeader(token);
  let payload: unknown;
  try {
    payload = await verifyToken(token, {
      ...(config.jwtKey ? { jwtKey: config.jwtKey } : {}),
      ...(config.secretKey ? { secretKey: config.secretKey } : {}),
      ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
      authorizedParties: config.authorizedParties,
      clockSkewInMs: config.clockSkewInMs,
    });
  } catch (error) {
    throw toTokenError(error);
  }
  const claims = sessionClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw createHttpError('UNAUTHENTICATED', 'The Clerk session token’s claims are not shaped like Clerk’s.', {
      cause: claims.error,
    });
  }
  return claims.data;
}

/**
 * Clerk signs session tokens with RS256 under a key id. Checked before `verifyToken`, which in JWKS mode fetches the
 * keys again for every key id it does not know: a forged header must not make each request a call to Clerk.
 */
function assertSessionTokenHeader(token: string): void {
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeJwt(token).header;
  } catch (error) {
    throw toTokenError(error);
  }
  if (header.alg !== 'RS256') throw toTokenError(null, 'token-invalid-algorithm');
  if (typeof header.kid !== 'string' || header.kid === '') throw toTokenError(null, 'jwk-missing-kid');
}

function toTokenError(error: unknown, knownReason?: string): Error {
  const reason = knownReason ?? (error instanceof TokenVerificationError ? error.reason : undefined);
  const problem = reason ? tokenProblems[reason] : undefined;
  if (problem) {
    return createHttpError('UNAUTHENTICATED', `The Clerk session token ${problem}.`, error ? { cause: error } : {});
  }
  if (reason === 'secret-key-invalid') {
    return new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'Clerk refused CLERK_SECRET_KEY while loading its signing keys.',
      cause: error,
    });
  }
  // The JWKS could not be fetched (Clerk unreachable): not the caller's fault, so not a 401 that signs them out.
  return new NuvatraError({
    code: 'INTERNAL',
    message: `Clerk session tokens cannot be verified right now (${reason ?? 'unknown error'}); set CLERK_JWT_KEY to verify without calling Clerk.`,
    cause: error,
  });
}

/** Set by @nuvatra/express when a body parser consumed the bytes and the body had to be rebuilt from its result. */

const svixHeaders = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;

/** A Clerk event whose Svix signature checked out: its message id (the same on every retry) and its JSON. */
export interface VerifiedClerkEvent {
  messageId: string;
  payload: unknown;
}

/**
 * Proves Clerk sent an event before anything reads it: Svix's HMAC over `svix-id.svix-timestamp.body` with the
 * endpoint's signing secret, and a timestamp within five minutes of ours (so a captured event cannot be replayed
 * later). Anything else is 403 INVALID_SIGNATURE and nothing is stored.
 */
export async function verifyClerkWebhook(
  request: Request,
  webhook: Webhook,
  bodyLimit: number,
): Promise<VerifiedClerkEvent> {
  if (request.headers.has(RECONSTRUCTED_BODY_HEADER)) {
    throw createHttpError(
      'CONFIG_INVALID',
      'A body parser read the Clerk webhook before Nuvatra, so its Svix signature cannot be checked: mount ' +
        'nuvatra() before express.json(), or pass { verify: captureRawBody } to the parser.',
    );
  }
  const headers = Object.fromEntries(svixHeaders.map((name) => [name, request.headers.get(name) ?? '']));
  const missing = svixHeaders.filter((name) => !headers[name]);
  if (missing.length > 0) {
    throw createHttpError(
      'INVALID_SIGNATURE',
      `The ${missing.join(', ')} header${missing.length > 1 ? 's are' : ' is'} missing: only Clerk (through Svix) may call this.`,
    );
  }
  const bytes = await readBodyBytes(request, bodyLimit);
  let text: string;
  try {
    // Kept byte for byte (a BOM too): the signature covers exactly what Svix sent.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw createHttpError('INVALID_SIGNATURE', 'The body is not UTF-8, so it is not an event Svix signed.');
  }
  try {
    return { messageId: headers['svix-id'] ?? '', payload: webhook.verify(text, headers) };
  } catch (error) {
    throw toSignatureError(error);
  }
}

function toSignatureError(error: unknown): Error {
  if (!(error instanceof WebhookVerificationError)) {
    // svix parses the body only after the signature matched.
    return createHttpError('INVALID_JSON', 'The signed Clerk event is not JSON.', { cause: error });
  }
  const problem = /timestamp too (old|new)/.test(error.message)
    ? 'svix-timestamp is more than 5 minutes away from this server’s clock: a replayed event, or a clock that is off.'
    : /Invalid Signature Headers/.test(error.message)
      ? 'svix-timestamp is not a Unix time in seconds.'
      : 'svix-signature does not match this body under CLERK_WEBHOOK_SIGNING_SECRET.';
  return createHttpError('INVALID_SIGNATURE', problem, { cause: error });
}
