import type { CallSummary } from '@nuvatra/core';
import type { MouseEvent } from 'react';
import { formatDateTime, formatDuration, formatPhoneNumber } from '../../ui/format.js';

interface CallTableProps {
  calls: readonly CallSummary[];
  timeZone?: string;
  selectedCallId: string | null;
  onOpen: (callId: string, opener: HTMLButtonElement) => void;
}

export function CallTable({ calls, timeZone, selectedCallId, onOpen }: CallTableProps) {
  return (
    <div className="nv-table-scroll">
      <table className="nv-table nv-call-table">
        <caption className="nv-visually-hidden">Calls, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Caller</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => {
            const selected = call.id === selectedCallId;
            const caller = formatPhoneNumber(call.from);
            return (
              <tr
                key={call.id}
                className={selected ? 'nv-call-table__row nv-call-table__row--selected' : 'nv-call-table__row'}
                aria-current={selected ? 'true' : undefined}
              >
                <td>
                  <time dateTime={call.startedAt ?? call.createdAt}>
                    {formatDateTime(call.startedAt ?? call.createdAt, timeZone)}
                  </time>
                </td>
                <td>
                  {/* The visible caller stays part of the name voice-control users say; the hidden words say what it does. */}
                  <button
                    type="button"
                    className="nv-call-table__open"
                    onClick={(event: MouseEvent<HTMLButtonElement>) => onOpen(call.id, event.currentTarget)}
                  >
                    <span className="nv-visually-hidden">Open call from</span> {caller}
                  </button>
                </td>
                <td>{formatDuration(call.durationSeconds)}</td>
                <td>
                  <span className="nv-badge nv-badge--outcome">{call.outcome ?? call.status}</span>
                </td>
                <td>
                  <span className="nv-call-table__summary">{call.summary ?? '—'}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
