import type { WorkingHours } from '@nuvatra/core';
import { addDays, fromLocal, minutesOf, toLocal, weekdayOf } from './zone.js';

export interface Interval {
  /** Epoch milliseconds. */
  start: number;
  end: number;
}

/**
 * The ranges a day is open: an exception for that date wins (closed, or its own ranges), else the weekly hours of
 * its weekday. An exception with neither is only a note.
 */
export function rangesOn(hours: WorkingHours, date: string) {
  const exception = hours.exceptions.find((entry) => entry.date === date);
  if (exception?.closed) return { ranges: [], exception };
  if (exception && exception.ranges.length > 0) return { ranges: exception.ranges, exception };
  return { ranges: hours.weekly[weekdayOf(date)] ?? [], exception: undefined };
}

/** The open intervals between two instants, in the tenant's zone, merged and clipped to the range. */
export function openIntervals(hours: WorkingHours, timeZone: string, from: number, to: number): Interval[] {
  const intervals: Interval[] = [];
  // A day before and after: a zone's local day can start on the previous UTC day.
  const last = addDays(toLocal(to, timeZone).date, 1);
  for (let date = addDays(toLocal(from, timeZone).date, -1); date <= last; date = addDays(date, 1)) {
    for (const range of rangesOn(hours, date).ranges) {
      const start = Math.max(from, fromLocal(date, minutesOf(range.open), timeZone));
      const end = Math.min(to, fromLocal(date, minutesOf(range.close), timeZone));
      if (start < end) intervals.push({ start, end });
    }
  }
  return merge(intervals);
}

export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const previous = merged.at(-1);
    if (previous && interval.start <= previous.end) previous.end = Math.max(previous.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Whether [start, end) lies inside one open interval. */
export function isOpen(hours: WorkingHours, timeZone: string, start: number, end: number): boolean {
  return openIntervals(hours, timeZone, start, end).some((open) => open.start <= start && open.end >= end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Slots of `minutes` starting on the slot grid inside the open intervals and clear of every busy one. */
export function freeSlots(open: Interval[], busy: Interval[], minutes: number): Interval[] {
  const length = minutes * 60_000;
  const slots: Interval[] = [];
  for (const interval of open) {
    for (let start = interval.start; start + length <= interval.end; start += length) {
      const slot = { start, end: start + length };
      if (!busy.some((period) => overlaps(period, slot))) slots.push(slot);
    }
  }
  return slots;
}
