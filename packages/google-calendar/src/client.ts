import { calendar_v3 } from '@googleapis/calendar';
import { type ErrorCode, NuvatraHttpError } from '@nuvatra/core';
import type { Interval } from './hours.js';

export interface CalendarEventInput {
  start: number;
  end: number;
  timeZone: string;
  summary: string;
  description: string;
  /** Private extended properties: how we find our own events again. */
  properties: Record<string, string>;
}

/** Google's refusal or outage, without the request (its Authorization header) that Google's client keeps on errors. */
function unavailable(what: string, error: unknown): NuvatraHttpError {
  const status = (error as { status?: unknown; response?: { status?: unknown } } | null)?.response?.status;
  return new NuvatraHttpError(502, {
    code: 'GOOGLE_UNAVAILABLE' as ErrorCode,
    message: `Google Calendar failed to ${what}${typeof status === 'number' ? ` (HTTP ${status})` : ''}; try again.`,
  });
}

/**
 * Google Calendar through its official client (`@googleapis/calendar`): busy times and event writes for one
 * tenant's calendar, with that tenant's access token in the request's own headers (never on a shared client).
 */
export function createCalendarClient(options: { rootUrl?: string | undefined; calendarId: string }) {
  const api = new calendar_v3.Calendar({ ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}) });
  const authorized = (accessToken: string) => ({ headers: { Authorization: `Bearer ${accessToken}` } });

  return {
    async busy(accessToken: string, from: number, to: number): Promise<Interval[]> {
      try {
        const { data } = await api.freebusy.query(
          {
            requestBody: {
              timeMin: new Date(from).toISOString(),
              timeMax: new Date(to).toISOString(),
              items: [{ id: options.calendarId }],
            },
          },
          authorized(accessToken),
        );
        const calendar = data.calendars?.[options.calendarId];
        if (!calendar || (calendar.errors?.length ?? 0) > 0) {
          throw new Error(calendar?.errors?.[0]?.reason ?? 'calendar missing from the answer');
        }
        return (calendar.busy ?? []).flatMap((period) => {
          const start = Date.parse(period.start ?? '');
          const end = Date.parse(period.end ?? '');
          return Number.isFinite(start) && Number.isFinite(end) && start < end ? [{ start, end }] : [];
        });
      } catch (error) {
        throw unavailable('answer busy times', error);
      }
    },

    async insert(accessToken: string, event: CalendarEventInput): Promise<{ id: string; htmlLink: string | null }> {
      try {
        const { data } = await api.events.insert(
          {
            calendarId: options.calendarId,
            requestBody: {
              summary: event.summary,
              description: event.description,
              start: { dateTime: new Date(event.start).toISOString(), timeZone: event.timeZone },
              end: { dateTime: new Date(event.end).toISOString(), timeZone: event.timeZone },
              extendedProperties: { private: event.properties },
            },
          },
          authorized(accessToken),
        );
        if (!data.id) throw new Error('no event id');
        return { id: data.id, htmlLink: data.htmlLink ?? null };
      } catch (error) {
        throw unavailable('add the event', error);
      }
    },

    /** Best effort: false when Google did not delete it. */
    async remove(accessToken: string, eventId: string): Promise<boolean> {
      try {
        await api.events.delete({ calendarId: options.calendarId, eventId }, authorized(accessToken));
        return true;
      } catch {
        return false;
      }
    },
  };
}
export type CalendarClient = ReturnType<typeof createCalendarClient>;
