import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProfileForm } from '../src/components/settings/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

const configOf = (tenantId: string) => api.storage.withTenant(tenantId, (scope) => scope.config.get());
const group = (name: string) => within(screen.getByRole('group', { name }));

describe('ProfileForm', () => {
  it('saves the profile and keeps the working hours and time zone as they were', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <ProfileForm />);
    const description = await screen.findByRole('textbox', { name: 'Description' });
    expect((screen.getByRole('textbox', { name: 'Business name' }) as HTMLInputElement).value).toBe('Sunrise Dental');
    await user.type(description, 'A family dental practice.');
    await user.click(screen.getByRole('button', { name: 'Add a service' }));
    await user.type(group('Service 1').getByRole('textbox', { name: 'Name' }), 'Cleaning');
    await user.type(group('Service 1').getByRole('spinbutton', { name: 'Duration in minutes' }), '45');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Voice AI provider' }), 'Telnyx');
    await user.type(
      group('English (en)').getByRole('textbox', { name: 'Greeting in English (en)' }),
      ' How can we help?',
    );
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    const config = await configOf(api.tenants.sunrise);
    expect(config?.businessProfile).toEqual({
      name: 'Sunrise Dental',
      description: 'A family dental practice.',
      industry: 'dental clinic',
    });
    expect(config?.services).toEqual([{ name: 'Cleaning', durationMinutes: 45 }]);
    expect(config?.voiceAgent).toEqual({ provider: 'telnyx' });
    expect(config?.greeting).toEqual({ en: 'Thank you for calling Sunrise Dental. How can we help?' });
    expect(config?.timezone).toBe('America/New_York');
    expect(config?.workingHours.weekly.mon).toEqual([{ open: '09:00', close: '17:00' }]);
  });

  it('adds a language with its greeting', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <ProfileForm />);
    await user.type(await screen.findByRole('textbox', { name: 'Add a language' }), 'es');
    await user.click(screen.getByRole('button', { name: 'Add language' }));
    await user.type(screen.getByRole('textbox', { name: 'Greeting in Spanish (es)' }), 'Gracias por llamar.');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    await screen.findByText('Profile saved.');
    const config = await configOf(api.tenants.sunrise);
    expect(config?.languages).toEqual(['en', 'es']);
    expect(config?.greeting.es).toBe('Gracias por llamar.');
  });

  it("lists the API's validation issues when a field is refused", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <ProfileForm />);
    await user.type(await screen.findByRole('textbox', { name: 'Phone' }), '555-0100');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('businessProfile.phone')).toBeTruthy();
    expect(alert.textContent).toContain('must be an E.164 number');
    expect((await configOf(api.tenants.sunrise))?.businessProfile.phone).toBeUndefined();
  });

  it('gives a tenant without a profile a form to create one, time zone included', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'bob', <ProfileForm />);
    expect(await screen.findByText(/There is no profile yet/)).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Business name' }) as HTMLInputElement).value).toBe('');
    await user.type(screen.getByRole('textbox', { name: 'Business name' }), 'Harbor Bistro');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time zone' }), 'Europe/Lisbon');
    await user.click(screen.getByRole('button', { name: 'Create profile' }));

    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Save profile' })).toBeTruthy();
    const config = await configOf(api.tenants.harbor);
    expect(config?.businessProfile.name).toBe('Harbor Bistro');
    expect(config?.timezone).toBe('Europe/Lisbon');
  });
});
