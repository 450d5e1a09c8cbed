import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useId } from 'react';

// Every input in the settings and admin components is drawn through these, so each has a <label> tied to it by id
// and its hint read out with it (aria-describedby).

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
}

function Field({ label, hint, children }: FieldFrame & { children: (id: string, hintId?: string) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="nv-field">
      <label className="nv-field__label" htmlFor={id}>
        {label}
      </label>
      {children(id, hintId)}
      {hint ? (
        <span className="nv-field__hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type TextFieldProps = FieldFrame &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'> & {
    value: string;
    onChange: (value: string) => void;
  };

export function TextField({ label, hint, value, onChange, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint}>
      {(id, hintId) => (
        <input
          type="text"
          {...input}
          id={id}
          aria-describedby={hintId}
          className={`nv-input ${className ?? ''}`.trim()}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

type TextAreaFieldProps = FieldFrame &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id'> & {
    value: string;
    onChange: (value: string) => void;
  };

export function TextAreaField({ label, hint, value, onChange, ...textarea }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint}>
      {(id, hintId) => (
        <textarea
          {...textarea}
          id={id}
          aria-describedby={hintId}
          className="nv-textarea"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

type SelectFieldProps<T extends string> = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'id'> & {
    value: T;
    options: readonly { value: T; label: string }[];
    onChange: (value: T) => void;
  };

export function SelectField<T extends string>({
  label,
  hint,
  value,
  options,
  onChange,
  ...select
}: SelectFieldProps<T>) {
  return (
    <Field label={label} hint={hint}>
      {(id, hintId) => (
        <select
          {...select}
          id={id}
          aria-describedby={hintId}
          className="nv-select"
          value={value}
          // The options are exactly the values of T, so what the browser reports back is one of them.
          onChange={(event) => onChange(event.target.value as T)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox reads best with its label after it, so it does not use the column layout of the other fields. */
export function CheckboxField({
  label,
  checked,
  onChange,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="nv-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
