export type { CalendarConnectionProps } from './calendar-connection.js';
export { CalendarConnection } from './calendar-connection.js';
