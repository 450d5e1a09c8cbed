import { z } from 'zod';
import { createHttpError } from '../errors/errors.js';
import { defineRoute } from '../http/route.js';
import type { Call } from '../schemas/call.js';
import { timestampSchema } from '../schemas/common.js';

const day = 24 * 60 * 60 * 1000;
/** The widest window one request may add up; wider windows are asked for in parts. */
const maxWindowDays = 366;

const statsSchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  timezone: z.string(),
  totalCalls: z.number().int(),
  totalDurationSeconds: z.number(),
  averageDurationSeconds: z.number().nullable(),
  perDay: z.array(z.object({ date: z.iso.date(), calls: z.number().int() })),
  outcomes: z.record(z.string(), z.number().int()),
  topIntents: z.array(z.object({ intent: z.string(), calls: z.number().int() })),
});
export type CallStats = z.infer<typeof statsSchema>;

/** Adds up calls; days are the tenant's calendar days in its own time zone. */
export function summarizeCalls(
  calls: Iterable<Call>,
  window: { from: string; to: string; timezone: string },
): CallStats {
  const dateOf = new Intl.DateTimeFormat('en-CA', {
    timeZone: window.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const perDay = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  const intents = new Map<string, number>();
  let totalCalls = 0;
  let totalDurationSeconds = 0;
  let timed = 0;
  for (const call of calls) {
    totalCalls++;
    const date = dateOf.format(new Date(call.createdAt));
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
    const outcome = call.outcome ?? call.status;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (call.intent) intents.set(call.intent, (intents.get(call.intent) ?? 0) + 1);
    if (call.durationSeconds !== null) {
      totalDurationSeconds += call.durationSeconds;
      timed++;
    }
  }
  return {
    ...window,
    totalCalls,
    totalDurationSeconds,
    averageDurationSeconds: timed > 0 ? totalDurationSeconds / timed : null,
    perDay: [...perDay].map(([date, count]) => ({ date, calls: count })).sort((a, b) => a.date.localeCompare(b.date)),
    outcomes,
    topIntents: [...intents]
      .map(([intent, count]) => ({ intent, calls: count }))
      .sort((a, b) => b.calls - a.calls || a.intent.localeCompare(b.intent))
      .slice(0, 10),
  };
}

export const statsRoute = defineRoute({
  method: 'GET',
  path: '/api/stats',
  auth: 'user',
  summary: 'Call totals, calls per day, average duration, outcomes and top intents (default: the last 30 days)',
  tags: ['calls'],
  query: z.object({ from: timestampSchema.optional(), to: timestampSchema.optional() }).strict(),
  responses: { 200: { description: 'The figures', schema: statsSchema } },
  async handle({ scope, query }) {
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - 30 * day).toISOString();
    if (Date.parse(from) >= Date.parse(to)) throw createHttpError('VALIDATION_FAILED', 'from must be before to.');
    if (Date.parse(to) - Date.parse(from) > maxWindowDays * day) {
      throw createHttpError('VALIDATION_FAILED', `Ask for at most ${maxWindowDays} days at a time.`);
    }
    const timezone = (await scope.config.get())?.timezone ?? 'UTC';
    const calls: Call[] = [];
    let cursor: string | undefined;
    do {
      const page = await scope.calls.list({ limit: 200, ...(cursor ? { cursor } : {}) }, { from, to });
      calls.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return summarizeCalls(calls, { from, to, timezone });
  },
});
