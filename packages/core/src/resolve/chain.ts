import { createHttpError, NuvatraError } from '../errors/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import {
  type ResolutionInput,
  resolutionMemo,
  type TenantResolution,
  type TenantResolver,
  type TraceEntry,
} from './types.js';

export interface TenantResolverOptions {
  /** In order: the first resolved or refused answer wins. */
  resolvers: readonly TenantResolver[];
  /** Reads the resolved tenant; `storage.tenants` fits. */
  tenants: { get(id: string): Promise<Tenant | null> };
}

/**
 * The resolver chain. There is no default tenant: when every resolver abstains the answer is `unresolved`,
 * and a resolved tenant that does not exist or is suspended is refused.
 */
export function createTenantResolver(options: TenantResolverOptions) {
  if (options.resolvers.length === 0) {
    throw new NuvatraError({ code: 'CONFIG_INVALID', message: 'createTenantResolver needs at least one resolver.' });
  }
  const resolvers = [...options.resolvers];

  async function resolve(given: ResolutionInput): Promise<TenantResolution> {
    const trace: TraceEntry[] = [];
    const input: ResolutionInput = { ...given, [resolutionMemo]: new Map() };
    for (const resolver of resolvers) {
      const answer = await resolver.resolve(input);
      trace.push({ resolver: resolver.name, outcome: answer.outcome, reason: answer.reason });
      if (answer.outcome === 'abstain') continue;
      if (answer.outcome === 'refuse') {
        return {
          outcome: 'refused',
          code: answer.code,
          reason: answer.reason,
          source: resolver.name,
          trace,
          ...(answer.tenantId ? { tenantId: answer.tenantId } : {}),
        };
      }
      const tenant = await options.tenants.get(answer.tenantId);
      if (!tenant) {
        const reason = `${answer.reason}, but no tenant "${answer.tenantId}" exists`;
        return { outcome: 'refused', code: 'TENANT_NOT_FOUND', reason, source: resolver.name, trace };
      }
      if (tenant.status === 'suspended') {
        const reason = `${answer.reason}, but tenant "${tenant.slug}" is suspended`;
        return {
          outcome: 'refused',
          code: 'TENANT_SUSPENDED',
          reason,
          source: resolver.name,
          tenantId: tenant.id,
          trace,
        };
      }
      return { outcome: 'resolved', tenantId: tenant.id, tenant, source: resolver.name, reason: answer.reason, trace };
    }
    return { outcome: 'unresolved', reason: 'no resolver recognised the request', trace };
  }

  return {
    resolve,
    /** Resolves or throws the typed error the refusal names (TENANT_NOT_RESOLVED when nothing matched). */
    async require(input: ResolutionInput) {
      const resolution = await resolve(input);
      if (resolution.outcome === 'resolved') return resolution;
      if (resolution.outcome === 'unresolved') {
        throw createHttpError('TENANT_NOT_RESOLVED', 'The request names no tenant this deployment can prove.');
      }
      throw createHttpError(resolution.code, `Tenant refused by ${resolution.source}: ${resolution.reason}.`);
    },
  };
}
export type TenantResolverChain = ReturnType<typeof createTenantResolver>;
