import type { Weekday } from '@nuvatra/core';
import { CheckboxField } from '../../ui/field.js';
import { defaultRange, type TimeRange, TimeRanges } from './time-ranges.js';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** A closed day keeps its ranges in the form, so closing and reopening it by mistake loses nothing. */
export type WeeklyDraft = Record<Weekday, { open: boolean; ranges: TimeRange[] }>;

export function WeeklySchedule({ week, onChange }: { week: WeeklyDraft; onChange: (week: WeeklyDraft) => void }) {
  return (
    <fieldset className="nv-fieldset nv-weekly">
      <legend className="nv-fieldset__legend">Weekly hours</legend>
      {weekdays.map((day) => {
        const { open, ranges } = week[day];
        const name = dayNames[day];
        return (
          <fieldset key={day} className="nv-fieldset nv-weekday">
            <legend className="nv-fieldset__legend">{name}</legend>
            <CheckboxField
              label={`Open on ${name}`}
              checked={open}
              onChange={(checked) =>
                onChange({
                  ...week,
                  [day]: { open: checked, ranges: checked && ranges.length === 0 ? [defaultRange] : ranges },
                })
              }
            />
            {open ? (
              <TimeRanges
                context={name}
                ranges={ranges}
                onChange={(next) => onChange({ ...week, [day]: { open, ranges: next } })}
              />
            ) : (
              <p className="nv-weekday__closed">Closed</p>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
