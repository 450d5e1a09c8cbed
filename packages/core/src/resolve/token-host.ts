import { isNuvatraError } from '../errors/errors.js';
import { tenantSlugSchema } from '../schemas/tenant.js';
import type { RoutingReads } from '../storage/driver.js';
import type { TenantResolver } from './types.js';

interface TokenVerifier {
  verify(token: string, options: { purpose: string }): Promise<{ tenantId: string }>;
}

/**
 * A signed tenant token (HMAC, expiry, purpose) handed to a third party: a voice-agent tool URL, OAuth
 * `state`. A bare `?tenant_id=` is never read; only a token this deployment signed names a tenant.
 */
export function signedTokenResolver(options: { verifier: TokenVerifier; purpose: string }): TenantResolver {
  return {
    name: 'signed-token',
    async resolve({ tenantToken }) {
      if (!tenantToken) return { outcome: 'abstain', reason: 'no tenant token' };
      try {
        const { tenantId } = await options.verifier.verify(tenantToken, { purpose: options.purpose });
        return { outcome: 'resolved', tenantId, reason: `token for ${options.purpose}` };
      } catch (error) {
        if (isNuvatraError(error)) return { outcome: 'refuse', code: error.code, reason: error.message };
        throw error;
      }
    },
  };
}

/**
 * `<slug>.<baseDomain>` → the tenant with that slug. Only for deployments whose proxy sets Host itself:
 * the Host header is whatever the client sent otherwise.
 */
export function hostResolver(options: {
  baseDomain: string;
  routing: Pick<RoutingReads, 'tenantIdBySlug'>;
}): TenantResolver {
  const suffix = `.${options.baseDomain.toLowerCase().replace(/^\./, '')}`;
  return {
    name: 'host',
    async resolve({ url, headers }) {
      const host = (headers?.get('host') ?? url?.host ?? '').toLowerCase().replace(/:\d+$/, '');
      if (!host.endsWith(suffix)) return { outcome: 'abstain', reason: `host is not under ${suffix.slice(1)}` };
      const slug = host.slice(0, -suffix.length);
      if (!tenantSlugSchema.safeParse(slug).success) {
        return { outcome: 'refuse', code: 'TENANT_NOT_RESOLVED', reason: `"${slug}" is not a tenant slug` };
      }
      const tenantId = await options.routing.tenantIdBySlug(slug);
      if (!tenantId) return { outcome: 'refuse', code: 'TENANT_NOT_RESOLVED', reason: `no tenant has slug "${slug}"` };
      return { outcome: 'resolved', tenantId, reason: `subdomain ${slug}` };
    },
  };
}
