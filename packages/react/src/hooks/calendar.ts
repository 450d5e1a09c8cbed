import { useMutation, useQuery } from '@tanstack/react-query';
import type { NuvatraApiError } from '../client/errors.js';
import { useInvalidate, useNuvatraKeys } from './keys.js';

// @nuvatra/google-calendar's routes (`/api/calendar/…`). The kit depends on core alone, so their answers are
// described here as the routes document them.

/** The tenant's Google Calendar connection as the API shows it: never a token. */
export interface CalendarConnectionView {
  kind: string;
  email: string | null;
  status: 'connected' | 'broken';
  /** Why Google stopped honouring it (access revoked or expired): reconnect. */
  brokenReason?: string;
  scopes: string[];
  connectedAt: string;
}

export interface CalendarDisconnected {
  disconnected: true;
  /** Whether Google confirmed the revocation; when not, the message says what to do. */
  revoked: boolean;
  message: string;
}

/** The connection, or null when none is made. */
export function useCalendarConnection() {
  const { client, key } = useNuvatraKeys();
  return useQuery<CalendarConnectionView | null, NuvatraApiError>({
    queryKey: key('calendar-connection'),
    queryFn: async ({ signal }) =>
      (
        await client.request<{ connection: CalendarConnectionView | null }>('GET', '/api/calendar/connection', {
          signal,
        })
      ).connection,
  });
}

/** Starts connecting: resolves with Google's consent URL, where the browser goes next. */
export function useConnectCalendar() {
  const { client } = useNuvatraKeys();
  return useMutation<string, NuvatraApiError, void>({
    mutationFn: async () => (await client.request<{ url: string }>('GET', '/api/calendar/connect')).url,
  });
}

/** Finishes connecting on the redirect page: posts the `code` and `state` Google sent back. */
export function useCompleteCalendarConnection() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<
    { connection: CalendarConnectionView },
    NuvatraApiError,
    { code?: string; state: string; error?: string }
  >({
    mutationFn: (body) => client.request('POST', '/api/calendar/callback', { body }),
    onSuccess: () => invalidate('calendar-connection'),
  });
}

export function useDisconnectCalendar() {
  const { client } = useNuvatraKeys();
  const invalidate = useInvalidate();
  return useMutation<CalendarDisconnected, NuvatraApiError, void>({
    mutationFn: () => client.request('DELETE', '/api/calendar/connection'),
    onSuccess: () => invalidate('calendar-connection'),
  });
}
