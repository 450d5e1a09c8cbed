import type {
  AuditEvent,
  CreatedTenant,
  CreateSharedNumberInput,
  CreateTenantRequest,
  Invitation,
  JobRecord,
  JobStatus,
  MemberRole,
  Page,
  SharedNumber,
  Tenant,
  UnroutedEvent,
  UpdateTenantInput,
} from '@nuvatra/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { NuvatraApiError } from '../client/errors.js';
import type { PageParams } from './dashboard.js';
import { useInvalidate, useNuvatraKeys } from './keys.js';

// The operator's hooks: they need a global admin (the API answers 403 to anyone else) and never send the
// impersonation header, since admin routes are not a tenant's.

function usePaged<T>(
  resource: string,
  path: string,
  params: Record<string, string | number | undefined>,
  { keepPrevious = false } = {},
) {
  const { client, key } = useNuvatraKeys('admin');
  return useInfiniteQuery<Page<T>, NuvatraApiError>({
    queryKey: key(resource, params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.request<Page<T>>('GET', path, { query: { ...params, cursor: pageParam as string | undefined }, signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Only for a filter over one list: keeping another tenant's rows on screen (an audit log) would mislead.
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
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

export interface JobFilter extends PageParams {
  /** `dead` is the dead-letter list: jobs that used up their attempts. */
  status?: JobStatus;
  tenantId?: string;
  /** A job's name as its plugin defines it, e.g. `reminders.send`. */
  name?: string;
}

/**
 * Background jobs, newest first, a page at a time; `{ status: 'dead' }` is the dead-letter list. A server without a
 * job queue has no such route and answers 404.
 */
export function useJobs(filter: JobFilter = {}) {
  return usePaged<JobRecord>('admin-jobs', '/api/admin/jobs', { ...filter }, { keepPrevious: true });
}

/** One job, with its attempts and last error. */
export function useJob(id: string | null | undefined) {
  const { client, key } = useNuvatraKeys('admin');
  return useQuery<JobRecord, NuvatraApiError>({
    queryKey: key('admin-jobs', 'detail', id),
    queryFn: ({ signal }) => client.request('GET', `/api/admin/jobs/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

/** Runs a dead job again now, its attempts reset; answers the job, pending again. 409 for a job that is not dead. */
export function useRetryJob() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<JobRecord, NuvatraApiError, string>({
    mutationFn: (id) => client.request('POST', `/api/admin/jobs/${encodeURIComponent(id)}/retry`),
    onSuccess: () => invalidate('admin-jobs', 'admin-audit'),
  });
}

/** Deletes a dead job (its idempotency key is free again). 409 for a job that is not dead. */
export function useDiscardJob() {
  const { client } = useNuvatraKeys('admin');
  const invalidate = useInvalidate('admin');
  return useMutation<void, NuvatraApiError, string>({
    mutationFn: (id) => client.request('DELETE', `/api/admin/jobs/${encodeURIComponent(id)}`),
    onSuccess: () => invalidate('admin-jobs', 'admin-audit'),
  });
}
