import { createHttpError, NuvatraError } from '../errors/errors.js';
import { tenantSlugSchema } from '../schemas/tenant.js';
import type { AuthProvider } from './types.js';

export interface DevAuthOptions {
  /** Read from `NODE_ENV` when left out. */
  nodeEnv?: string | undefined;
}

const userIdPattern = /^[A-Za-z0-9_.@-]{1,128}$/;

/**
 * Local development with no account anywhere: `Authorization: Bearer dev:<user id>` signs in as that user, and
 * `dev:<user id>@<tenant slug>` as that user inside that tenant. Anyone can claim anything, so it refuses to
 * be created when `NODE_ENV=production`.
 */
export function createDevAuth(options: DevAuthOptions = {}): AuthProvider {
  const nodeEnv = 'nodeEnv' in options ? options.nodeEnv : globalThis.process?.env?.NODE_ENV;
  if (nodeEnv === 'production') {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        'createDevAuth: development sign-in lets anyone act as anyone, and NODE_ENV is "production". Configure NUVATRA_API_KEYS or Clerk instead.',
    });
  }
  return {
    name: 'dev',
    async authenticate(request) {
      // Anything after `dev:` is this provider's to answer, so `dev:` alone or with a space is refused, not skipped.
      const token = request.headers.get('authorization')?.match(/^Bearer\s+dev:(.*)$/i)?.[1];
      if (token === undefined) return null;
      const [userId, slug, ...rest] = token.split('@');
      if (
        !userId ||
        !userIdPattern.test(userId) ||
        rest.length > 0 ||
        (slug !== undefined && !tenantSlugSchema.safeParse(slug).success)
      ) {
        throw createHttpError(
          'UNAUTHENTICATED',
          'A development token is "dev:<user id>" or "dev:<user id>@<tenant slug>".',
        );
      }
      return { kind: 'user', userId, claims: {}, tenant: slug ? { slug } : null, isGlobalAdmin: false };
    },
  };
}
