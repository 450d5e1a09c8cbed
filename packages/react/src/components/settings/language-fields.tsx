import { useState } from 'react';
import { TextAreaField, TextField } from '../../ui/field.js';
import { languageName } from '../../ui/time-zone-field.js';

/** The languages the assistant speaks, each with the greeting it opens a call with. */
export function LanguageFields({
  languages,
  greeting,
  onChange,
}: {
  languages: string[];
  greeting: Record<string, string>;
  onChange: (languages: string[], greeting: Record<string, string>) => void;
}) {
  const [newLanguage, setNewLanguage] = useState('');
  const tag = newLanguage.trim();
  const canAdd = tag !== '' && !languages.includes(tag);
  const add = () => {
    if (!canAdd) return;
    onChange([...languages, tag], greeting);
    setNewLanguage('');
  };
  return (
    <fieldset className="nv-fieldset nv-profile__languages">
      <legend className="nv-fieldset__legend">Languages and greetings</legend>
      {languages.map((language) => (
        <fieldset key={language} className="nv-fieldset nv-profile__language">
          <legend className="nv-fieldset__legend">{languageName(language)}</legend>
          <TextAreaField
            label={`Greeting in ${languageName(language)}`}
            hint="The first thing callers hear."
            maxLength={1000}
            value={greeting[language] ?? ''}
            onChange={(text) => onChange(languages, { ...greeting, [language]: text })}
          />
          <button
            type="button"
            className="nv-button nv-button--danger"
            // The API needs at least one language to speak.
            disabled={languages.length === 1}
            onClick={() =>
              onChange(
                languages.filter((other) => other !== language),
                greeting,
              )
            }
          >
            Remove {languageName(language)}
          </button>
        </fieldset>
      ))}
      <div className="nv-form-row">
        <TextField
          label="Add a language"
          hint='A language tag such as "en" or "es-MX".'
          value={newLanguage}
          onChange={setNewLanguage}
          onKeyDown={(event) => {
            // Enter here adds the language; it must not submit the profile half-edited.
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="nv-button" disabled={!canAdd} onClick={add}>
          Add language
        </button>
      </div>
    </fieldset>
  );
}
