import { TextField } from '../../ui/field.js';

export interface TimeRange {
  open: string;
  close: string;
}

/** A new range starts at ordinary office hours, which is what most people then type anyway. */
export const defaultRange: TimeRange = { open: '09:00', close: '17:00' };

/** One or more open–close ranges of a day, as `<input type="time">` pairs. */
export function TimeRanges({
  ranges,
  onChange,
  context,
}: {
  ranges: TimeRange[];
  onChange: (ranges: TimeRange[]) => void;
  /** Names the day the ranges belong to, for screen readers: "Monday". */
  context: string;
}) {
  const set = (index: number, range: TimeRange) => onChange(ranges.map((other, at) => (at === index ? range : other)));
  return (
    <div className="nv-time-ranges">
      {ranges.map((range, index) => {
        const prefix = <span className="nv-visually-hidden">{`${context}, hours ${index + 1}: `}</span>;
        return (
          // Ranges have no id of their own; position is what the person edits.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div key={index} className="nv-time-range">
            <TextField
              label={<>{prefix}Opens</>}
              type="time"
              required
              value={range.open}
              onChange={(open) => set(index, { ...range, open })}
            />
            <span className="nv-time-range__dash" aria-hidden="true">
              –
            </span>
            <TextField
              label={<>{prefix}Closes</>}
              type="time"
              required
              value={range.close}
              onChange={(close) => set(index, { ...range, close })}
            />
            <button
              type="button"
              className="nv-button"
              onClick={() => onChange(ranges.filter((_, at) => at !== index))}
            >
              Remove <span className="nv-visually-hidden">{`${context} hours ${index + 1}`}</span>
            </button>
          </div>
        );
      })}
      <button type="button" className="nv-button" onClick={() => onChange([...ranges, defaultRange])}>
        Add hours <span className="nv-visually-hidden">{`on ${context}`}</span>
      </button>
    </div>
  );
}
