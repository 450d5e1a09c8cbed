import type { CreateTenantRequest } from '@nuvatra/core';
import { type FormEvent, useState } from 'react';
import { useCreateTenant } from '../../hooks/admin.js';
import { TextField } from '../../ui/field.js';
import { ErrorMessage } from '../../ui/states.js';
import { TimeZoneField } from '../../ui/time-zone-field.js';

const empty = { name: '', slug: '', plan: '', ownerEmail: '', ownerUserId: '', phoneNumber: '', timezone: '' };
type Draft = typeof empty;

/** "Sunrise Dental" → "sunrise-dental": the slug most people would type, until they type their own. */
function toSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-');
  return slug
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

function toRequest({ name, slug, ...optional }: Draft): CreateTenantRequest {
  const filled = Object.entries(optional).filter(([, value]) => value.trim() !== '');
  return {
    name: name.trim(),
    slug: slug.trim(),
    ...Object.fromEntries(filled.map(([key, value]) => [key, value.trim()])),
  };
}

/** Creates a tenant from the template, registers its number and invites (or adds) its owner. */
export function CreateTenantForm() {
  const create = useCreateTenant();
  const [draft, setDraft] = useState(empty);
  const [slugEdited, setSlugEdited] = useState(false);
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (value: string) => setDraft({ ...draft, [key]: value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(toRequest(draft), {
      onSuccess: () => {
        setDraft(empty);
        setSlugEdited(false);
      },
    });
  };
  const created = create.isSuccess ? create.data : undefined;
  return (
    <form className="nv-admin-create" aria-label="Create a tenant" onSubmit={submit}>
      <h3 className="nv-admin-create__title">Create a tenant</h3>
      <div className="nv-form-row">
        <TextField
          label="Name"
          required
          maxLength={200}
          value={draft.name}
          onChange={(name) => setDraft({ ...draft, name, slug: slugEdited ? draft.slug : toSlug(name) })}
        />
        <TextField
          label="Slug"
          hint="Lowercase letters, digits and inner hyphens; used in URLs."
          required
          maxLength={63}
          value={draft.slug}
          onChange={(slug) => {
            setSlugEdited(true);
            setDraft({ ...draft, slug });
          }}
        />
        <TextField label="Plan" hint="Leave blank for the default plan." maxLength={64} {...field('plan')} />
      </div>
      <div className="nv-form-row">
        <TextField
          label="Owner email"
          type="email"
          hint="Sends them an invitation (needs Clerk)."
          {...field('ownerEmail')}
        />
        <TextField
          label="Owner user id"
          hint="Or: adds an existing user as the owner at once."
          {...field('ownerUserId')}
        />
      </div>
      <div className="nv-form-row">
        <TextField
          label="Phone number"
          type="tel"
          hint="Its own number, such as +1 555 010 0001."
          {...field('phoneNumber')}
        />
        <TimeZoneField emptyLabel="The template's time zone" {...field('timezone')} />
      </div>
      <button type="submit" className="nv-button nv-button--primary" disabled={create.isPending}>
        Create tenant
      </button>
      <p className="nv-success" role="status">
        {created ? `Created ${created.tenant.name}.${invitationNote(created.invitation)}` : ''}
      </p>
      {create.error ? <ErrorMessage error={create.error} title="Could not create the tenant." /> : null}
    </form>
  );
}

/** What became of the owner's invitation: sent, or queued for the worker to send (and retry). */
function invitationNote(invitation: { email: string; status: 'sent' | 'queued' } | null): string {
  if (!invitation) return '';
  return invitation.status === 'queued'
    ? ` The invitation to ${invitation.email} will be sent in the background.`
    : ` Invitation sent to ${invitation.email}.`;
}
