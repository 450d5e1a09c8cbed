import type {
  Appointment,
  Call,
  CallStats,
  CallSummary,
  ComposedPromptView,
  Conversation,
  CreateAppointmentInput,
  CreateIntentInput,
  CreatePhoneNumberRequest,
  Intent,
  Me,
  Message,
  Page,
  PhoneNumber,
  Profile,
  ProfileInput,
  PromptSectionsInput,
  PromptSettings,
  Subscription,
  UpdateIntentInput,
  WorkingHoursSettings,
} from '@nuvatra/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { NuvatraApiError } from '../client/errors.js';
import { useInvalidate, useNuvatraKeys } from './keys.js';

/** A page request as the list routes take it. */
export interface PageParams {
  limit?: number;
}

function usePagedQuery<T>(resource: string, path: string, params: Record<string, string | number | undefined>) {
  const { client, key } = useNuvatraKeys();
  return useInfiniteQuery<Page<T>, NuvatraApiError>({
    queryKey: key(resource, params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.request<Page<T>>('GET', path, { query: { ...params, cursor: pageParam as string | undefined }, signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A new filter keeps the current rows on screen until its first page arrives, instead of a loading flash.
    placeholderData: keepPreviousData,
  });
}

/** The signed-in user, their tenant (or why there is none), role and whether this is an impersonation. */
export function useMe() {
  const { client, key } = useNuvatraKeys();
  return useQuery<Me, NuvatraApiError>({
    queryKey: key('me'),
    queryFn: ({ signal }) => client.request<Me>('GET', '/api/me', { signal }),
  });
}

export interface CallFilter extends PageParams {
  /** ISO timestamps: calls created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  outcome?: string;
  status?: Call['status'];
}

/** The call log, newest first, a page at a time (`fetchNextPage`). */
export function useCalls(filter: CallFilter = {}) {
  return usePagedQuery<CallSummary>('calls', '/api/calls', { ...filter });
}

/** One call with its transcript, recording, summary and outcome. */
export function useCall(id: string | null | undefined) {
  const { client, key } = useNuvatraKeys();
  return useQuery<Call, NuvatraApiError>({
    queryKey: key('calls', 'detail', id),
    queryFn: ({ signal }) => client.request<Call>('GET', `/api/calls/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

/** Totals, calls per day (in the tenant's time zone), outcomes and top intents; the last 30 days by default. */
export function useStats(window: { from?: string; to?: string } = {}) {
  const { client, key } = useNuvatraKeys();
  return useQuery<CallStats, NuvatraApiError>({
    queryKey: key('stats', window),
    queryFn: ({ signal }) => client.request<CallStats>('GET', '/api/stats', { query: window, signal }),
  });
}

export function useIntents() {
  const { client, key } = useNuvatraKeys();
  return useQuery<{ items: Intent[] }, NuvatraApiError>({
    queryKey: key('intents'),
    queryFn: ({ signal }) => client.request('GET', '/api/intents', { signal }),
  });
}

export function useCreateIntent() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<Intent, NuvatraApiError, CreateIntentInput>({
    mutationFn: (input) => client.request('POST', '/api/intents', { body: input }),
    onSuccess: () => invalidate('intents'),
  });
}

export function useUpdateIntent() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<Intent, NuvatraApiError, { id: string; changes: UpdateIntentInput }>({
    mutationFn: ({ id, changes }) => client.request('PUT', `/api/intents/${encodeURIComponent(id)}`, { body: changes }),
    onSuccess: () => invalidate('intents'),
  });
}

export function useDeleteIntent() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<void, NuvatraApiError, string>({
    mutationFn: (id) => client.request('DELETE', `/api/intents/${encodeURIComponent(id)}`),
    onSuccess: () => invalidate('intents'),
  });
}

/** The tenant's own numbers and the lines it forwards to a shared assistant number. */
export function usePhoneNumbers() {
  const { client, key } = useNuvatraKeys();
  return useQuery<{ items: PhoneNumber[] }, NuvatraApiError>({
    queryKey: key('phone-numbers'),
    queryFn: ({ signal }) => client.request('GET', '/api/phone-numbers', { signal }),
  });
}

/** Registers a number; one another tenant holds fails with 409 `CONFLICT` and the API's message naming it. */
export function useAddPhoneNumber() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<PhoneNumber, NuvatraApiError, CreatePhoneNumberRequest>({
    mutationFn: (input) => client.request('POST', '/api/phone-numbers', { body: input }),
    onSuccess: () => invalidate('phone-numbers'),
  });
}

export function useRemovePhoneNumber() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<void, NuvatraApiError, string>({
    mutationFn: (id) => client.request('DELETE', `/api/phone-numbers/${encodeURIComponent(id)}`),
    onSuccess: () => invalidate('phone-numbers'),
  });
}

export function useWorkingHours() {
  const { client, key } = useNuvatraKeys();
  return useQuery<WorkingHoursSettings, NuvatraApiError>({
    queryKey: key('working-hours'),
    queryFn: ({ signal }) => client.request('GET', '/api/working-hours', { signal }),
  });
}

export function useSaveWorkingHours() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<WorkingHoursSettings, NuvatraApiError, WorkingHoursSettings>({
    mutationFn: (input) => client.request('PUT', '/api/working-hours', { body: input }),
    onSuccess: () => invalidate('working-hours', 'profile', 'prompt', 'stats'),
  });
}

/** The business profile, languages, greeting, services, FAQ and voice agent (404 `NOT_FOUND` before the first save). */
export function useProfile() {
  const { client, key } = useNuvatraKeys();
  return useQuery<Profile, NuvatraApiError>({
    queryKey: key('profile'),
    queryFn: ({ signal }) => client.request('GET', '/api/profile', { signal }),
  });
}

export function useSaveProfile() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<Profile, NuvatraApiError, ProfileInput>({
    mutationFn: (input) => client.request('PUT', '/api/profile', { body: input }),
    onSuccess: () => invalidate('profile', 'working-hours', 'prompt', 'me'),
  });
}

export function usePrompt() {
  const { client, key } = useNuvatraKeys();
  return useQuery<PromptSettings, NuvatraApiError>({
    queryKey: key('prompt', 'own'),
    queryFn: ({ signal }) => client.request('GET', '/api/prompt', { signal }),
  });
}

export function useSavePrompt() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<PromptSettings, NuvatraApiError, PromptSectionsInput>({
    mutationFn: (sections) => client.request('PUT', '/api/prompt', { body: { sections } }),
    onSuccess: () => invalidate('prompt'),
  });
}

/** The prompt the voice AI is given: global sections with the tenant's overrides. */
export function useComposedPrompt() {
  const { client, key } = useNuvatraKeys();
  return useQuery<ComposedPromptView, NuvatraApiError>({
    queryKey: key('prompt', 'composed'),
    queryFn: ({ signal }) => client.request('GET', '/api/prompt/composed', { signal }),
  });
}

export function useSubscription() {
  const { client, key } = useNuvatraKeys();
  return useQuery<Subscription, NuvatraApiError>({
    queryKey: key('subscription'),
    queryFn: ({ signal }) => client.request('GET', '/api/subscription', { signal }),
  });
}

/** SMS, WhatsApp, email and web conversations, newest first. */
export function useConversations(params: PageParams = {}) {
  return usePagedQuery<Conversation>('conversations', '/api/conversations', { ...params });
}

/** The messages of one conversation, newest first. */
export function useMessages(conversationId: string | null | undefined, params: PageParams = {}) {
  const { client, key } = useNuvatraKeys();
  return useInfiniteQuery<Page<Message>, NuvatraApiError>({
    queryKey: key('conversations', 'messages', conversationId, params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.request<Page<Message>>('GET', `/api/conversations/${encodeURIComponent(conversationId ?? '')}/messages`, {
        query: { ...params, cursor: pageParam as string | undefined },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(conversationId),
  });
}

/** Appointments and reservations, newest first. */
export function useAppointments(params: PageParams = {}) {
  return usePagedQuery<Appointment>('appointments', '/api/appointments', { ...params });
}

export function useCreateAppointment() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<Appointment, NuvatraApiError, CreateAppointmentInput>({
    mutationFn: (input) => client.request('POST', '/api/appointments', { body: input }),
    onSuccess: () => invalidate('appointments'),
  });
}
