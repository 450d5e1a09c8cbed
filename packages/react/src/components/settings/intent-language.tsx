import { TextAreaField, TextField } from '../../ui/field.js';
import { languageName } from '../../ui/time-zone-field.js';

/** One language of an intent as the form edits it; empty phrases and an empty response are dropped on save. */
export interface IntentLanguageDraft {
  language: string;
  phrases: string[];
  response: string;
}

/** The example phrases and the response of an intent in one language. */
export function IntentLanguage({
  draft,
  onChange,
  onRemove,
}: {
  draft: IntentLanguageDraft;
  onChange: (draft: IntentLanguageDraft) => void;
  onRemove: () => void;
}) {
  const name = languageName(draft.language);
  const setPhrase = (index: number, text: string) =>
    onChange({ ...draft, phrases: draft.phrases.map((phrase, at) => (at === index ? text : phrase)) });
  return (
    <fieldset className="nv-fieldset nv-intent-language">
      <legend className="nv-fieldset__legend">{name}</legend>
      <ol className="nv-intent-language__phrases">
        {draft.phrases.map((phrase, index) => (
          // Phrases have no id of their own; position is what the person edits.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index} className="nv-intent-language__phrase">
            <TextField
              label={`Example phrase ${index + 1} in ${name}`}
              value={phrase}
              maxLength={500}
              onChange={(text) => setPhrase(index, text)}
            />
            <button
              type="button"
              className="nv-button"
              onClick={() => onChange({ ...draft, phrases: draft.phrases.filter((_, at) => at !== index) })}
            >
              Remove <span className="nv-visually-hidden">example phrase {index + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="nv-button"
        onClick={() => onChange({ ...draft, phrases: [...draft.phrases, ''] })}
      >
        Add a phrase <span className="nv-visually-hidden">in {name}</span>
      </button>
      <TextAreaField
        label={`Response in ${name}`}
        hint="What the assistant answers when a caller says something like the phrases above."
        value={draft.response}
        maxLength={4000}
        onChange={(response) => onChange({ ...draft, response })}
      />
      <button type="button" className="nv-button nv-button--danger" onClick={onRemove}>
        Remove {name}
      </button>
    </fieldset>
  );
}
