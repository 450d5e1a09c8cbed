import type { WorkingHoursSettings } from '@nuvatra/core';
import { type FormEvent, useState } from 'react';
import { isNuvatraApiError } from '../../client/errors.js';
import { useSaveWorkingHours, useWorkingHours } from '../../hooks/dashboard.js';
import { Empty, ErrorMessage, Panel, QueryState } from '../../ui/states.js';
import { TimeZoneField } from '../../ui/time-zone-field.js';
import { type ExceptionDraft, HoursExceptions } from './hours-exceptions.js';
import { type WeeklyDraft, WeeklySchedule, weekdays } from './weekly-schedule.js';
import { ZoneClock } from './zone-clock.js';

/** The weekly opening hours, the exceptions to them and the time zone they are in. */
export function WorkingHoursEditor() {
  const hours = useWorkingHours();
  // The API keeps the hours in the profile; without one it answers 404, which is a next step, not a failure.
  const noProfile = isNuvatraApiError(hours.error) && hours.error.status === 404;
  return (
    <Panel title="Working hours" className="nv-working-hours">
      {noProfile ? (
        <Empty>
          There is no business profile yet, and the working hours belong to it. Create the profile first (it sets the
          time zone), then set the hours here.
        </Empty>
      ) : (
        <QueryState query={hours} loading="Loading working hours…">
          {(data) => <WorkingHoursForm initial={data} />}
        </QueryState>
      )}
    </Panel>
  );
}

function toWeekly({ workingHours }: WorkingHoursSettings): WeeklyDraft {
  const entries = weekdays.map((day) => {
    const ranges = workingHours.weekly[day] ?? [];
    return [day, { open: ranges.length > 0, ranges }] as const;
  });
  return Object.fromEntries(entries) as WeeklyDraft;
}

function toSettings(timezone: string, week: WeeklyDraft, exceptions: ExceptionDraft[]): WorkingHoursSettings {
  const open = weekdays.filter((day) => week[day].open && week[day].ranges.length > 0);
  return {
    timezone,
    workingHours: {
      weekly: Object.fromEntries(open.map((day) => [day, week[day].ranges])),
      exceptions: exceptions.map(({ date, closed, ranges, note }) => ({
        date,
        closed,
        ranges: closed ? [] : ranges,
        ...(note.trim() ? { note: note.trim() } : {}),
      })),
    },
  };
}

function WorkingHoursForm({ initial }: { initial: WorkingHoursSettings }) {
  const save = useSaveWorkingHours();
  const [timezone, setTimezone] = useState(initial.timezone);
  const [week, setWeek] = useState(() => toWeekly(initial));
  const [exceptions, setExceptions] = useState<ExceptionDraft[]>(() =>
    initial.workingHours.exceptions.map((exception) => ({ ...exception, note: exception.note ?? '' })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toSettings(timezone, week, exceptions));
  };
  return (
    <form className="nv-working-hours__form" aria-label="Working hours" onSubmit={submit}>
      <TimeZoneField value={timezone} onChange={setTimezone} />
      <ZoneClock zone={timezone} />
      <WeeklySchedule week={week} onChange={setWeek} />
      <HoursExceptions exceptions={exceptions} onChange={setExceptions} />
      <button type="submit" className="nv-button nv-button--primary" disabled={save.isPending}>
        Save working hours
      </button>
      <p className="nv-success" role="status">
        {save.isSuccess ? 'Working hours saved.' : ''}
      </p>
      {save.error ? <ErrorMessage error={save.error} title="Could not save the working hours." /> : null}
    </form>
  );
}
