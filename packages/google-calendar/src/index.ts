export type { GoogleCalendarOptions } from './options.js';
export { calendarScopes, googleCalendarPlugin } from './plugin.js';
