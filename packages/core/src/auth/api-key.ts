import { z } from 'zod';
import { encodeUtf8, timingSafeEqual } from '../crypto/encoding.js';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import type { Principal } from '../resolve/types.js';
import { tenantSlugSchema } from '../schemas/tenant.js';
import type { AuthProvider } from './types.js';

const hashPattern = /^sha256:[0-9a-f]{64}$/i;

const apiKeyEntrySchema = z
  .object({
    /** The key itself (at least 24 characters), or its hash as `sha256:<64 hex>` so the plain key is kept nowhere. */
    key: z
      .string()
      .min(24, 'must be at least 24 characters (or sha256:<hex>)')
      // A mistyped hash taken as a plain key would make the (non-secret) hash itself the key.
      .refine((key) => !key.startsWith('sha256:') || hashPattern.test(key), 'must be sha256: and 64 hex digits'),
    /** Who the key acts as: a user id, or a name such as `billing-script`. */
    principal: z.string().min(1).max(255),
    /** The tenant slug the key is limited to; leave out for keys of global admins. */
    tenant: tenantSlugSchema.optional(),
    isGlobalAdmin: z.boolean().default(false),
  })
  .strict();
export type ApiKeyEntry = z.input<typeof apiKeyEntrySchema>;

export interface ApiKeyAuthOptions {
  keys: ApiKeyEntry[];
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encodeUtf8(text)));
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/** Hashes a key the way `createApiKeyAuth` stores it: put `sha256:<hex>` in configuration, not the key. */
export async function hashApiKey(key: string): Promise<string> {
  return `sha256:${[...(await sha256(key))].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `NUVATRA_API_KEYS`: comma-separated `key:principal` or `key:principal:tenant-slug` entries. The key may be
 * `sha256:<hex>` (then the entry is `sha256:<hex>:principal[:tenant]`).
 */
export function parseApiKeysEnv(value: string, variable = 'NUVATRA_API_KEYS'): ApiKeyEntry[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry, index) => {
      const parts = entry.split(':');
      const hashed = parts[0] === 'sha256';
      const [key, principal, tenant, ...rest] = hashed ? [`sha256:${parts[1]}`, ...parts.slice(2)] : parts;
      if (!key || !principal || rest.length > 0) {
        throw new NuvatraError({
          code: 'CONFIG_INVALID',
          message: `${variable}: entry ${index + 1} must be "key:principal" or "key:principal:tenant-slug".`,
        });
      }
      return { key, principal, ...(tenant ? { tenant } : {}) };
    });
}

/**
 * API keys for servers and scripts: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Keys are kept only as
 * SHA-256 hashes and compared in constant time; a key is either a global admin's or limited to one tenant.
 */
export function createApiKeyAuth(options: ApiKeyAuthOptions): AuthProvider {
  const parsed = z.array(apiKeyEntrySchema).safeParse(options.keys);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `createApiKeyAuth: keys.${issue?.path.join('.')}: ${issue?.message}.`,
      cause: parsed.error,
    });
  }
  for (const entry of parsed.data) {
    if (!entry.tenant && !entry.isGlobalAdmin) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `createApiKeyAuth: the key of "${entry.principal}" names no tenant; give it a tenant slug or make it a global admin's key.`,
      });
    }
  }
  const entries = Promise.all(
    parsed.data.map(async (entry) => ({
      ...entry,
      hash: hashPattern.test(entry.key) ? fromHex(entry.key.slice('sha256:'.length)) : await sha256(entry.key),
    })),
  );

  return {
    name: 'api-key',
    async authenticate(request) {
      const presented = readKey(request);
      if (presented === null) return null;
      const hash = await sha256(presented);
      let match: Awaited<typeof entries>[number] | undefined;
      // Every entry is compared, so the time taken does not tell which entry (if any) was close.
      for (const entry of await entries) if (timingSafeEqual(hash, entry.hash)) match = entry;
      if (!match) throw createHttpError('UNAUTHENTICATED', 'The API key is not valid.');
      const principal: Principal = {
        kind: 'api_key',
        userId: match.principal,
        claims: {},
        tenant: match.tenant ? { slug: match.tenant } : null,
        isGlobalAdmin: match.isGlobalAdmin,
      };
      return principal;
    },
  };
}

function readKey(request: Request): string | null {
  const header = request.headers.get('x-api-key');
  if (header) return header.trim();
  const authorization = request.headers.get('authorization');
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  // Keys are recognised by shape: session tokens (JWTs, dev tokens) belong to other providers.
  if (bearer && !bearer.startsWith('dev:') && bearer.split('.').length !== 3) return bearer;
  return null;
}
