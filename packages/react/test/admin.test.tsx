import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminTenants, ImpersonationBanner } from '../src/components/admin/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

async function rowOf(name: string) {
  return within((await screen.findByRole('rowheader', { name })).closest('tr') as HTMLElement);
}
const createForm = () => within(screen.getByRole('form', { name: 'Create a tenant' }));

describe('AdminTenants', () => {
  it('lists every tenant with its slug, status and plan', async () => {
    renderSignedIn(api, 'admin', <AdminTenants />);
    const harbor = await rowOf('Harbor Bistro');
    expect(harbor.getByText('harbor-bistro')).toBeTruthy();
    expect(harbor.getByText('Active')).toBeTruthy();
    expect(harbor.getByText('free')).toBeTruthy();
    expect(await rowOf('Sunrise Dental')).toBeTruthy();
  });

  it('creates a tenant with an owner by user id, and shows it in the table', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminTenants />);
    await rowOf('Harbor Bistro');
    await user.type(createForm().getByRole('textbox', { name: 'Name' }), 'Maple Vet Clinic');
    expect((createForm().getByRole('textbox', { name: 'Slug' }) as HTMLInputElement).value).toBe('maple-vet-clinic');
    await user.type(createForm().getByRole('textbox', { name: 'Owner user id' }), 'carol');
    await user.type(createForm().getByRole('textbox', { name: 'Phone number' }), '+1 555 030 0003');
    await user.selectOptions(createForm().getByRole('combobox', { name: 'Time zone' }), 'America/Chicago');
    await user.click(createForm().getByRole('button', { name: 'Create tenant' }));

    expect(await createForm().findByText('Created Maple Vet Clinic.')).toBeTruthy();
    expect((await rowOf('Maple Vet Clinic')).getByText('maple-vet-clinic')).toBeTruthy();
    const { items } = await api.storage.tenants.list();
    const maple = items.find((tenant) => tenant.slug === 'maple-vet-clinic');
    expect(maple).toBeTruthy();
    const [owner, config] = await api.storage.withTenant(maple?.id ?? '', async (scope) => [
      await scope.members.get('carol'),
      await scope.config.get(),
    ]);
    expect(owner?.role).toBe('owner');
    expect(config?.timezone).toBe('America/Chicago');
  });

  it("shows the API's message when the new tenant's owner cannot be invited", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminTenants />);
    await rowOf('Harbor Bistro');
    await user.type(createForm().getByRole('textbox', { name: 'Name' }), 'Maple Vet Clinic');
    await user.type(createForm().getByRole('textbox', { name: 'Owner email' }), 'carol@maple.example');
    await user.click(createForm().getByRole('button', { name: 'Create tenant' }));

    expect((await createForm().findByRole('alert')).textContent).toContain('ownerEmail needs an auth provider');
    expect((await api.storage.tenants.list()).items).toHaveLength(2);
  });

  it('suspends a tenant once confirmed, and reactivates it', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminTenants />);
    await user.click((await rowOf('Harbor Bistro')).getByRole('button', { name: 'Suspend Harbor Bistro' }));
    await user.click((await rowOf('Harbor Bistro')).getByRole('button', { name: 'Yes, suspend' }));

    expect(await (await rowOf('Harbor Bistro')).findByText('Suspended')).toBeTruthy();
    expect((await api.storage.tenants.get(api.tenants.harbor))?.status).toBe('suspended');
    expect((await rowOf('Sunrise Dental')).getByText('Active')).toBeTruthy();

    await user.click((await rowOf('Harbor Bistro')).getByRole('button', { name: 'Reactivate Harbor Bistro' }));
    await user.click((await rowOf('Harbor Bistro')).getByRole('button', { name: 'Yes, reactivate' }));
    await waitFor(async () => expect((await api.storage.tenants.get(api.tenants.harbor))?.status).toBe('active'));
  });

  it("shows the API's message when an invitation cannot be sent", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminTenants />);
    await user.click((await rowOf('Sunrise Dental')).getByRole('button', { name: 'Invite to Sunrise Dental' }));
    const invite = within(screen.getByRole('form', { name: 'Invite to Sunrise Dental' }));
    await user.type(invite.getByRole('textbox', { name: 'Email' }), 'dora@sunrise.example');
    await user.selectOptions(invite.getByRole('combobox', { name: 'Role' }), 'Member');
    await user.click(invite.getByRole('button', { name: 'Send invitation' }));

    expect((await invite.findByRole('alert')).textContent).toContain('No auth provider here sends invitations');
  });

  it('impersonates a tenant, and the banner names it until impersonation stops', async () => {
    const user = userEvent.setup();
    const onImpersonate = vi.fn();
    renderSignedIn(
      api,
      'admin',
      <>
        <ImpersonationBanner />
        <AdminTenants onImpersonate={onImpersonate} />
      </>,
    );
    await user.click((await rowOf('Harbor Bistro')).getByRole('button', { name: 'Impersonate Harbor Bistro' }));

    expect(onImpersonate).toHaveBeenCalledWith(expect.objectContaining({ id: api.tenants.harbor }));
    const banner = await screen.findByRole('region', { name: 'Impersonation' });
    expect(
      await within(banner).findByText((_, element) =>
        element?.tagName === 'P'
          ? element.textContent === 'You are viewing Harbor Bistro as a global admin. Every change is audited.'
          : false,
      ),
    ).toBeTruthy();

    await user.click(within(banner).getByRole('button', { name: 'Stop impersonating' }));
    expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
  });

  it("shows someone who is not a global admin the API's 403 message, not a blank", async () => {
    renderSignedIn(api, 'alice', <AdminTenants />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('/api/admin/tenants is for global admins only.');
    expect(screen.queryByRole('form', { name: 'Create a tenant' })).toBeNull();
  });
});

describe('ImpersonationBanner', () => {
  it('renders nothing when nobody is being impersonated', async () => {
    renderSignedIn(
      api,
      'admin',
      <>
        <ImpersonationBanner />
        <AdminTenants />
      </>,
    );
    await rowOf('Harbor Bistro');
    expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
    expect(screen.queryByText(/as a global admin/)).toBeNull();
  });
});
