import type { Appointment } from '@nuvatra/core';
import { useRef, useState } from 'react';
import { useAppointments } from '../../hooks/dashboard.js';
import { formatDateTime, formatPhoneNumber } from '../../ui/format.js';
import { Panel, QueryState } from '../../ui/states.js';
import { CallDetail } from './call-detail.js';
import { LoadMore } from './load-more.js';

export interface AppointmentsProps {
  /** Appointments fetched per page (1–200). */
  pageSize?: number;
  /** The tenant's IANA time zone (the browser's otherwise). */
  timeZone?: string;
}

/** Appointments and reservations, newest first; one booked during a call opens that call. */
export function Appointments({ pageSize = 25, timeZone }: AppointmentsProps) {
  const appointments = useAppointments({ limit: pageSize });
  const [openCallId, setOpenCallId] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const close = () => {
    setOpenCallId(null);
    opener.current?.focus();
  };
  return (
    <Panel title="Appointments" className="nv-appointments">
      <QueryState
        query={appointments}
        loading="Loading appointments…"
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty="No appointments yet."
      >
        {(data) => (
          <div className="nv-table-scroll">
            <table className="nv-table nv-appointments__table">
              <caption className="nv-visually-hidden">Appointments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Service</th>
                  <th scope="col">Status</th>
                  <th scope="col">Call</th>
                </tr>
              </thead>
              <tbody>
                {data.pages
                  .flatMap((page) => page.items)
                  .map((appointment) => (
                    <AppointmentRow
                      key={appointment.id}
                      appointment={appointment}
                      timeZone={timeZone}
                      onOpenCall={(callId, button) => {
                        opener.current = button;
                        setOpenCallId(callId);
                      }}
                    />
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <LoadMore query={appointments} label="Load more appointments" />
      {openCallId ? <CallDetail callId={openCallId} timeZone={timeZone} onClose={close} /> : null}
    </Panel>
  );
}

function AppointmentRow({
  appointment,
  timeZone,
  onOpenCall,
}: {
  appointment: Appointment;
  timeZone: string | undefined;
  onOpenCall: (callId: string, opener: HTMLButtonElement) => void;
}) {
  const { callId } = appointment;
  return (
    <tr>
      <td>
        <time dateTime={appointment.startsAt}>{formatDateTime(appointment.startsAt, timeZone)}</time>
      </td>
      <td>
        <span className="nv-appointments__name">{appointment.customerName}</span>
        {appointment.customerPhone ? (
          <span className="nv-appointments__detail">{formatPhoneNumber(appointment.customerPhone)}</span>
        ) : null}
        {appointment.partySize ? (
          <span className="nv-appointments__detail">Party of {appointment.partySize}</span>
        ) : null}
      </td>
      <td>{appointment.service ?? '—'}</td>
      <td>
        <span className={`nv-badge nv-badge--${appointment.status}`}>{appointment.status}</span>
      </td>
      <td>
        {callId ? (
          <button type="button" className="nv-button" onClick={(event) => onOpenCall(callId, event.currentTarget)}>
            Open call <span className="nv-visually-hidden">with {appointment.customerName}</span>
          </button>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
