import { useCalendarConnection, useConnectCalendar, useDisconnectCalendar } from '../../hooks/calendar.js';
import { ConfirmAction } from '../../ui/confirm-action.js';
import { ErrorMessage, Panel, QueryState } from '../../ui/states.js';

export interface CalendarConnectionProps {
  /** Where the browser goes to consent at Google; `window.location.assign` by default. */
  onNavigate?: (url: string) => void;
}

const navigate = (url: string) => window.location.assign(url);

/**
 * The tenant's Google Calendar: the connected account, a broken connection with what to do about it, and the
 * buttons to connect, reconnect and disconnect. Needs `@nuvatra/google-calendar` on the server.
 */
export function CalendarConnection({ onNavigate = navigate }: CalendarConnectionProps) {
  const connection = useCalendarConnection();
  const connect = useConnectCalendar();
  const disconnect = useDisconnectCalendar();
  const start = () => connect.mutate(undefined, { onSuccess: onNavigate });
  return (
    <Panel title="Google Calendar" className="nv-calendar-connection">
      <QueryState
        query={connection}
        loading="Loading the calendar connection…"
        isEmpty={(data) => data === null}
        empty="No calendar connected: connect Google Calendar so the assistant can book appointments."
      >
        {(data) =>
          data === null ? null : (
            <div className="nv-form-row">
              <p>
                {data.status === 'connected' ? (
                  <span className="nv-badge">Connected</span>
                ) : (
                  <span className="nv-badge nv-danger">Broken — reconnect</span>
                )}{' '}
                {data.email ?? 'Google account'}
              </p>
              {data.status === 'broken' ? (
                <p className="nv-muted">
                  The assistant cannot book until you reconnect
                  {data.brokenReason ? `: ${data.brokenReason}` : ''}.
                </p>
              ) : null}
              <ConfirmAction
                label={
                  <>
                    Disconnect <span className="nv-visually-hidden">{data.email ?? 'Google Calendar'}</span>
                  </>
                }
                question="Disconnect Google Calendar? The assistant will stop booking appointments."
                confirmLabel="Yes, disconnect"
                disabled={disconnect.isPending}
                onConfirm={() => disconnect.mutate()}
              />
            </div>
          )
        }
      </QueryState>
      {connection.data === null || connection.data?.status === 'broken' ? (
        <button type="button" className="nv-button nv-button--primary" disabled={connect.isPending} onClick={start}>
          {connection.data?.status === 'broken' ? 'Reconnect Google Calendar' : 'Connect Google Calendar'}
        </button>
      ) : null}
      {disconnect.data && !disconnect.data.revoked ? <p className="nv-muted">{disconnect.data.message}</p> : null}
      {connect.error ? <ErrorMessage error={connect.error} title="Could not start connecting." /> : null}
      {disconnect.error ? <ErrorMessage error={disconnect.error} title="Could not disconnect." /> : null}
    </Panel>
  );
}
