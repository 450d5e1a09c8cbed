import { SelectField, TextField } from '../../ui/field.js';
import type { ProfileDraft } from './profile-draft.js';

type VoiceAgent = ProfileDraft['voiceAgent'];

const providerOptions = [
  { value: 'vapi', label: 'Vapi' },
  { value: 'telnyx', label: 'Telnyx' },
] as const;

/** Which voice AI answers and how it sounds; blank fields use the provider's defaults. */
export function VoiceAgentFields({ agent, onChange }: { agent: VoiceAgent; onChange: (agent: VoiceAgent) => void }) {
  const field = (key: Exclude<keyof VoiceAgent, 'provider'>) => ({
    value: agent[key],
    maxLength: 200,
    onChange: (value: string) => onChange({ ...agent, [key]: value }),
  });
  return (
    <fieldset className="nv-fieldset nv-profile__voice">
      <legend className="nv-fieldset__legend">Voice agent</legend>
      <div className="nv-form-row">
        <SelectField
          label="Voice AI provider"
          value={agent.provider}
          options={providerOptions}
          onChange={(provider) => onChange({ ...agent, provider })}
        />
        <TextField label="Voice provider" hint="Such as “11labs”." {...field('voiceProvider')} />
        <TextField label="Voice id" hint="The voice provider's id for the voice." {...field('voiceId')} />
      </div>
      <div className="nv-form-row">
        <TextField label="Model" hint="Such as “gpt-4o”." {...field('model')} />
        <TextField
          label="Assistant id"
          hint="A provider-side assistant to use instead of one built from this profile."
          {...field('assistantId')}
        />
      </div>
    </fieldset>
  );
}
