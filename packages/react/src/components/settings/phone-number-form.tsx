import type { PhoneNumberKind, Provider } from '@nuvatra/core';
import { type FormEvent, useState } from 'react';
import { useAddPhoneNumber } from '../../hooks/dashboard.js';
import { SelectField, TextField } from '../../ui/field.js';
import { formatPhoneNumber } from '../../ui/format.js';
import { ErrorMessage } from '../../ui/states.js';
import { phoneNumberKindLabels } from './phone-number-kinds.js';

const kindOptions = (['owned', 'forwarding'] as const).map((kind) => ({
  value: kind,
  label: phoneNumberKindLabels[kind],
}));

// Only telephony providers carry calls; the other providers Nuvatra knows (auth, calendars) never own a number.
const providerOptions: { value: Provider | ''; label: string }[] = [
  { value: '', label: 'Not set' },
  { value: 'twilio', label: 'Twilio' },
  { value: 'telnyx', label: 'Telnyx' },
  { value: 'vapi', label: 'Vapi' },
  { value: 'other', label: 'Other' },
];

/** Adds a number as the person types it; the API normalises it and says plainly when another tenant has it. */
export function PhoneNumberForm() {
  const add = useAddPhoneNumber();
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<PhoneNumberKind>('owned');
  const [provider, setProvider] = useState<Provider | ''>('');
  const [label, setLabel] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        number: number.trim(),
        kind,
        ...(kind === 'owned' && provider ? { provider } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      },
      {
        onSuccess: () => {
          setNumber('');
          setLabel('');
        },
      },
    );
  };

  return (
    <form className="nv-phone-numbers__form" aria-label="Add a phone number" onSubmit={submit}>
      <div className="nv-form-row">
        <TextField
          label="Number"
          hint="As you would dial it from abroad, such as +1 555 010 0001."
          type="tel"
          autoComplete="off"
          required
          maxLength={64}
          value={number}
          onChange={setNumber}
        />
        <SelectField label="Kind" value={kind} options={kindOptions} onChange={setKind} />
        {kind === 'owned' ? (
          <SelectField label="Provider" value={provider} options={providerOptions} onChange={setProvider} />
        ) : null}
        <TextField
          label="Label"
          hint="Optional, such as “Front desk”."
          maxLength={200}
          value={label}
          onChange={setLabel}
        />
        <button type="submit" className="nv-button nv-button--primary" disabled={add.isPending}>
          Add number
        </button>
      </div>
      <p className="nv-success" role="status">
        {add.data && add.isSuccess ? `Added ${formatPhoneNumber(add.data.e164)}.` : ''}
      </p>
      {add.error ? <ErrorMessage error={add.error} title="Could not add the number." /> : null}
    </form>
  );
}
