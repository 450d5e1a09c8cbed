import {
  type AnyRoute,
  defineRoute,
  type ErrorCode,
  e164Schema,
  errorResponse,
  idSchema,
  json,
  NuvatraHttpError,
} from '@nuvatra/core';
import { z } from 'zod';
import type { CalendarService, Refusal } from './booking.js';

const instantSchema = z.iso.datetime({ offset: true });
const maxRangeDays = 31;
const intervalSchema = z.object({ start: z.string(), end: z.string() });
const toIso = (interval: { start: number; end: number }) => ({
  start: new Date(interval.start).toISOString(),
  end: new Date(interval.end).toISOString(),
});

/** A refusal as the one error shape every route answers; answered, not thrown, so a broken mark commits. */
export function refusalResponse(refusal: Refusal): Response {
  return errorResponse(
    new NuvatraHttpError(refusal.status, { code: refusal.code as ErrorCode, message: refusal.reason }),
  );
}

const freeBusyQuery = z
  .object({ timeMin: instantSchema, timeMax: instantSchema })
  .refine((query) => Date.parse(query.timeMin) < Date.parse(query.timeMax), {
    message: 'timeMin must be before timeMax',
    path: ['timeMax'],
  })
  .refine((query) => Date.parse(query.timeMax) - Date.parse(query.timeMin) <= maxRangeDays * 24 * 60 * 60_000, {
    message: `the range may span ${maxRangeDays} days at most`,
    path: ['timeMax'],
  });

const appointmentBody = z
  .object({
    start: instantSchema,
    end: instantSchema.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    callerName: z.string().trim().min(1).max(200).optional(),
    callerPhone: e164Schema.optional(),
    callId: idSchema.optional(),
    notes: z.string().max(4000).optional(),
  })
  .strict();

export function calendarRoutes(service: CalendarService): AnyRoute[] {
  const tags = ['google-calendar'];
  return [
    defineRoute({
      method: 'GET',
      path: '/api/calendar/freebusy',
      auth: 'user',
      summary: "Busy times from the tenant's Google Calendar and its open hours, in its time zone",
      tags,
      query: freeBusyQuery,
      responses: {
        200: {
          description: 'Busy and open intervals',
          schema: z.object({ timeZone: z.string(), busy: z.array(intervalSchema), open: z.array(intervalSchema) }),
        },
        409: { description: 'CALENDAR_NOT_CONNECTED or GOOGLE_CONNECTION_BROKEN' },
      },
      async handle({ scope, services, query }) {
        const from = Date.parse(query.timeMin);
        const to = Date.parse(query.timeMax);
        const answer = await service.availability(scope, services.secretBox, from, to);
        if (!answer.ok) return refusalResponse(answer);
        return { timeZone: answer.timeZone, busy: answer.busy.map(toIso), open: answer.open.map(toIso) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/calendar/appointments',
      auth: 'user',
      summary: "Book an appointment in the tenant's Google Calendar and its appointments",
      tags,
      body: appointmentBody,
      responses: {
        201: { description: 'Booked' },
        200: { description: 'Already booked (the same call and start)' },
        404: { description: 'callId names no call of this tenant' },
        409: {
          description:
            'OUTSIDE_WORKING_HOURS, SLOT_BUSY or SLOT_IN_PAST (with a sentence to say), CALENDAR_NOT_CONNECTED, GOOGLE_CONNECTION_BROKEN',
        },
      },
      async handle({ scope, services, body }) {
        const start = Date.parse(body.start);
        const result = await service.book(scope, services.secretBox, {
          start,
          end: body.end ? Date.parse(body.end) : undefined,
          title: body.title,
          callerName: body.callerName,
          callerPhone: body.callerPhone,
          notes: body.notes,
          callId: body.callId,
          repeatKey: body.callId ? `call:${body.callId}` : null,
        });
        if (!result.ok) return refusalResponse(result);
        return json({ appointment: result.appointment }, { status: result.created ? 201 : 200 });
      },
    }),
  ];
}
