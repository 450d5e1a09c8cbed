import type { Tenant } from '@nuvatra/core';
import { useTenants } from '../../hooks/admin.js';
import { Empty, Panel, QueryState } from '../../ui/states.js';
import { CreateTenantForm } from './create-tenant-form.js';
import { TenantRow } from './tenant-row.js';

export interface AdminTenantsProps {
  /** Called after impersonation started, e.g. to navigate to the dashboard of `tenant`. */
  onImpersonate?: (tenant: Tenant) => void;
}

/** For global admins: every tenant, with creating, suspending, inviting and impersonating. */
export function AdminTenants({ onImpersonate }: AdminTenantsProps) {
  const tenants = useTenants();
  return (
    <Panel title="Tenants" className="nv-admin-tenants">
      {/* A signed-in user who is not a global admin gets the API's 403 message here. */}
      <QueryState query={tenants} loading="Loading tenants…">
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          return (
            <>
              {items.length === 0 ? (
                <Empty>No tenants yet: create the first one below.</Empty>
              ) : (
                <table className="nv-table nv-admin-tenants__table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Slug</th>
                      <th scope="col">Status</th>
                      <th scope="col">Plan</th>
                      <th scope="col">Created</th>
                      <th scope="col">
                        <span className="nv-visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((tenant) => (
                      <TenantRow key={tenant.id} tenant={tenant} onImpersonate={onImpersonate} />
                    ))}
                  </tbody>
                </table>
              )}
              {tenants.hasNextPage ? (
                <button
                  type="button"
                  className="nv-button"
                  disabled={tenants.isFetchingNextPage}
                  onClick={() => tenants.fetchNextPage()}
                >
                  Load more tenants
                </button>
              ) : null}
              <CreateTenantForm />
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}
