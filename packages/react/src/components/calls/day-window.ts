import type { CallFilter } from '../../hooks/dashboard.js';

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The filter form's values, as the inputs hold them: `YYYY-MM-DD` days and free text. */
export interface CallFilterValues {
  fromDay: string;
  toDay: string;
  outcome: string;
  status: '' | NonNullable<CallFilter['status']>;
}

export const noCallFilters: CallFilterValues = { fromDay: '', toDay: '', outcome: '', status: '' };

export function hasCallFilters(values: CallFilterValues): boolean {
  return Object.values(values).some((value) => value !== '');
}

/**
 * The API filters on instants (`from` inclusive, `to` exclusive), people on calendar days: a day is read in the
 * tenant's time zone when given (the browser's otherwise), and the `to` day ends at the next midnight so it counts.
 */
export function toCallFilter(values: CallFilterValues, options: { limit: number; timeZone?: string }): CallFilter {
  const outcome = values.outcome.trim();
  return {
    limit: options.limit,
    from: startOfDay(values.fromDay, 0, options.timeZone),
    to: startOfDay(values.toDay, 1, options.timeZone),
    outcome: outcome || undefined,
    status: values.status || undefined,
  };
}

function startOfDay(day: string, addDays: number, timeZone: string | undefined): string | undefined {
  const match = dayPattern.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays];
  if (!timeZone) return new Date(year, month, date).toISOString();
  const wallClock = Date.UTC(year, month, date);
  const guess = wallClock - offsetIn(timeZone, wallClock);
  // Read the offset again at the guessed instant: a DST change between UTC midnight and local midnight moves it.
  return new Date(wallClock - offsetIn(timeZone, guess)).toISOString();
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetIn(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wallClock - (instant - (instant % 1000));
}
