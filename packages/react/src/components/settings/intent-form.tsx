import type { Intent, UpdateIntentInput } from '@nuvatra/core';
import { type FormEvent, useId, useState } from 'react';
import { useDeleteIntent, useUpdateIntent } from '../../hooks/dashboard.js';
import { ConfirmAction } from '../../ui/confirm-action.js';
import { CheckboxField, TextAreaField, TextField } from '../../ui/field.js';
import { ErrorMessage } from '../../ui/states.js';
import { IntentLanguage, type IntentLanguageDraft } from './intent-language.js';

function toDrafts(intent: Intent): IntentLanguageDraft[] {
  const languages = new Set([...Object.keys(intent.examplePhrases), ...Object.keys(intent.responses)]);
  return [...languages].map((language) => ({
    language,
    phrases: intent.examplePhrases[language] ?? [],
    response: intent.responses[language] ?? '',
  }));
}

// The API refuses empty phrases and responses, and a half-typed row is not meant to be kept.
function fromDrafts(drafts: IntentLanguageDraft[]): Pick<UpdateIntentInput, 'examplePhrases' | 'responses'> {
  const examplePhrases: Record<string, string[]> = {};
  const responses: Record<string, string> = {};
  for (const { language, phrases, response } of drafts) {
    examplePhrases[language] = phrases.map((phrase) => phrase.trim()).filter(Boolean);
    if (response.trim()) responses[language] = response.trim();
  }
  return { examplePhrases, responses };
}

/** One intent: its description, whether it is on, and its phrases and response per language. */
export function IntentForm({ intent }: { intent: Intent }) {
  const headingId = useId();
  const update = useUpdateIntent();
  const remove = useDeleteIntent();
  const [description, setDescription] = useState(intent.description);
  const [enabled, setEnabled] = useState(intent.enabled);
  const [drafts, setDrafts] = useState(() => toDrafts(intent));
  const [newLanguage, setNewLanguage] = useState('');
  const tag = newLanguage.trim();
  const canAddLanguage = tag !== '' && !drafts.some((draft) => draft.language === tag);

  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: intent.id, changes: { description, enabled, ...fromDrafts(drafts) } });
  };
  const addLanguage = () => {
    if (!canAddLanguage) return;
    setDrafts([...drafts, { language: tag, phrases: [''], response: '' }]);
    setNewLanguage('');
  };

  return (
    <form className="nv-intent" aria-labelledby={headingId} onSubmit={save}>
      <h3 className="nv-intent__name" id={headingId}>
        {intent.name}
      </h3>
      <TextAreaField label="Description" value={description} maxLength={2000} onChange={setDescription} />
      <CheckboxField label="Enabled: the assistant recognises this intent" checked={enabled} onChange={setEnabled} />
      {drafts.map((draft, index) => (
        <IntentLanguage
          key={draft.language}
          draft={draft}
          onChange={(next) => setDrafts(drafts.map((other, at) => (at === index ? next : other)))}
          onRemove={() => setDrafts(drafts.filter((_, at) => at !== index))}
        />
      ))}
      <div className="nv-form-row">
        <TextField
          label="New language"
          hint='A language tag such as "en" or "es-MX".'
          value={newLanguage}
          onChange={setNewLanguage}
          onKeyDown={(event) => {
            // Enter here adds the language; it must not save the whole intent half-edited.
            if (event.key === 'Enter') {
              event.preventDefault();
              addLanguage();
            }
          }}
        />
        <button type="button" className="nv-button" disabled={!canAddLanguage} onClick={addLanguage}>
          Add language
        </button>
      </div>
      <div className="nv-form-row nv-intent__actions">
        <button type="submit" className="nv-button nv-button--primary" disabled={update.isPending}>
          Save <span className="nv-visually-hidden">{intent.name}</span>
        </button>
        <ConfirmAction
          label={
            <>
              Delete <span className="nv-visually-hidden">{intent.name}</span>
            </>
          }
          question={`Delete the intent ${intent.name}? Calls will no longer be matched to it.`}
          confirmLabel="Yes, delete"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate(intent.id)}
        />
      </div>
      <p className="nv-success" role="status">
        {update.isSuccess ? `Saved ${intent.name}.` : ''}
      </p>
      {update.error ? <ErrorMessage error={update.error} title="Could not save this intent." /> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="Could not delete this intent." /> : null}
    </form>
  );
}
