import type { Profile } from '@nuvatra/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { isNuvatraApiError } from '../../client/errors.js';
import { useProfile, useSaveProfile } from '../../hooks/dashboard.js';
import { ErrorMessage, Loading, Panel } from '../../ui/states.js';
import { TimeZoneField } from '../../ui/time-zone-field.js';
import { BusinessFields } from './business-fields.js';
import { LanguageFields } from './language-fields.js';
import { toProfileDraft, toProfileInput } from './profile-draft.js';
import { ServiceFields } from './service-fields.js';
import { VoiceAgentFields } from './voice-agent-fields.js';

/** The business profile the assistant speaks from; a tenant without one gets an empty form to create it. */
export function ProfileForm() {
  const profile = useProfile();
  // 404 is the API's "no profile yet": the answer is a form to create one, not an error.
  const missing = isNuvatraApiError(profile.error) && profile.error.status === 404;
  let body: ReactNode;
  if (profile.isPending) body = <Loading label="Loading the profile…" />;
  else if (profile.data || missing) body = <ProfileEditor saved={profile.data} />;
  else body = <ErrorMessage error={profile.error} title="Could not load the profile." />;
  return (
    <Panel title="Business profile" className="nv-profile">
      {body}
    </Panel>
  );
}

// Stays mounted when a created profile comes back from the server, so the confirmation stays on screen.
function ProfileEditor({ saved }: { saved: Profile | undefined }) {
  const save = useSaveProfile();
  const creating = saved === undefined;
  const [draft, setDraft] = useState(() => toProfileDraft(saved));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toProfileInput(draft, saved));
  };
  return (
    <form className="nv-profile__form" aria-label="Business profile" onSubmit={submit}>
      {creating ? (
        <p className="nv-profile__intro">
          There is no profile yet. Fill in at least the business name and time zone to create it.
        </p>
      ) : null}
      <BusinessFields business={draft.business} onChange={(business) => setDraft({ ...draft, business })} />
      {creating ? (
        <TimeZoneField value={draft.timezone} onChange={(timezone) => setDraft({ ...draft, timezone })} />
      ) : null}
      <LanguageFields
        languages={draft.languages}
        greeting={draft.greeting}
        onChange={(languages, greeting) => setDraft({ ...draft, languages, greeting })}
      />
      <ServiceFields services={draft.services} onChange={(services) => setDraft({ ...draft, services })} />
      <VoiceAgentFields agent={draft.voiceAgent} onChange={(voiceAgent) => setDraft({ ...draft, voiceAgent })} />
      <button type="submit" className="nv-button nv-button--primary" disabled={save.isPending}>
        {creating ? 'Create profile' : 'Save profile'}
      </button>
      <p className="nv-success" role="status">
        {save.isSuccess ? 'Profile saved.' : ''}
      </p>
      {save.error ? <ErrorMessage error={save.error} title="Could not save the profile." /> : null}
    </form>
  );
}
