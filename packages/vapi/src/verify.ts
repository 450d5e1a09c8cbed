import { createHttpError, RECONSTRUCTED_BODY_HEADER } from '@nuvatra/core';
import type { VapiSettings } from './options.js';

// How Vapi proves a server message is its own (https://docs.vapi.ai/server-url/server-authentication):
// - the server secret, sent as the `X-Vapi-Secret` header (the org/phone-number "server URL secret", or the
//   header our transient assistants ask for);
// - a Bearer Token credential: `Authorization: Bearer <token>`;
// - an HMAC credential: a signature header over `{timestamp}.{body}` plus a timestamp header (the SDK's
//   `HmacAuthenticationPlan`: `x-signature`, `x-timestamp`, hex, sha256 by default).
// Web Crypto only, so the check runs wherever core runs.

export type VapiAuthMethod = 'secret' | 'bearer' | 'hmac';

type VerifySettings = Pick<VapiSettings, 'serverSecret' | 'hmac'>;

const encoder = new TextEncoder();

/** Set by runtime bindings (@nuvatra/express) on a body they rebuilt from a parser's output: not the signed bytes. */

/**
 * Checks a server message before anything reads it as JSON. No credential at all is UNAUTHENTICATED (401);
 * a credential that does not match is INVALID_SIGNATURE (403). Every comparison takes the same time for any
 * wrong value of the same length.
 */
export async function verifyVapiRequest(
  headers: Headers,
  body: Uint8Array,
  settings: VerifySettings,
  now: () => number = Date.now,
): Promise<VapiAuthMethod> {
  const secret = headers.get('x-vapi-secret');
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  const signature = settings.hmac ? headers.get(settings.hmac.signatureHeader) : null;

  if (secret !== null && sameSecret(secret, settings.serverSecret)) return 'secret';
  if (bearer !== undefined && sameSecret(bearer, settings.serverSecret)) return 'bearer';
  if (settings.hmac && signature !== null) {
    const timestamp = headers.get(settings.hmac.timestampHeader);
    if (await validHmac(settings.hmac, signature, timestamp, body, now())) return 'hmac';
  }
  if (secret === null && bearer === undefined && signature === null) {
    throw createHttpError(
      'UNAUTHENTICATED',
      'Vapi server messages must carry the server secret (X-Vapi-Secret) or a configured Vapi credential.',
    );
  }
  if (signature !== null && headers.has(RECONSTRUCTED_BODY_HEADER)) {
    throw createHttpError(
      'INVALID_SIGNATURE',
      'The Vapi signature cannot be checked: a body parser ran before Nuvatra and the body was rebuilt. Mount Nuvatra before the parser, or keep the raw body (captureRawBody).',
    );
  }
  throw createHttpError('INVALID_SIGNATURE', 'The Vapi server secret or signature does not match.');
}

async function validHmac(
  hmac: NonNullable<VapiSettings['hmac']>,
  signature: string,
  timestamp: string | null,
  body: Uint8Array,
  nowMs: number,
): Promise<boolean> {
  if (!timestamp || !/^\d{1,16}$/.test(timestamp)) return false;
  const value = Number(timestamp);
  // Seconds or milliseconds: Vapi's docs do not pin the unit, and the two ranges cannot be confused.
  const signedAtMs = value > 1e11 ? value : value * 1000;
  if (Math.abs(nowMs - signedAtMs) > hmac.toleranceSeconds * 1000) return false;
  if (!signature.startsWith(hmac.signaturePrefix)) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(hmac.secret),
    { name: 'HMAC', hash: { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' }[hmac.algorithm] },
    false,
    ['sign'],
  );
  const payload = concat(encoder.encode(`${timestamp}.`), body);
  const expected = encode(new Uint8Array(await crypto.subtle.sign('HMAC', key, payload)), hmac.encoding);
  const given = signature.slice(hmac.signaturePrefix.length).trim();
  return sameSecret(hmac.encoding === 'hex' ? given.toLowerCase() : given, expected);
}

/**
 * Constant-time equality, without a round trip to Web Crypto's thread pool on every message: each byte of the
 * given value is compared with the expected value's bytes in turn, so the time taken depends only on the given
 * value's length (which its sender knows); neither the expected value's content nor its length leaks.
 */
function sameSecret(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  if (b.length === 0) return false;
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i % b.length] as number);
  return difference === 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a, 0);
  bytes.set(b, a.length);
  return bytes;
}

function encode(bytes: Uint8Array, encoding: 'hex' | 'base64'): string {
  if (encoding === 'hex') return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
