import { type FormEvent, useId, useState } from 'react';
import type { CallFilter } from '../../hooks/dashboard.js';
import { type CallFilterValues, noCallFilters } from './day-window.js';

const statuses = [
  'completed',
  'in-progress',
  'ringing',
  'queued',
  'no-answer',
  'busy',
  'failed',
  'canceled',
] as const satisfies readonly NonNullable<CallFilter['status']>[];

/** The call log's filters; they apply on submit, so typing an outcome does not fetch on every keystroke. */
export function CallFilters({ onApply }: { onApply: (values: CallFilterValues) => void }) {
  const [draft, setDraft] = useState<CallFilterValues>(noCallFilters);
  const id = useId();
  // Widened to string: the status select only offers `statuses`, so what it sets still fits the union.
  const set = (name: keyof CallFilterValues) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    setDraft(noCallFilters);
    onApply(noCallFilters);
  };
  return (
    <form className="nv-call-filters nv-form-row" aria-label="Filter calls" onSubmit={submit}>
      <div className="nv-field">
        <label className="nv-field__label" htmlFor={`${id}-from`}>
          From
        </label>
        <input id={`${id}-from`} className="nv-input" type="date" value={draft.fromDay} onChange={set('fromDay')} />
      </div>
      <div className="nv-field">
        <label className="nv-field__label" htmlFor={`${id}-to`}>
          To
        </label>
        <input id={`${id}-to`} className="nv-input" type="date" value={draft.toDay} onChange={set('toDay')} />
      </div>
      <div className="nv-field">
        <label className="nv-field__label" htmlFor={`${id}-outcome`}>
          Outcome
        </label>
        <input
          id={`${id}-outcome`}
          className="nv-input"
          type="text"
          placeholder="e.g. booked"
          value={draft.outcome}
          onChange={set('outcome')}
        />
      </div>
      <div className="nv-field">
        <label className="nv-field__label" htmlFor={`${id}-status`}>
          Status
        </label>
        <select id={`${id}-status`} className="nv-select" value={draft.status} onChange={set('status')}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <div className="nv-call-filters__actions">
        <button type="submit" className="nv-button nv-button--primary">
          Apply filters
        </button>
        <button type="button" className="nv-button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
