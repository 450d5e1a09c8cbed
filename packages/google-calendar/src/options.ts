import { NuvatraError } from '@nuvatra/core';
import type { GoogleConnectionOptions } from '@nuvatra/google';
import { z } from 'zod';

export interface GoogleCalendarOptions {
  /** The OAuth client from Google Cloud's console (`GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET`). */
  clientId: string;
  clientSecret: string;
  /** The dashboard page Google redirects to after consent; it posts `code` and `state` to the callback route. */
  redirectUri: string;
  /** Which of the connected account's calendars to read and write (`primary`). */
  calendarId?: string;
  /** Google's OAuth addresses, for tests and proxies. */
  endpoints?: GoogleConnectionOptions['endpoints'];
  /** Google Calendar API root (`https://www.googleapis.com/`), for tests and proxies. */
  rootUrl?: string;
  /** Length of a booking when none is given, and of the slots offered (30 minutes). */
  slotMinutes?: number;
  /** Epoch milliseconds, like `Date.now`; tests inject a clock. */
  now?: () => number;
}

const optionsSchema = z.object({
  clientId: z.string().min(1, 'is empty: set GOOGLE_CLIENT_ID'),
  clientSecret: z.string().min(1, 'is empty: set GOOGLE_CLIENT_SECRET'),
  redirectUri: z.url({ protocol: /^https?$/ }),
  calendarId: z.string().min(1).max(1024).default('primary'),
  rootUrl: z.url({ protocol: /^https?$/ }).optional(),
  slotMinutes: z.number().int().min(5).max(480).default(30),
});

export type GoogleCalendarSettings = z.output<typeof optionsSchema> & {
  endpoints: GoogleCalendarOptions['endpoints'];
  now: () => number;
};

export function parseGoogleCalendarOptions(options: GoogleCalendarOptions): GoogleCalendarSettings {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `googleCalendarPlugin: ${issue?.path.join('.') || 'options'} ${issue?.message}.`,
      cause: result.error,
    });
  }
  return { ...result.data, endpoints: options.endpoints, now: options.now ?? Date.now };
}
