import { ErrorMessage, type NuvatraApiError, useCompleteCalendarConnection, useNuvatraClient } from '@nuvatra/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useGmailKey } from './integrations-screen.js';

// Google sends the browser back here (the example's default redirect URIs) with `?code&state`, or `?error&state`
// when the user said no. The dashboard signs in with a bearer token, which a redirect cannot carry, so this page
// posts them to the API with the signed-in user's token; the API checks the state was issued to this user and
// tenant. Redirect URIs cannot hold a #fragment, hence real paths next to the hash-routed screens.

export type GoogleKind = 'calendar' | 'gmail';

const labels: Record<GoogleKind, string> = { calendar: 'Google Calendar', gmail: 'Gmail' };

/** The Google connection a callback path finishes (`/integrations/calendar/callback`), or null. */
export function googleCallbackKind(pathname: string): GoogleKind | null {
  const match = /^\/integrations\/(calendar|gmail)\/callback\/?$/.exec(pathname);
  return match ? (match[1] as GoogleKind) : null;
}

interface Consent {
  code?: string;
  state: string;
  error?: string;
}

/** Google's answer, from the URL. */
function readConsent(): Consent | null {
  const search = new URLSearchParams(window.location.search);
  const state = search.get('state');
  if (!state) return null;
  const code = search.get('code');
  const error = search.get('error');
  return { state, ...(code ? { code } : {}), ...(error ? { error } : {}) };
}

export function GoogleCallback({ kind }: { kind: GoogleKind }) {
  const [consent] = useState(readConsent);
  const calendar = useCompleteCalendarConnection();
  const gmail = useCompleteGmailConnection();
  const complete = kind === 'calendar' ? calendar : gmail;
  const { mutate } = complete;
  // Once: the state is single use, and StrictMode runs effects twice in development.
  const posted = useRef(false);
  useEffect(() => {
    if (!consent || posted.current) return;
    posted.current = true;
    // The one-time code leaves the address bar and history; a reload then says there is nothing to finish.
    window.history.replaceState(window.history.state, '', window.location.pathname);
    mutate(consent);
  }, [consent, mutate]);

  const label = labels[kind];
  const back = (
    <p>
      <a href="/#/integrations">Back to Integrations</a>
    </p>
  );
  if (!consent) {
    return (
      <div className="app-callout" role="status">
        <p>
          <strong>Nothing to finish here.</strong> This page completes connecting {label} when Google sends you back to
          it; start from Integrations.
        </p>
        {back}
      </div>
    );
  }
  if (complete.error) {
    return (
      <div className="app-callout">
        <ErrorMessage error={complete.error} title={`${label} is not connected.`} />
        {back}
      </div>
    );
  }
  if (complete.data) {
    const email = complete.data.connection.email;
    return (
      <div className="app-callout" role="status">
        <p>
          <strong>{label} connected</strong>
          {email ? ` as ${email}` : ''}.
        </p>
        {back}
      </div>
    );
  }
  return (
    <div className="app-callout" role="status">
      <p>Connecting {label}…</p>
    </div>
  );
}

function useCompleteGmailConnection() {
  const client = useNuvatraClient();
  const queryClient = useQueryClient();
  const key = useGmailKey();
  return useMutation<{ connection: { email: string | null } }, NuvatraApiError, Consent>({
    mutationFn: (body) => client.request('POST', '/api/gmail/callback', { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
