import type { Appointment, SecretBox, TenantScope, WorkingHours } from '@nuvatra/core';
import { type GoogleConnection, isGoogleError } from '@nuvatra/google';
import type { CalendarClient } from './client.js';
import { freeSlots, type Interval, isOpen, openIntervals, overlaps } from './hours.js';
import type { GoogleCalendarSettings } from './options.js';
import { listOf, outsideHoursSentence, timeOf } from './speech.js';
import { fromLocal, toLocal } from './zone.js';

/** A refusal the caller answers (route) or speaks (tool): `reason` is a sentence a voice agent can say as it is. */
export interface Refusal {
  ok: false;
  status: number;
  code: string;
  reason: string;
}

export interface BookingInput {
  start: number;
  end?: number | undefined;
  title?: string | undefined;
  callerName?: string | undefined;
  callerPhone?: string | null | undefined;
  notes?: string | undefined;
  /** Our call the booking was made during (checked to be this tenant's). */
  callId?: string | null | undefined;
  /** What makes two requests the same booking besides the start (the call): repeated, it books once. */
  repeatKey?: string | null | undefined;
}

const day = 24 * 60 * 60_000;
const refuse = (status: number, code: string, reason: string): Refusal => ({ ok: false, status, code, reason });

/** Availability and booking against the tenant's hours and its connected Google Calendar. */
export function createCalendarService(
  settings: GoogleCalendarSettings,
  connection: GoogleConnection,
  client: CalendarClient,
) {
  async function hoursOf(scope: TenantScope): Promise<{ timeZone: string; hours: WorkingHours }> {
    const config = await scope.config.get();
    return {
      timeZone: config?.timezone ?? 'UTC',
      hours: config?.workingHours ?? { weekly: {}, exceptions: [] },
    };
  }

  /** The access token, or the refusal that says why the calendar cannot be used. */
  async function token(scope: TenantScope, secretBox: SecretBox | null): Promise<string | Refusal> {
    try {
      return await connection.accessToken(scope, { secretBox });
    } catch (error) {
      if (isGoogleError(error, 'GOOGLE_CONNECTION_BROKEN')) {
        return refuse(409, 'GOOGLE_CONNECTION_BROKEN', 'The Google Calendar connection must be reconnected.');
      }
      if (isGoogleError(error, 'CALENDAR_NOT_CONNECTED')) {
        return refuse(409, 'CALENDAR_NOT_CONNECTED', 'No Google Calendar is connected for this business yet.');
      }
      if (isGoogleError(error) || (error as { code?: string } | null)?.code === 'CONFIG_INVALID') {
        return refuse(503, 'GOOGLE_UNAVAILABLE', 'Google Calendar cannot be reached right now.');
      }
      throw error;
    }
  }

  async function busyOf(accessToken: string, from: number, to: number): Promise<Interval[] | Refusal> {
    try {
      return await client.busy(accessToken, from, to);
    } catch (error) {
      if (isGoogleError(error))
        return refuse(503, 'GOOGLE_UNAVAILABLE', 'Google Calendar cannot be reached right now.');
      throw error;
    }
  }

  async function availability(scope: TenantScope, secretBox: SecretBox | null, from: number, to: number) {
    const { timeZone, hours } = await hoursOf(scope);
    const accessToken = await token(scope, secretBox);
    if (typeof accessToken !== 'string') return accessToken;
    const busy = await busyOf(accessToken, from, to);
    if (!Array.isArray(busy)) return busy;
    return { ok: true as const, timeZone, hours, busy, open: openIntervals(hours, timeZone, from, to) };
  }

  /** The two free slots nearest to `start` (the same day first, then the week after), in time order. */
  function nearest(open: Interval[], busy: Interval[], start: number, minutes: number): Interval[] {
    const slots = freeSlots(open, busy, minutes).filter((slot) => slot.start >= settings.now());
    return slots
      .sort((a, b) => Math.abs(a.start - start) - Math.abs(b.start - start))
      .slice(0, 2)
      .sort((a, b) => a.start - b.start);
  }

  async function existing(scope: TenantScope, key: string): Promise<Appointment | null> {
    const row = await scope.model('google_calendar_bookings').findOne([{ field: 'id', value: key }]);
    const appointmentId = typeof row?.appointmentId === 'string' ? row.appointmentId : null;
    return appointmentId ? scope.appointments.get(appointmentId) : null;
  }

  async function book(
    scope: TenantScope,
    secretBox: SecretBox | null,
    input: BookingInput,
  ): Promise<{ ok: true; appointment: Appointment; created: boolean } | Refusal> {
    const { timeZone, hours } = await hoursOf(scope);
    const start = input.start;
    const end = input.end ?? start + settings.slotMinutes * 60_000;
    if (end <= start) return refuse(400, 'VALIDATION_FAILED', 'The end of the appointment must be after its start.');
    if (end - start > day) return refuse(400, 'VALIDATION_FAILED', 'An appointment can last one day at most.');
    if (start < settings.now()) {
      return refuse(409, 'SLOT_IN_PAST', 'That time has already passed; please choose a later time.');
    }
    if (!isOpen(hours, timeZone, start, end)) {
      return refuse(409, 'OUTSIDE_WORKING_HOURS', outsideHoursSentence(hours, timeZone, start));
    }
    if (input.callId && !(await scope.calls.get(input.callId))) {
      return refuse(404, 'NOT_FOUND', `There is no call "${input.callId}" in this business.`);
    }
    const key = input.repeatKey ? `${input.repeatKey}|${new Date(start).toISOString()}` : null;
    const booked = key ? await existing(scope, key) : null;
    if (booked) return { ok: true, appointment: booked, created: false };

    const accessToken = await token(scope, secretBox);
    if (typeof accessToken !== 'string') return accessToken;
    // The requested day and the week after: the busy check, and where to look for other times if it is taken.
    const dayStart = fromLocal(toLocal(start, timeZone).date, 0, timeZone);
    const busy = await busyOf(accessToken, dayStart, dayStart + 8 * day);
    if (!Array.isArray(busy)) return busy;
    if (busy.some((period) => overlaps(period, { start, end }))) {
      const minutes = Math.round((end - start) / 60_000);
      const others = nearest(openIntervals(hours, timeZone, dayStart, dayStart + 8 * day), busy, start, minutes);
      const offer =
        others.length > 0
          ? `the nearest free times are ${listOf(others.map((slot) => timeOf(slot.start, timeZone, start)))}`
          : 'there is no other free time in the week after it';
      return refuse(409, 'SLOT_BUSY', `That slot is already taken; ${offer}.`);
    }
    if (key) {
      const claimed = await scope.model('google_calendar_bookings').insertIfAbsent({
        id: key,
        appointmentId: null,
        eventId: null,
        createdAt: new Date(settings.now()).toISOString(),
      });
      // Another request with the same call and start got here first (Postgres: it has committed by now).
      const winner = claimed ? null : await existing(scope, key);
      if (winner) return { ok: true, appointment: winner, created: false };
      if (!claimed) return refuse(409, 'SLOT_BUSY', 'That booking is being made already; please hold on.');
    }

    const title = input.title ?? (input.callerName ? `Appointment: ${input.callerName}` : 'Appointment');
    let event: Awaited<ReturnType<CalendarClient['insert']>>;
    try {
      event = await client.insert(accessToken, {
        start,
        end,
        timeZone,
        summary: title,
        description: [
          input.callerName ? `Caller: ${input.callerName}` : null,
          input.callerPhone ? `Phone: ${input.callerPhone}` : null,
          input.notes ? `Notes: ${input.notes}` : null,
          'Booked by the Nuvatra receptionist.',
        ]
          .filter(Boolean)
          .join('\n'),
        properties: { nuvatraTenantId: scope.tenantId, ...(input.callId ? { nuvatraCallId: input.callId } : {}) },
      });
    } catch (error) {
      if (!isGoogleError(error)) throw error;
      // Nothing was booked: free the claim, so that asking again tries again.
      if (key) await scope.model('google_calendar_bookings').delete([{ field: 'id', value: key }]);
      return refuse(
        503,
        'GOOGLE_UNAVAILABLE',
        'Google Calendar did not take the booking; please try again in a moment.',
      );
    }
    try {
      const appointment = await scope.appointments.create({
        callId: input.callId ?? null,
        customerName: input.callerName ?? 'Caller',
        customerPhone: input.callerPhone ?? null,
        service: title,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        notes: input.notes ?? null,
        externalEventId: event.id,
        metadata: {
          plugin: 'google-calendar',
          calendarId: settings.calendarId,
          ...(event.htmlLink ? { htmlLink: event.htmlLink } : {}),
        },
      });
      if (key) {
        await scope
          .model('google_calendar_bookings')
          .update([{ field: 'id', value: key }], { appointmentId: appointment.id, eventId: event.id });
      }
      return { ok: true, appointment, created: true };
    } catch (error) {
      // Google took the event but we could not keep the appointment: take the event back so nothing is half-written.
      await client.remove(accessToken, event.id);
      throw error;
    }
  }

  return { hoursOf, availability, book, nearest, token };
}
export type CalendarService = ReturnType<typeof createCalendarService>;
