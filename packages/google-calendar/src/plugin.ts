import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { defineGoogleConnection } from '@nuvatra/google';
import { createCalendarService } from './booking.js';
import { createCalendarClient } from './client.js';
import { type GoogleCalendarOptions, parseGoogleCalendarOptions } from './options.js';
import { calendarRoutes } from './routes.js';
import { calendarStorage } from './storage.js';
import { calendarTools } from './tools.js';

export const calendarScopes = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
];

/**
 * Google Calendar as a Nuvatra plugin: each tenant connects its own calendar (OAuth with PKCE, tokens sealed for
 * the tenant), the dashboard reads busy and open times, and the voice agent checks availability and books
 * appointments (`check_availability`, `book_appointment`) inside the tenant's working hours, written to Google
 * and to the tenant's appointments at once. Options are checked here: a bad one throws CONFIG_INVALID at start-up.
 */
export function googleCalendarPlugin(options: GoogleCalendarOptions): NuvatraPlugin {
  const settings = parseGoogleCalendarOptions(options);
  const connection = defineGoogleConnection({
    kind: 'calendar',
    scopes: calendarScopes,
    routePrefix: '/api/calendar',
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: settings.redirectUri,
    ...(settings.endpoints ? { endpoints: settings.endpoints } : {}),
    now: settings.now,
  });
  const client = createCalendarClient({ rootUrl: settings.rootUrl, calendarId: settings.calendarId });
  const service = createCalendarService(settings, connection, client);
  return definePlugin({
    name: 'google-calendar',
    routes: [...connection.routes, ...calendarRoutes(service)],
    storage: calendarStorage(connection.storage),
    tools: calendarTools(service, settings),
  });
}
