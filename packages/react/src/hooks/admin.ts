import type {
  AuditEvent,
  CreatedTenant,
  CreateSharedNumberInput,
  CreateTenantRequest,
  Invitation,
  MemberRole,
  Page,
  SharedNumber,
  Tenant,
  UnroutedEvent,
  UpdateTenantInput,
} from '@nuvatra/core';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { NuvatraApiError } from '../client/errors.js';
import type { PageParams } from './dashboard.js';
import { useInvalidate, useNuvatraKeys } from './keys.js';

// The operator's hooks: they need a global admin (the API answers 403 to anyone else) and never send the
// impersonation header, since admin routes are not a tenant's.

function usePaged<T>(resource: string, path: string, params: Record<string, string | number | undefined>) {
  const { client, key } = useNuvatraKeys('admin');
  return useInfiniteQuery<Page<T>, NuvatraApiError>({
    queryKey: key(resource, params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.request<Page<T>>('GET', path, { query: { ...params, cursor: pageParam as string | undefined }, signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every tenant, newest first. */
export function useTenants(params: PageParams = {}) {
  return usePaged<Tenant>('admin-tenants', '/api/admin/tenants', { ...params });
}

/** Creates a tenant from the template, registers its number and invites its owner. */
export function useCreateTenant() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<CreatedTenant, NuvatraApiError, CreateTenantRequest>({
    mutationFn: (input) => client.request('POST', '/api/admin/tenants', { body: input }),
    onSuccess: () => invalidate('admin-tenants'),
  });
}

/** Suspends or reactivates a tenant, renames it or changes its plan. */
export function useUpdateTenant() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<
    Tenant,
    NuvatraApiError,
    { id: string; changes: Pick<UpdateTenantInput, 'status' | 'name' | 'plan'> }
  >({
    mutationFn: ({ id, changes }) =>
      client.request('PATCH', `/api/admin/tenants/${encodeURIComponent(id)}`, { body: changes }),
    onSuccess: () => invalidate('admin-tenants', 'admin-audit', 'me'),
  });
}

export function useInviteToTenant() {
  const { client } = useNuvatraKeys('admin');
  return useMutation<Invitation, NuvatraApiError, { tenantId: string; email: string; role?: MemberRole }>({
    mutationFn: ({ tenantId, ...body }) =>
      client.request('POST', `/api/admin/tenants/${encodeURIComponent(tenantId)}/invitations`, { body }),
  });
}

export function useRevokeInvitation() {
  const { client } = useNuvatraKeys('admin');
  return useMutation<void, NuvatraApiError, string>({
    mutationFn: (id) => client.request('DELETE', `/api/admin/invitations/${encodeURIComponent(id)}`),
  });
}

export function useSharedNumbers() {
  const { client, key } = useNuvatraKeys('admin');
  return useQuery<{ items: SharedNumber[] }, NuvatraApiError>({
    queryKey: key('admin-shared-numbers'),
    queryFn: ({ signal }) => client.request('GET', '/api/admin/shared-numbers', { signal }),
  });
}

export function useAddSharedNumber() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<SharedNumber, NuvatraApiError, CreateSharedNumberInput>({
    mutationFn: (input) => client.request('POST', '/api/admin/shared-numbers', { body: input }),
    onSuccess: () => invalidate('admin-shared-numbers'),
  });
}

export function useRemoveSharedNumber() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<void, NuvatraApiError, string>({
    mutationFn: (e164) => client.request('DELETE', `/api/admin/shared-numbers/${encodeURIComponent(e164)}`),
    onSuccess: () => invalidate('admin-shared-numbers'),
  });
}

/** Calls and messages refused because no tenant could be proven for them. */
export function useUnroutedEvents(params: PageParams = {}) {
  return usePaged<UnroutedEvent>('admin-unrouted', '/api/admin/unrouted', { ...params });
}

/** One tenant's audit log, newest first. */
export function useAuditEvents(tenantId: string, params: PageParams = {}) {
  return usePaged<AuditEvent>('admin-audit', '/api/admin/audit', { ...params, tenantId });
}
