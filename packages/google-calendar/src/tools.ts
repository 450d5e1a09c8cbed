import { e164Schema, parseOrThrow, type ToolContext, type ToolDefinition } from '@nuvatra/core';
import { z } from 'zod';
import type { CalendarService, Refusal } from './booking.js';
import { freeSlots } from './hours.js';
import type { GoogleCalendarSettings } from './options.js';
import { dayOf, listOf, timeOf } from './speech.js';
import { addDays, fromLocal, toLocal } from './zone.js';

function schemaTool<S extends z.ZodObject>(tool: {
  description: string;
  args: S;
  handle(context: ToolContext, args: z.output<S>): Promise<unknown>;
}): ToolDefinition {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.args, { io: 'input' }) as Record<string, unknown>;
  return {
    description: tool.description,
    parameters,
    handle: (context, args) => tool.handle(context, parseOrThrow(tool.args, args ?? {}, 'tool arguments')),
  };
}

/** What the agent says when the calendar cannot be used: never an error it would read out as one. */
function unavailable(refusal: Refusal) {
  const reason =
    refusal.code === 'CALENDAR_NOT_CONNECTED' || refusal.code === 'GOOGLE_CONNECTION_BROKEN'
      ? "I can't book appointments right now: the calendar is not available. I can take a message and someone will call you back."
      : "I can't reach the calendar right now. Please try again in a moment, or I can take a message.";
  return { ok: false, reason, code: refusal.code };
}

const instant = z.iso.datetime({ offset: true });

const availabilityArgs = z
  .object({
    date: z.iso.date().optional().describe("A day to look at, on the business's calendar (YYYY-MM-DD)"),
    start: instant.optional().describe('Or the start of a range, ISO 8601 with offset'),
    end: instant.optional().describe('The end of that range'),
    durationMinutes: z.number().int().min(5).max(480).optional().describe('How long the appointment is'),
  })
  .strict();

const bookingArgs = z
  .object({
    start: instant.describe('When the appointment starts, ISO 8601 with offset (a start from check_availability)'),
    callerName: z.string().trim().min(1).max(200).describe("The caller's name"),
    callerPhone: e164Schema.optional().describe("The caller's phone number in E.164 (+15551234567)"),
    notes: z.string().max(2000).optional().describe('What the appointment is for'),
  })
  .strict();

/** `check_availability` and `book_appointment`, answering what a voice agent can say as it is. */
export function calendarTools(
  service: CalendarService,
  settings: GoogleCalendarSettings,
): Record<string, ToolDefinition> {
  return {
    check_availability: schemaTool({
      description:
        "Finds free appointment times in the business's calendar on a day (or between two times), within its opening hours.",
      args: availabilityArgs,
      async handle({ scope, secretBox }, args) {
        const { timeZone } = await service.hoursOf(scope);
        const date = args.date ?? toLocal(args.start ? Date.parse(args.start) : settings.now(), timeZone).date;
        const from = args.start ? Date.parse(args.start) : fromLocal(date, 0, timeZone);
        const to = args.end ? Date.parse(args.end) : fromLocal(addDays(date, 1), 0, timeZone);
        if (!(from < to) || to - from > 31 * 24 * 60 * 60_000) {
          return { ok: false, reason: 'Please ask for one day, or a range of at most a month.' };
        }
        const answer = await service.availability(scope, secretBox, from, to);
        if (!answer.ok) return unavailable(answer);
        const minutes = args.durationMinutes ?? settings.slotMinutes;
        const slots = freeSlots(answer.open, answer.busy, minutes).filter((slot) => slot.start >= settings.now());
        const speech =
          slots.length === 0
            ? `There are no free times on ${dayOf(from, timeZone)}.`
            : `On ${dayOf(slots[0]!.start, timeZone)} we have ${listOf(
                slots.slice(0, 6).map((slot) => timeOf(slot.start, timeZone, slots[0]!.start)),
              )} free${slots.length > 6 ? ', and later times too' : ''}.`;
        return {
          ok: true,
          timeZone,
          durationMinutes: minutes,
          slots: slots.map((slot) => ({
            start: new Date(slot.start).toISOString(),
            end: new Date(slot.end).toISOString(),
          })),
          speech,
        };
      },
    }),
    book_appointment: schemaTool({
      description:
        "Books an appointment in the business's calendar at a free time (check_availability first). Repeating the same booking during a call books it once.",
      args: bookingArgs,
      async handle({ scope, secretBox, call }, args) {
        // The call this tool runs in, when it is one we stored: the appointment is linked to it.
        const stored = call
          ? await scope.calls.getByProviderCallId(call.provider as never, call.providerCallId).catch(() => null)
          : null;
        const result = await service.book(scope, secretBox, {
          start: Date.parse(args.start),
          callerName: args.callerName,
          callerPhone: args.callerPhone ?? null,
          notes: args.notes,
          callId: stored?.id ?? null,
          repeatKey: stored ? `call:${stored.id}` : call ? `${call.provider}:${call.providerCallId}` : null,
        });
        if (!result.ok) {
          if (
            result.status === 409 &&
            result.code !== 'CALENDAR_NOT_CONNECTED' &&
            result.code !== 'GOOGLE_CONNECTION_BROKEN'
          ) {
            return { ok: false, reason: result.reason, code: result.code };
          }
          return result.status === 400 || result.status === 404
            ? { ok: false, reason: result.reason, code: result.code }
            : unavailable(result);
        }
        const { timeZone } = await service.hoursOf(scope);
        const start = Date.parse(result.appointment.startsAt);
        return {
          ok: true,
          appointment: {
            id: result.appointment.id,
            start: result.appointment.startsAt,
            end: result.appointment.endsAt,
          },
          alreadyBooked: !result.created,
          speech: `You're booked for ${dayOf(start, timeZone)} at ${timeOf(start, timeZone, start)}.`,
        };
      },
    }),
  };
}
