import { NuvatraError } from '../errors/errors.js';
import { idSchema } from '../schemas/common.js';
import type { RoutingReads } from '../storage/driver.js';
import type { TenantResolver } from './types.js';

function readClaim(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export interface PrincipalClaimResolverOptions {
  routing: Pick<RoutingReads, 'tenantIdByExternalId' | 'tenantIdsForUser'>;
  /** Dotted path of the tenant id in the principal's claims (`CLERK_TENANT_CLAIM`). */
  claim?: string;
  /** The external-id provider key that maps an active organisation to a tenant. */
  organizationProvider?: string;
}

/**
 * The tenant a signed-in principal belongs to: a tenant claim in its verified token (invite-only
 * onboarding), else its active organisation mapped through the tenant's external ids, else its only
 * membership. A principal in several tenants with neither claim nor organisation is refused, not guessed.
 */
export function principalClaimResolver(options: PrincipalClaimResolverOptions): TenantResolver {
  const claim = options.claim ?? 'public_metadata.tenant_id';
  const organizationProvider = options.organizationProvider ?? 'clerk_org';
  return {
    name: 'principal-claim',
    async resolve({ principal }) {
      if (!principal) return { outcome: 'abstain', reason: 'no principal' };
      const claimed = readClaim(principal.claims, claim);
      if (claimed !== undefined && claimed !== null) {
        if (typeof claimed !== 'string' || !idSchema.safeParse(claimed).success) {
          return { outcome: 'refuse', code: 'TENANT_REFUSED', reason: `claim ${claim} is not a tenant id` };
        }
        return { outcome: 'resolved', tenantId: claimed, reason: `claim ${claim} of ${principal.userId}` };
      }
      if (principal.organizationId) {
        const tenantId = await options.routing.tenantIdByExternalId(organizationProvider, principal.organizationId);
        if (!tenantId) {
          return {
            outcome: 'refuse',
            code: 'TENANT_REFUSED',
            reason: `organisation ${principal.organizationId} is linked to no tenant`,
          };
        }
        return { outcome: 'resolved', tenantId, reason: `organisation ${principal.organizationId}` };
      }
      const memberships = await options.routing.tenantIdsForUser(principal.userId);
      const [only] = memberships;
      if (memberships.length === 1 && only) {
        return { outcome: 'resolved', tenantId: only, reason: `only membership of ${principal.userId}` };
      }
      if (memberships.length > 1) {
        return {
          outcome: 'refuse',
          code: 'TENANT_REFUSED',
          reason: `${principal.userId} belongs to ${memberships.length} tenants; select one with an organisation`,
        };
      }
      return { outcome: 'abstain', reason: `${principal.userId} names no tenant` };
    },
  };
}

/**
 * `X-Tenant-Id` for global admins only. Anyone else who sends the header is refused with FORBIDDEN rather than
 * silently ignored; the HTTP layer audits every resolution whose source is `impersonation`.
 * Put it before `principalClaimResolver` in the chain.
 */
export function impersonationResolver(options: { header?: string } = {}): TenantResolver {
  const header = options.header ?? 'x-tenant-id';
  return {
    name: 'impersonation',
    resolve({ headers, principal }) {
      const requested = headers?.get(header);
      if (requested === null || requested === undefined) return { outcome: 'abstain', reason: `no ${header} header` };
      if (!principal)
        return { outcome: 'refuse', code: 'UNAUTHENTICATED', reason: `${header} needs a signed-in global admin` };
      if (!principal.isGlobalAdmin) {
        return {
          outcome: 'refuse',
          code: 'FORBIDDEN',
          reason: `${principal.userId} is not a global admin and may not send ${header}`,
        };
      }
      if (!idSchema.safeParse(requested.trim()).success) {
        return { outcome: 'refuse', code: 'VALIDATION_FAILED', reason: `${header} is not a tenant id` };
      }
      return {
        outcome: 'resolved',
        tenantId: requested.trim(),
        reason: `global admin ${principal.userId} impersonates`,
      };
    },
  };
}

/** Single-tenant mode (`CLIENT_ID`): every request is in the one configured tenant. Not a fallback. */
export function fixedTenantResolver(tenantId: string): TenantResolver {
  if (!idSchema.safeParse(tenantId).success) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `fixedTenantResolver: "${tenantId}" is not a tenant id (CLIENT_ID).`,
    });
  }
  return { name: 'fixed-tenant', resolve: () => ({ outcome: 'resolved', tenantId, reason: 'single-tenant mode' }) };
}
