import type { PhoneNumber } from '@nuvatra/core';
import { usePhoneNumbers, useRemovePhoneNumber } from '../../hooks/dashboard.js';
import { ConfirmAction } from '../../ui/confirm-action.js';
import { formatPhoneNumber } from '../../ui/format.js';
import { ErrorMessage, Panel, QueryState } from '../../ui/states.js';
import { PhoneNumberForm } from './phone-number-form.js';
import { phoneNumberKindLabels } from './phone-number-kinds.js';

/** The tenant's own numbers and forwarding lines, with a form to add one. */
export function PhoneNumbers() {
  const numbers = usePhoneNumbers();
  return (
    <Panel title="Phone numbers" className="nv-phone-numbers">
      <QueryState
        query={numbers}
        loading="Loading phone numbers…"
        isEmpty={(data) => data.items.length === 0}
        empty="No numbers yet: add the number callers dial below."
      >
        {(data) => (
          <table className="nv-table">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Kind</th>
                <th scope="col">Provider</th>
                <th scope="col">Label</th>
                <th scope="col">
                  <span className="nv-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((number) => (
                <PhoneNumberRow key={number.id} number={number} />
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <PhoneNumberForm />
    </Panel>
  );
}

function PhoneNumberRow({ number }: { number: PhoneNumber }) {
  const remove = useRemovePhoneNumber();
  const shown = formatPhoneNumber(number.e164);
  return (
    <tr>
      <td className="nv-phone-numbers__number">{shown}</td>
      <td>{phoneNumberKindLabels[number.kind]}</td>
      <td>{number.provider ?? '—'}</td>
      <td>{number.label ?? '—'}</td>
      <td>
        <ConfirmAction
          label={
            <>
              Remove <span className="nv-visually-hidden">{shown}</span>
            </>
          }
          question={`Remove ${shown}? Calls to it will no longer reach the assistant.`}
          confirmLabel="Yes, remove"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate(number.id)}
        />
        {remove.error ? <ErrorMessage error={remove.error} title={`Could not remove ${shown}.`} /> : null}
      </td>
    </tr>
  );
}
