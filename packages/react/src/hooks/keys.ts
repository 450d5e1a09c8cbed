import { useQueryClient } from '@tanstack/react-query';
import { useNuvatraContext } from '../provider/provider.js';

/**
 * Every cache entry is keyed by API and tenant view (own tenant or the impersonated one), so switching tenants
 * never shows one tenant's cached rows under another's name.
 */
export function useNuvatraKeys(view: 'tenant' | 'admin' = 'tenant') {
  const context = useNuvatraContext();
  const client = view === 'admin' ? context.adminClient : context.client;
  const root = ['nuvatra', client.baseUrl, view === 'admin' ? 'admin' : (client.tenantId ?? 'own')] as const;
  return {
    client,
    key: (resource: string, ...parts: unknown[]) => [...root, resource, ...parts] as const,
    root,
  };
}

/** After a write: refetch what it may have changed. */
export function useInvalidate(view: 'tenant' | 'admin' = 'tenant') {
  const queryClient = useQueryClient();
  const { root } = useNuvatraKeys(view);
  return (...resources: string[]) =>
    Promise.all(resources.map((resource) => queryClient.invalidateQueries({ queryKey: [...root, resource] })));
}
