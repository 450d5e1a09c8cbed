import {
  CalendarConnection,
  ErrorMessage,
  isNuvatraApiError,
  type NuvatraApiError,
  useCalendarConnection,
  useNuvatraClient,
} from '@nuvatra/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

// The tenant's Google connections. Each plugin is mounted only when its variables are set, so a 404 from its
// connection route means "not on this server", said in words rather than as an error.

const notMounted = (error: unknown) => isNuvatraApiError(error) && error.status === 404;

export function IntegrationsScreen() {
  return (
    <>
      <CalendarSection />
      <GmailSection />
    </>
  );
}

function CalendarSection() {
  const connection = useCalendarConnection();
  if (connection.isPending) return null;
  if (notMounted(connection.error)) {
    return (
      <NotConfigured title="Google Calendar">
        Google Calendar is not configured on this server (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET).
      </NotConfigured>
    );
  }
  return <CalendarConnection />;
}

function NotConfigured({ title, children }: { title: string; children: string }) {
  return (
    <section className="nv-root nv-panel" aria-label={title}>
      <header className="nv-panel__header">
        <h2 className="nv-panel__title">{title}</h2>
      </header>
      <p className="nv-empty" role="status">
        {children}
      </p>
    </section>
  );
}

/** `@nuvatra/gmail`'s connection as GET /api/gmail/connection answers it: never a token. */
export interface GmailConnectionView {
  kind: string;
  email: string | null;
  status: 'connected' | 'broken';
  brokenReason?: string;
  scopes: string[];
  connectedAt: string;
}

/** The cache key of the Gmail connection, per API and tenant view like the package's own keys. */
export function useGmailKey() {
  const client = useNuvatraClient();
  return ['example', client.baseUrl, client.tenantId ?? 'own', 'gmail-connection'] as const;
}

function GmailSection() {
  const client = useNuvatraClient();
  const key = useGmailKey();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const connection = useQuery<GmailConnectionView | null, NuvatraApiError>({
    queryKey: key,
    queryFn: async ({ signal }) =>
      (await client.request<{ connection: GmailConnectionView | null }>('GET', '/api/gmail/connection', { signal }))
        .connection,
  });
  const connect = useMutation<string, NuvatraApiError, void>({
    mutationFn: async () => (await client.request<{ url: string }>('GET', '/api/gmail/connect')).url,
    onSuccess: (url) => window.location.assign(url),
  });
  const disconnect = useMutation<{ revoked: boolean; message: string }, NuvatraApiError, void>({
    mutationFn: () => client.request('DELETE', '/api/gmail/connection'),
    onSettled: () => {
      setConfirming(false);
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });

  if (connection.isPending) return null;
  if (notMounted(connection.error)) {
    return (
      <NotConfigured title="Gmail">
        Gmail is not configured on this server (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GMAIL_PUBSUB_TOPIC,
        GMAIL_PUBSUB_AUDIENCE and GMAIL_PUBSUB_SERVICE_ACCOUNT).
      </NotConfigured>
    );
  }
  const data = connection.data ?? null;
  return (
    <section className="nv-root nv-panel" aria-label="Gmail">
      <header className="nv-panel__header">
        <h2 className="nv-panel__title">Gmail</h2>
      </header>
      {connection.error ? <ErrorMessage error={connection.error} title="Could not load the Gmail connection." /> : null}
      {!connection.error && data === null ? (
        <p className="nv-empty">No mailbox connected: connect Gmail so emails to your business reach the assistant.</p>
      ) : null}
      {data ? (
        <div className="nv-form-row">
          <p>
            {data.status === 'connected' ? (
              <span className="nv-badge nv-badge--active">Connected</span>
            ) : (
              <span className="nv-badge nv-badge--suspended">Broken — reconnect</span>
            )}{' '}
            {data.email ?? 'Google account'}
          </p>
          {data.status === 'broken' ? (
            <p>New emails are not read until you reconnect{data.brokenReason ? `: ${data.brokenReason}` : ''}.</p>
          ) : null}
          {confirming ? (
            <>
              <span>Disconnect Gmail? New emails will stop reaching the assistant.</span>{' '}
              <button
                type="button"
                className="nv-button nv-button--danger"
                disabled={disconnect.isPending}
                onClick={() => disconnect.mutate()}
              >
                Yes, disconnect
              </button>{' '}
              <button type="button" className="nv-button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" className="nv-button" onClick={() => setConfirming(true)}>
              Disconnect Gmail
            </button>
          )}
        </div>
      ) : null}
      {!connection.error && (data === null || data.status === 'broken') ? (
        <button
          type="button"
          className="nv-button nv-button--primary"
          disabled={connect.isPending}
          onClick={() => connect.mutate()}
        >
          {data?.status === 'broken' ? 'Reconnect Gmail' : 'Connect Gmail'}
        </button>
      ) : null}
      {disconnect.data && !disconnect.data.revoked ? <p>{disconnect.data.message}</p> : null}
      {connect.error ? <ErrorMessage error={connect.error} title="Could not start connecting." /> : null}
      {disconnect.error ? <ErrorMessage error={disconnect.error} title="Could not disconnect." /> : null}
    </section>
  );
}
