import { z } from 'zod';
import { e164Schema, languageSchema } from './common.js';

// Building an Intl.DateTimeFormat costs tens of microseconds and every stored config is parsed on each call, so
// each zone is checked once per process (the runtime's zone data does not change while it runs).
const knownTimeZones = new Map<string, boolean>();
function isTimeZone(zone: string): boolean {
  const known = knownTimeZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // Bounded: a flood of made-up zone names must not grow the map without end.
  if (knownTimeZones.size >= 1024) knownTimeZones.clear();
  knownTimeZones.set(zone, valid);
  return valid;
}

/** IANA time zone, checked against the runtime's own zone data. */
export const timeZoneSchema = z.string().refine(isTimeZone, 'must be an IANA time zone such as "America/New_York"');

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "09:00"');

export const timeRangeSchema = z
  .object({ open: clockTimeSchema, close: clockTimeSchema })
  .refine((range) => range.open < range.close, 'open must be before close');

export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

export const workingHoursSchema = z.object({
  /** Missing days are closed. */
  weekly: z.partialRecord(weekdaySchema, z.array(timeRangeSchema).max(8)).default({}),
  exceptions: z
    .array(
      z.object({
        date: z.iso.date(),
        closed: z.boolean().default(false),
        ranges: z.array(timeRangeSchema).max(8).default([]),
        note: z.string().max(200).optional(),
      }),
    )
    .max(366)
    .default([]),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const businessProfileSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  industry: z.string().max(100).optional(),
  address: z.string().max(500).optional(),
  website: z.url().optional(),
  email: z.email().optional(),
  phone: e164Schema.optional(),
});

export const serviceSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  price: z.string().max(100).optional(),
});

export const faqEntrySchema = z.object({
  question: z.string().min(1).max(1000),
  answer: z.string().min(1).max(4000),
  language: languageSchema.optional(),
});

export const voiceAgentSchema = z.object({
  provider: z.enum(['vapi', 'telnyx']).default('vapi'),
  /** The voice provider's voice, e.g. an ElevenLabs voice id. */
  voiceId: z.string().max(200).optional(),
  voiceProvider: z.string().max(100).optional(),
  model: z.string().max(100).optional(),
  /** A provider-side assistant to use instead of a transient one. */
  assistantId: z.string().max(200).optional(),
});

export const tenantConfigSchema = z
  .object({
    businessProfile: businessProfileSchema,
    timezone: timeZoneSchema,
    languages: z.array(languageSchema).min(1).max(20).default(['en']),
    /** Greeting per language tag. */
    greeting: z.record(languageSchema, z.string().min(1).max(1000)).default({}),
    services: z.array(serviceSchema).max(500).default([]),
    faq: z.array(faqEntrySchema).max(500).default([]),
    workingHours: workingHoursSchema.default({ weekly: {}, exceptions: [] }),
    voiceAgent: voiceAgentSchema.default({ provider: 'vapi' }),
  })
  .strict();
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
