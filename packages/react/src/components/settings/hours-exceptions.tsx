import { CheckboxField, TextField } from '../../ui/field.js';
import { defaultRange, type TimeRange, TimeRanges } from './time-ranges.js';

export interface ExceptionDraft {
  date: string;
  closed: boolean;
  ranges: TimeRange[];
  note: string;
}

/** Days that differ from the weekly hours: holidays, or shorter and longer days. */
export function HoursExceptions({
  exceptions,
  onChange,
}: {
  exceptions: ExceptionDraft[];
  onChange: (exceptions: ExceptionDraft[]) => void;
}) {
  const set = (index: number, changes: Partial<ExceptionDraft>) =>
    onChange(exceptions.map((other, at) => (at === index ? { ...other, ...changes } : other)));
  return (
    <fieldset className="nv-fieldset nv-hours-exceptions">
      <legend className="nv-fieldset__legend">Exceptions</legend>
      {exceptions.length === 0 ? <p className="nv-field__hint">No exceptions: every week is the same.</p> : null}
      {exceptions.map((exception, index) => {
        const name = exception.date || `exception ${index + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a new exception has no date yet to key it by
          <fieldset key={index} className="nv-fieldset nv-hours-exception">
            <legend className="nv-fieldset__legend">{exception.date || `New exception ${index + 1}`}</legend>
            <div className="nv-form-row">
              <TextField
                label="Date"
                type="date"
                required
                value={exception.date}
                onChange={(date) => set(index, { date })}
              />
              <TextField
                label="Note"
                hint="Optional, such as “Public holiday”."
                maxLength={200}
                value={exception.note}
                onChange={(note) => set(index, { note })}
              />
            </div>
            <CheckboxField
              label="Closed all day"
              checked={exception.closed}
              onChange={(closed) =>
                set(index, {
                  closed,
                  ranges: !closed && exception.ranges.length === 0 ? [defaultRange] : exception.ranges,
                })
              }
            />
            {exception.closed ? null : (
              <TimeRanges context={name} ranges={exception.ranges} onChange={(ranges) => set(index, { ranges })} />
            )}
            <button
              type="button"
              className="nv-button nv-button--danger"
              onClick={() => onChange(exceptions.filter((_, at) => at !== index))}
            >
              Remove <span className="nv-visually-hidden">{name}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="nv-button"
        onClick={() => onChange([...exceptions, { date: '', closed: true, ranges: [], note: '' }])}
      >
        Add an exception
      </button>
    </fieldset>
  );
}
