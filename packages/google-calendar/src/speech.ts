import type { WorkingHours } from '@nuvatra/core';
import { rangesOn } from './hours.js';
import { toLocal, weekdayOf } from './zone.js';

// Sentences a voice agent speaks as they are: times on the tenant's clock, days by name.

const dayNames = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;
const weekOrder = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `9:00`, `17:30`: the 24-hour clock without a leading zero. */
export function clockOf(instant: number, timeZone: string): string {
  const { minutes } = toLocal(instant, timeZone);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

const plainClock = (clock: string) => clock.replace(/^0(\d)/, '$1');

/** `Monday 3 March`. */
export function dayOf(instant: number, timeZone: string): string {
  return dateName(toLocal(instant, timeZone).date);
}

export function dateName(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthName = new Date(Date.UTC(year, month - 1, day)).toLocaleString('en-GB', {
    month: 'long',
    timeZone: 'UTC',
  });
  return `${dayNames[weekdayOf(date)]} ${day} ${monthName}`;
}

/** `10:30`, or `Tuesday 4 March at 10:30` when it is not on `sameDayAs`'s day. */
export function timeOf(instant: number, timeZone: string, sameDayAs?: number): string {
  const clock = clockOf(instant, timeZone);
  if (sameDayAs !== undefined && toLocal(instant, timeZone).date === toLocal(sameDayAs, timeZone).date) return clock;
  return `${dayOf(instant, timeZone)} at ${clock}`;
}

/** `a, b and c`. */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `Monday to Friday 9:00 to 17:00, Saturday 8:00 to 12:00`; consecutive days with the same hours grouped. */
export function weeklyHoursSentence(hours: WorkingHours): string {
  const groups: Array<{ first: string; last: string; text: string }> = [];
  for (const day of weekOrder) {
    const ranges = hours.weekly[day] ?? [];
    if (ranges.length === 0) continue;
    const text = listOf(ranges.map((range) => `${plainClock(range.open)} to ${plainClock(range.close)}`));
    const previous = groups.at(-1);
    const adjacent = previous && weekOrder.indexOf(previous.last as never) === weekOrder.indexOf(day) - 1;
    if (previous && adjacent && previous.text === text) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  if (groups.length === 0) return 'we have no regular opening hours';
  return `we are open ${listOf(
    groups.map((group) => {
      const first = dayNames[group.first as keyof typeof dayNames];
      const last = dayNames[group.last as keyof typeof dayNames];
      return `${group.first === group.last ? first : `${first} to ${last}`} ${group.text}`;
    }),
  )}`;
}

/** Why a time is outside the hours, as the agent says it. */
export function outsideHoursSentence(hours: WorkingHours, timeZone: string, start: number): string {
  const date = toLocal(start, timeZone).date;
  const { exception } = rangesOn(hours, date);
  const special = exception
    ? exception.closed
      ? ` We are closed on ${dateName(date)}${exception.note ? ` (${exception.note})` : ''}.`
      : ` On ${dateName(date)} we are open ${listOf(exception.ranges.map((range) => `${plainClock(range.open)} to ${plainClock(range.close)}`))}.`
    : '';
  return `That time is outside our opening hours: ${weeklyHoursSentence(hours)}.${special}`;
}
