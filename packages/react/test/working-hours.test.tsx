import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingHoursEditor } from '../src/components/settings/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

const sunriseConfig = () => api.storage.withTenant(api.tenants.sunrise, (scope) => scope.config.get());
const day = (name: string) => within(screen.getByRole('group', { name }));

async function setTime(input: HTMLElement, value: string) {
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, value);
}

describe('WorkingHoursEditor', () => {
  it('shows the hours in the tenant’s time zone and the time it is there now', async () => {
    renderSignedIn(api, 'alice', <WorkingHoursEditor />);
    expect(await screen.findByText(/^Times are in America\/New_York; it is now .+ there\.$/)).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Time zone' }) as HTMLSelectElement).value).toBe('America/New_York');
    expect((day('Monday').getByLabelText('Monday, hours 1: Opens') as HTMLInputElement).value).toBe('09:00');
    expect((day('Monday').getByLabelText('Monday, hours 1: Closes') as HTMLInputElement).value).toBe('17:00');
    expect(day('Tuesday').getByText('Closed')).toBeTruthy();
  });

  it('saves hours in a new time zone, and they come back as saved', async () => {
    const user = userEvent.setup();
    const first = renderSignedIn(api, 'alice', <WorkingHoursEditor />);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Time zone' }), 'Europe/London');
    expect(screen.getByText(/^Times are in Europe\/London; it is now/)).toBeTruthy();
    await setTime(day('Monday').getByLabelText('Monday, hours 1: Opens'), '10:00');
    await user.click(day('Tuesday').getByRole('checkbox', { name: 'Open on Tuesday' }));
    await user.click(day('Tuesday').getByRole('button', { name: 'Add hours on Tuesday' }));
    await setTime(day('Tuesday').getByLabelText('Tuesday, hours 1: Closes'), '12:00');
    await setTime(day('Tuesday').getByLabelText('Tuesday, hours 2: Opens'), '13:00');
    await user.click(screen.getByRole('button', { name: 'Save working hours' }));

    expect(await screen.findByText('Working hours saved.')).toBeTruthy();
    const config = await sunriseConfig();
    expect(config?.timezone).toBe('Europe/London');
    expect(config?.workingHours.weekly).toEqual({
      mon: [{ open: '10:00', close: '17:00' }],
      tue: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
    });

    first.unmount();
    renderSignedIn(api, 'alice', <WorkingHoursEditor />);
    expect(await screen.findByText(/^Times are in Europe\/London/)).toBeTruthy();
    expect((day('Tuesday').getByLabelText('Tuesday, hours 2: Opens') as HTMLInputElement).value).toBe('13:00');
  });

  it('saves a closed day as an exception with its note', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <WorkingHoursEditor />);
    await user.click(await screen.findByRole('button', { name: 'Add an exception' }));
    const exception = within(screen.getByRole('group', { name: 'New exception 1' }));
    await user.type(exception.getByLabelText('Date'), '2026-12-25');
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'Christmas');
    await user.click(screen.getByRole('button', { name: 'Save working hours' }));

    await screen.findByText('Working hours saved.');
    expect((await sunriseConfig())?.workingHours.exceptions).toEqual([
      { date: '2026-12-25', closed: true, ranges: [], note: 'Christmas' },
    ]);
  });

  it("shows the API's validation message for hours that close before they open", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <WorkingHoursEditor />);
    await setTime(await screen.findByLabelText('Monday, hours 1: Opens'), '18:00');
    await user.click(screen.getByRole('button', { name: 'Save working hours' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('open must be before close');
    expect(within(alert).getByText('workingHours.weekly.mon.0')).toBeTruthy();
    expect((await sunriseConfig())?.workingHours.weekly.mon).toEqual([{ open: '09:00', close: '17:00' }]);
  });

  it('tells a tenant without a profile to create one first, rather than showing nothing', async () => {
    renderSignedIn(api, 'bob', <WorkingHoursEditor />);
    expect(await screen.findByText(/There is no business profile yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save working hours' })).toBeNull();
  });
});
