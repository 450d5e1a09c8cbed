import type { WorkingHours } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { freeSlots, isOpen, openIntervals } from './hours.js';
import { outsideHoursSentence, weeklyHoursSentence } from './speech.js';
import { fromLocal, toLocal } from './zone.js';

const hours: WorkingHours = {
  weekly: {
    mon: [{ open: '09:00', close: '17:00' }],
    tue: [{ open: '09:00', close: '17:00' }],
    wed: [{ open: '09:00', close: '12:00' }],
    sat: [{ open: '08:00', close: '12:00' }],
  },
  exceptions: [
    { date: '2031-03-10', closed: true, ranges: [], note: 'Staff training' },
    { date: '2031-03-11', closed: false, ranges: [{ open: '13:00', close: '15:00' }] },
  ],
};
const zone = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('working hours in the tenant zone', () => {
  it('turns wall-clock times into instants on both sides of a daylight-saving change', () => {
    // New York moves from UTC-5 to UTC-4 on Sunday 9 March 2031.
    expect(new Date(fromLocal('2031-03-08', 9 * 60, zone)).toISOString()).toBe('2031-03-08T14:00:00.000Z');
    expect(new Date(fromLocal('2031-03-10', 9 * 60, zone)).toISOString()).toBe('2031-03-10T13:00:00.000Z');
    expect(toLocal(at('2031-03-10T13:00:00Z'), zone)).toEqual({ date: '2031-03-10', minutes: 540 });
    expect(new Date(fromLocal('2031-07-01', 0, 'Asia/Kolkata')).toISOString()).toBe('2031-06-30T18:30:00.000Z');
  });

  it('answers the open intervals of a week, with closed and special days', () => {
    const open = openIntervals(hours, zone, at('2031-03-09T00:00:00-05:00'), at('2031-03-13T00:00:00-04:00'));
    expect(open.map(({ start, end }) => [new Date(start).toISOString(), new Date(end).toISOString()])).toEqual([
      ['2031-03-11T17:00:00.000Z', '2031-03-11T19:00:00.000Z'],
      ['2031-03-12T13:00:00.000Z', '2031-03-12T16:00:00.000Z'],
    ]);
    expect(isOpen(hours, zone, at('2031-03-11T13:30:00-04:00'), at('2031-03-11T14:00:00-04:00'))).toBe(true);
    expect(isOpen(hours, zone, at('2031-03-11T14:30:00-04:00'), at('2031-03-11T15:30:00-04:00'))).toBe(false);
  });

  it('offers slots on the grid clear of busy times', () => {
    const open = [{ start: at('2031-03-12T13:00:00Z'), end: at('2031-03-12T15:00:00Z') }];
    const busy = [{ start: at('2031-03-12T13:15:00Z'), end: at('2031-03-12T14:00:00Z') }];
    expect(freeSlots(open, busy, 30).map((slot) => new Date(slot.start).toISOString())).toEqual([
      '2031-03-12T14:00:00.000Z',
      '2031-03-12T14:30:00.000Z',
    ]);
  });

  it('says the hours the way a receptionist would', () => {
    expect(weeklyHoursSentence(hours)).toBe(
      'we are open Monday to Tuesday 9:00 to 17:00, Wednesday 9:00 to 12:00 and Saturday 8:00 to 12:00',
    );
    expect(outsideHoursSentence(hours, zone, at('2031-03-10T10:00:00-04:00'))).toBe(
      'That time is outside our opening hours: we are open Monday to Tuesday 9:00 to 17:00, Wednesday 9:00 to 12:00 and Saturday 8:00 to 12:00. We are closed on Monday 10 March (Staff training).',
    );
  });
});
