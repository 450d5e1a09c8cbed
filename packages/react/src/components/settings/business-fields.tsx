import { TextAreaField, TextField } from '../../ui/field.js';
import type { ProfileDraft } from './profile-draft.js';

type Business = ProfileDraft['business'];

/** Who the assistant answers for: it says the name and draws on the rest when callers ask. */
export function BusinessFields({ business, onChange }: { business: Business; onChange: (business: Business) => void }) {
  const field = (key: keyof Business) => ({
    value: business[key],
    onChange: (value: string) => onChange({ ...business, [key]: value }),
  });
  return (
    <fieldset className="nv-fieldset nv-profile__business">
      <legend className="nv-fieldset__legend">Business</legend>
      <TextField label="Business name" required maxLength={200} autoComplete="organization" {...field('name')} />
      <TextAreaField
        label="Description"
        hint="What the business does, in a few sentences the assistant can repeat."
        maxLength={4000}
        {...field('description')}
      />
      <div className="nv-form-row">
        <TextField label="Industry" hint="Such as “dental clinic”." maxLength={100} {...field('industry')} />
        <TextField label="Website" type="url" hint="https://…" {...field('website')} />
      </div>
      <TextField label="Address" maxLength={500} autoComplete="street-address" {...field('address')} />
      <div className="nv-form-row">
        <TextField label="Email" type="email" autoComplete="email" {...field('email')} />
        <TextField label="Phone" type="tel" hint="In international form, such as +15551234567." {...field('phone')} />
      </div>
    </fieldset>
  );
}
