import { z } from 'zod';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import { idSchema } from '../schemas/common.js';
import { decodeUtf8, encodeUtf8, fromBase64, fromBase64Url, timingSafeEqual, toBase64Url } from './encoding.js';

// Tokens look like `v1.<base64url(json payload)>.<base64url(hmac-sha256)>`: short enough for a URL or a header,
// readable in a debugger, and versioned so the format can change without guessing.

const MIN_SECRET_BYTES = 32;
const MAX_TTL_SECONDS = 365 * 24 * 60 * 60;
// The HMAC key is derived, never the raw secret, so NUVATRA_SECRET_KEY can also feed the secret box safely.
const HKDF_INFO = 'nuvatra tenant token v1';

const purposeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,63}$/, 'must be a lowercase purpose such as "widget" or "call:transfer"');
const dataSchema = z.record(z.string(), z.json());

const signInputSchema = z.object({
  tenantId: idSchema,
  purpose: purposeSchema,
  ttlSeconds: z.number().int().positive().max(MAX_TTL_SECONDS, 'must be at most one year (31536000 seconds)'),
  data: dataSchema.optional(),
});
export type TenantTokenSignInput = z.input<typeof signInputSchema>;

const payloadSchema = z.object({
  t: idSchema,
  p: purposeSchema,
  e: z.number().int().positive(),
  d: dataSchema.optional(),
});

export interface TenantTokenClaims {
  tenantId: string;
  purpose: string;
  /** Epoch seconds after which the token is refused. */
  expiresAt: number;
  data: Record<string, unknown> | undefined;
}

export interface TenantTokenSignerOptions {
  /** At least 32 bytes, raw or base64 (usually `process.env.NUVATRA_SECRET_KEY`). */
  secret: Uint8Array | string;
  /** Epoch milliseconds, like `Date.now`; injectable so tests need no clock. */
  now?: () => number;
}

export interface TenantTokenSigner {
  sign(input: TenantTokenSignInput): Promise<string>;
  verify(token: string, expected: { purpose: string }): Promise<TenantTokenClaims>;
}

/** Issues and checks short-lived tokens that carry a tenant id, e.g. for a browser widget or a callback URL. */
export function createTenantTokenSigner(options: TenantTokenSignerOptions): TenantTokenSigner {
  const secret = readSecret(options.secret);
  const now = options.now ?? Date.now;
  // Derived once, lazily: the factory stays synchronous so misconfiguration still throws at construction.
  let hmacKey: Promise<CryptoKey> | undefined;
  const signBytes = async (bytes: Uint8Array<ArrayBuffer>) => {
    hmacKey ??= deriveHmacKey(secret);
    return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey, bytes));
  };

  return {
    async sign(input) {
      const { tenantId, purpose, ttlSeconds, data } = parseOrThrow(signInputSchema, input, 'tenant token input');
      const payload = { t: tenantId, p: purpose, e: nowSeconds(now) + ttlSeconds, d: data };
      const signed = `v1.${toBase64Url(encodeUtf8(JSON.stringify(payload)))}`;
      return `${signed}.${toBase64Url(await signBytes(encodeUtf8(signed)))}`;
    },

    async verify(token, expected) {
      const parts = typeof token === 'string' ? token.split('.') : [];
      const [version, encodedPayload = '', encodedSignature = ''] = parts;
      const payloadBytes = fromBase64Url(encodedPayload);
      const signature = fromBase64Url(encodedSignature);
      if (parts.length !== 3 || version !== 'v1' || payloadBytes === null || signature === null) throw invalid();

      const expectedSignature = await signBytes(encodeUtf8(`v1.${encodedPayload}`));
      if (!timingSafeEqual(signature, expectedSignature)) throw invalid();

      const payload = payloadSchema.safeParse(parseJson(payloadBytes));
      if (!payload.success) throw invalid(payload.error);
      const { t: tenantId, p: purpose, e: expiresAt, d: data } = payload.data;

      if (purpose !== expected.purpose) {
        throw createHttpError(
          'TOKEN_WRONG_PURPOSE',
          `Tenant token was issued for purpose "${purpose}" but is used for "${expected.purpose}"; issue a token for "${expected.purpose}".`,
        );
      }
      if (nowSeconds(now) >= expiresAt) {
        throw createHttpError('TOKEN_EXPIRED', 'Tenant token has expired; issue a new one with signer.sign().');
      }
      return { tenantId, purpose, expiresAt, data };
    },
  };
}

function readSecret(secret: Uint8Array | string): Uint8Array<ArrayBuffer> {
  // Copied so a caller reusing its buffer cannot change the key after construction.
  const bytes =
    typeof secret === 'string' ? fromBase64(secret) : secret instanceof Uint8Array ? new Uint8Array(secret) : null;
  if (bytes === null) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        'Tenant token secret must be bytes or a base64 string. Set NUVATRA_SECRET_KEY to 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`.',
    });
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `Tenant token secret is ${bytes.length} bytes; it must be at least ${MIN_SECRET_BYTES}. Set NUVATRA_SECRET_KEY to 32 random bytes in base64, e.g. the output of \`openssl rand -base64 32\`.`,
    });
  }
  return bytes;
}

async function deriveHmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encodeUtf8(HKDF_INFO) },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decodeUtf8(bytes));
  } catch {
    return undefined;
  }
}

function nowSeconds(now: () => number): number {
  return Math.floor(now() / 1000);
}

function invalid(cause?: unknown) {
  // One message for every failure so a caller learns nothing about which check failed.
  return createHttpError(
    'TOKEN_INVALID',
    'Tenant token is malformed or its signature does not match; issue a new one with signer.sign().',
    {
      cause,
    },
  );
}
