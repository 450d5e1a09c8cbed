import type { CallStats } from '@nuvatra/core';

export interface DayCount {
  /** `YYYY-MM-DD` in the tenant's time zone. */
  date: string;
  calls: number;
}

const day = 24 * 60 * 60 * 1000;
/** The API answers at most 366 days; a little room for the partial days at either end. */
const maxDays = 370;

/**
 * Every day of the stats window, quiet days included: the API lists only days that had calls, and a chart that
 * skipped the others would draw a busy week and a busy month alike.
 */
export function toDailySeries(stats: Pick<CallStats, 'from' | 'to' | 'timezone' | 'perDay'>): DayCount[] {
  const dateIn = new Intl.DateTimeFormat('en-CA', {
    timeZone: stats.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const first = dateIn.format(new Date(stats.from));
  // `to` is exclusive: the last day is the one holding the instant just before it.
  const last = dateIn.format(new Date(Date.parse(stats.to) - 1));
  const counts = new Map(stats.perDay.map((entry) => [entry.date, entry.calls]));
  const series: DayCount[] = [];
  for (let time = Date.parse(`${first}T00:00:00Z`); series.length < maxDays; time += day) {
    const date = new Date(time).toISOString().slice(0, 10);
    if (date > last) break;
    series.push({ date, calls: counts.get(date) ?? 0 });
  }
  return series;
}

/** "Nov 20" for a `YYYY-MM-DD` day, whatever the browser's zone. */
export function formatDay(date: string): string {
  return new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
