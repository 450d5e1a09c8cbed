import type { Tenant } from '@nuvatra/core';
import { useId, useState } from 'react';
import { useUpdateTenant } from '../../hooks/admin.js';
import { useImpersonation } from '../../provider/provider.js';
import { ConfirmAction } from '../../ui/confirm-action.js';
import { formatDateTime } from '../../ui/format.js';
import { ErrorMessage } from '../../ui/states.js';
import { InviteForm } from './invite-form.js';

const columns = 6;

export function TenantRow({ tenant, onImpersonate }: { tenant: Tenant; onImpersonate?: (tenant: Tenant) => void }) {
  const update = useUpdateTenant();
  const impersonation = useImpersonation();
  const [inviting, setInviting] = useState(false);
  const inviteRowId = useId();
  const suspended = tenant.status === 'suspended';
  const who = (
    <>
      {' '}
      <span className="nv-visually-hidden">{tenant.name}</span>
    </>
  );
  return (
    <>
      <tr>
        <th scope="row">{tenant.name}</th>
        <td>
          <code>{tenant.slug}</code>
        </td>
        <td>
          <span className={`nv-badge nv-badge--${tenant.status}`}>{suspended ? 'Suspended' : 'Active'}</span>
        </td>
        <td>{tenant.plan}</td>
        <td>{formatDateTime(tenant.createdAt)}</td>
        <td>
          <div className="nv-admin-tenants__actions">
            <button
              type="button"
              className="nv-button"
              onClick={() => {
                impersonation.start(tenant.id);
                onImpersonate?.(tenant);
              }}
            >
              Impersonate{who}
            </button>
            <ConfirmAction
              label={
                <>
                  {suspended ? 'Reactivate' : 'Suspend'}
                  {who}
                </>
              }
              question={
                suspended
                  ? `Reactivate ${tenant.name}? Its assistant answers calls again.`
                  : `Suspend ${tenant.name}? Its assistant stops answering calls and its users are locked out.`
              }
              confirmLabel={suspended ? 'Yes, reactivate' : 'Yes, suspend'}
              tone={suspended ? 'neutral' : 'danger'}
              disabled={update.isPending}
              onConfirm={() =>
                update.mutate({ id: tenant.id, changes: { status: suspended ? 'active' : 'suspended' } })
              }
            />
            <button
              type="button"
              className="nv-button"
              aria-expanded={inviting}
              aria-controls={inviting ? inviteRowId : undefined}
              onClick={() => setInviting(!inviting)}
            >
              Invite <span className="nv-visually-hidden">to {tenant.name}</span>
            </button>
          </div>
          {update.error ? <ErrorMessage error={update.error} title={`Could not change ${tenant.name}.`} /> : null}
        </td>
      </tr>
      {inviting ? (
        <tr id={inviteRowId} className="nv-admin-tenants__invite-row">
          <td colSpan={columns}>
            <InviteForm tenant={tenant} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
