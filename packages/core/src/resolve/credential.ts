import type { RoutingReads } from '../storage/driver.js';
import type { TenantResolver } from './types.js';

/** The tenant the principal's credentials are bound to (an API key issued for one tenant). */
export function credentialTenantResolver(options: { routing: Pick<RoutingReads, 'tenantIdBySlug'> }): TenantResolver {
  return {
    name: 'credential',
    async resolve({ principal }) {
      const bound = principal?.tenant;
      if (!principal || !bound) return { outcome: 'abstain', reason: 'credentials bound to no tenant' };
      if ('id' in bound)
        return { outcome: 'resolved', tenantId: bound.id, reason: `credentials of ${principal.userId}` };
      const tenantId = await options.routing.tenantIdBySlug(bound.slug);
      if (!tenantId) {
        return {
          outcome: 'refuse',
          code: 'TENANT_NOT_FOUND',
          reason: `credentials name tenant "${bound.slug}", which does not exist`,
        };
      }
      return { outcome: 'resolved', tenantId, reason: `credentials of ${principal.userId} for ${bound.slug}` };
    },
  };
}
