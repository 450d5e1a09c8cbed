import { type FormEvent, useState } from 'react';
import { useCreateIntent, useIntents } from '../../hooks/dashboard.js';
import { TextField } from '../../ui/field.js';
import { ErrorMessage, Panel, QueryState } from '../../ui/states.js';
import { IntentForm } from './intent-form.js';

/** The tenant's intents: what callers ask for, with example phrases and the assistant's answer per language. */
export function IntentsEditor() {
  const intents = useIntents();
  return (
    <Panel title="Intents" className="nv-intents">
      <QueryState
        query={intents}
        loading="Loading intents…"
        isEmpty={(data) => data.items.length === 0}
        empty="No intents yet: add the first one below."
      >
        {(data) => (
          <div className="nv-intents__list">
            {data.items.map((intent) => (
              <IntentForm key={intent.id} intent={intent} />
            ))}
          </div>
        )}
      </QueryState>
      <NewIntentForm />
    </Panel>
  );
}

function NewIntentForm() {
  const create = useCreateIntent();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };
  return (
    <form className="nv-intents__new" aria-label="New intent" onSubmit={submit}>
      <div className="nv-form-row">
        <TextField
          label="New intent name"
          hint='Lowercase letters, digits and "_", such as "book_appointment".'
          value={name}
          required
          maxLength={64}
          onChange={setName}
        />
        <button type="submit" className="nv-button nv-button--primary" disabled={create.isPending}>
          Add intent
        </button>
      </div>
      <p className="nv-success" role="status">
        {create.data && create.isSuccess ? `Added ${create.data.name}.` : ''}
      </p>
      {create.error ? <ErrorMessage error={create.error} title="Could not add the intent." /> : null}
    </form>
  );
}
