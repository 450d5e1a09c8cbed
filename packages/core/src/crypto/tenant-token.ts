import { z } from 'zod';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import { idSchema } from '../schemas/common.js';
import { decodeUtf8, encodeUtf8, fromBase64, fromBase64Url, timingSafeEqual, toBase64Url } from './encoding.js';

// Tokens look like `v1.<base64url(json payload)>.<base64url(hmac-sha256)>`, or with key ids
// `v2.<key id>.<base64url(json payload)>.<base64url(hmac-sha256)>`: short enough for a URL or a header, readable in
// a debugger, and versioned so the format can change without guessing.

const MIN_SECRET_BYTES = 32;
const MAX_TTL_SECONDS = 365 * 24 * 60 * 60;
// The HMAC key is derived, never the raw secret, so NUVATRA_SECRET_KEY can also feed the secret box safely. With key
// ids the id is part of the derivation: the same secret under a new id signs with a new key, so retiring an id
// revokes its tokens even when the secret itself stays (it also seals the secret box, which must keep opening).
const HKDF_INFO = 'nuvatra tenant token v1';
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

const purposeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,63}$/, 'must be a lowercase purpose such as "widget" or "call:transfer"');
const dataSchema = z.record(z.string(), z.json());

const signInputSchema = z.object({
  tenantId: idSchema,
  purpose: purposeSchema,
  /** `null`: no expiry (a URL pasted into a provider's portal); only with key ids, whose removal revokes it. */
  ttlSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_TTL_SECONDS, 'must be at most one year (31536000 seconds)')
    .nullable(),
  data: dataSchema.optional(),
});
export type TenantTokenSignInput = z.input<typeof signInputSchema>;

const payloadSchema = z.object({
  t: idSchema,
  p: purposeSchema,
  e: z.number().int().positive().optional(),
  d: dataSchema.optional(),
});

export interface TenantTokenClaims {
  tenantId: string;
  purpose: string;
  /** Epoch seconds after which the token is refused; null for a token without expiry. */
  expiresAt: number | null;
  /** The key id the token was signed with; null for a `v1` token of a single-secret signer. */
  keyId: string | null;
  data: Record<string, unknown> | undefined;
}

export type TenantTokenSignerOptions = (
  | {
      /** At least 32 bytes, raw or base64 (usually `process.env.NUVATRA_SECRET_KEY`). Tokens must expire. */
      secret: Uint8Array | string;
    }
  | {
      /**
       * Key id → at least 32 bytes, raw or base64, like the secret box's keys. Tokens name their key id; removing
       * an id from `keys` revokes every token signed with it (the revocation story of tokens without expiry).
       */
      keys: Record<string, Uint8Array | string>;
      /** The id new tokens are signed with; it must be one of `keys`. */
      primaryKeyId: string;
    }
) & {
  /** Epoch milliseconds, like `Date.now`; injectable so tests need no clock. */
  now?: () => number;
};

export interface TenantTokenSigner {
  sign(input: TenantTokenSignInput): Promise<string>;
  verify(token: string, expected: { purpose: string }): Promise<TenantTokenClaims>;
  /**
   * The claims of a token this deployment signed, whatever its purpose or expiry; null when the signature does not
   * match. For auditing a refused token in the tenant it names: it grants nothing.
   */
  inspect(token: string): Promise<TenantTokenClaims | null>;
}

/**
 * Issues and checks tokens that carry a tenant id: a browser widget's, a callback URL's, a voice-agent tool URL's.
 * With `keys` + `primaryKeyId` tokens carry a key id and may be issued without expiry.
 */
