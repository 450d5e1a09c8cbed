import type { MemberRole, Tenant } from '@nuvatra/core';
import { type FormEvent, useState } from 'react';
import { useInviteToTenant } from '../../hooks/admin.js';
import { SelectField, TextField } from '../../ui/field.js';
import { ErrorMessage } from '../../ui/states.js';

const roleOptions: { value: MemberRole; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
];

/** Invites someone to one tenant; the auth provider (Clerk) sends the email. */
export function InviteForm({ tenant }: { tenant: Tenant }) {
  const invite = useInviteToTenant();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('owner');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ tenantId: tenant.id, email: email.trim(), role }, { onSuccess: () => setEmail('') });
  };
  return (
    <form className="nv-admin-invite" aria-label={`Invite to ${tenant.name}`} onSubmit={submit}>
      <div className="nv-form-row">
        <TextField label="Email" type="email" required autoComplete="off" value={email} onChange={setEmail} />
        <SelectField label="Role" value={role} options={roleOptions} onChange={setRole} />
        <button type="submit" className="nv-button nv-button--primary" disabled={invite.isPending}>
          Send invitation
        </button>
      </div>
      <p className="nv-success" role="status">
        {invite.data && invite.isSuccess ? `Invitation sent to ${invite.data.email}.` : ''}
      </p>
      {invite.error ? <ErrorMessage error={invite.error} title="Could not send the invitation." /> : null}
    </form>
  );
}
