// Google Calendar's dashboard pieces, exported from the package index in one line.
export type { CalendarConnectionProps } from './components/calendar/index.js';
export { CalendarConnection } from './components/calendar/index.js';
export type { CalendarConnectionView, CalendarDisconnected } from './hooks/calendar.js';
export {
  useCalendarConnection,
  useCompleteCalendarConnection,
  useConnectCalendar,
  useDisconnectCalendar,
} from './hooks/calendar.js';