export function createTenantTokenSigner(options: TenantTokenSignerOptions): TenantTokenSigner {
  const keyring = readKeyring(options);
  const now = options.now ?? Date.now;
  // Derived once per key, lazily: the factory stays synchronous so misconfiguration still throws at construction.
  const derived = new Map<string | null, Promise<CryptoKey>>();
  const signBytes = async (keyId: string | null, secret: Uint8Array<ArrayBuffer>, bytes: Uint8Array<ArrayBuffer>) => {
    let key = derived.get(keyId);
    if (key === undefined) {
      key = deriveHmacKey(secret, keyId === null ? HKDF_INFO : `nuvatra tenant token v2 ${keyId}`);
      derived.set(keyId, key);
    }
    return new Uint8Array(await crypto.subtle.sign('HMAC', await key, bytes));
  };

  /** Checks the signature and reads the payload; anything wrong is one TOKEN_INVALID. */
  async function open(token: string): Promise<TenantTokenClaims> {
    const parts = typeof token === 'string' ? token.split('.') : [];
    const keyed = parts[0] === 'v2' && parts.length === 4;
    if (!keyed && !(parts[0] === 'v1' && parts.length === 3)) throw invalid();
    const keyId = keyed ? (parts[1] ?? '') : null;
    const [encodedPayload = '', encodedSignature = ''] = parts.slice(keyed ? 2 : 1);
    const secret = keyring.keys.get(keyId);
    const payloadBytes = fromBase64Url(encodedPayload);
    const signature = fromBase64Url(encodedSignature);
    if (secret === undefined || payloadBytes === null || signature === null) throw invalid();

    const signed = parts.slice(0, -1).join('.');
    if (!timingSafeEqual(signature, await signBytes(keyId, secret, encodeUtf8(signed)))) throw invalid();
    const payload = payloadSchema.safeParse(parseJson(payloadBytes));
    if (!payload.success) throw invalid(payload.error);
    const { t: tenantId, p: purpose, e: expiresAt, d: data } = payload.data;
    return { tenantId, purpose, expiresAt: expiresAt ?? null, keyId, data };
  }

  return {
    async sign(input) {
      const { tenantId, purpose, ttlSeconds, data } = parseOrThrow(signInputSchema, input, 'tenant token input');
      if (ttlSeconds === null && keyring.primary === null) {
        throw createHttpError(
          'VALIDATION_FAILED',
          'A tenant token without expiry (ttlSeconds: null) needs a signer with key ids (keys + primaryKeyId), so that removing its key revokes it.',
        );
      }
      const payload = {
        t: tenantId,
        p: purpose,
        e: ttlSeconds === null ? undefined : nowSeconds(now) + ttlSeconds,
        d: data,
      };
      const encoded = toBase64Url(encodeUtf8(JSON.stringify(payload)));
      const { primary } = keyring;
      const signed = primary === null ? `v1.${encoded}` : `v2.${primary}.${encoded}`;
      // readKeyring has checked the primary key is in the ring.
      const signature = await signBytes(primary, keyring.keys.get(primary)!, encodeUtf8(signed));
      return `${signed}.${toBase64Url(signature)}`;
    },

    async verify(token, expected) {
      const claims = await open(token);
      if (claims.purpose !== expected.purpose) {
        throw createHttpError(
          'TOKEN_WRONG_PURPOSE',
          `Tenant token was issued for purpose "${claims.purpose}" but is used for "${expected.purpose}"; issue a token for "${expected.purpose}".`,
        );
      }
      if (claims.expiresAt !== null && nowSeconds(now) >= claims.expiresAt) {
        throw createHttpError('TOKEN_EXPIRED', 'Tenant token has expired; issue a new one with signer.sign().');
      }
      return claims;
    },

    async inspect(token) {
      try {
        return await open(token);
      } catch {
        return null;
      }
    },
  };
}

/** The keys by id (`null`: the single secret of `v1` tokens) and the id new tokens are signed with. */
function readKeyring(options: TenantTokenSignerOptions): {
  keys: Map<string | null, Uint8Array<ArrayBuffer>>;
  primary: string | null;
} {
  if ('secret' in options) return { keys: new Map([[null, readSecret(options.secret)]]), primary: null };
  const entries = Object.entries(options.keys ?? {});
  if (entries.length === 0) throw configInvalid('Tenant token signer needs at least one key in `keys`.');
  const keys = new Map<string | null, Uint8Array<ArrayBuffer>>();
  for (const [keyId, secret] of entries) {
    if (!keyIdPattern.test(keyId)) {
      throw configInvalid(`Tenant token key id "${keyId.slice(0, 40)}" must be 1-32 letters, digits, "_" or "-".`);
    }
    keys.set(keyId, readSecret(secret));
  }
  if (!keys.has(options.primaryKeyId)) {
    throw configInvalid(
      `Tenant token primaryKeyId "${String(options.primaryKeyId).slice(0, 40)}" is not one of \`keys\`.`,
    );
  }
  return { keys, primary: options.primaryKeyId };
}

function configInvalid(problem: string) {
  return new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `${problem} Keys are NUVATRA_SECRET_KEY-like: 32 random bytes in base64 (openssl rand -base64 32).`,
  });
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

async function deriveHmacKey(secret: Uint8Array<ArrayBuffer>, info: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encodeUtf8(info) },
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
