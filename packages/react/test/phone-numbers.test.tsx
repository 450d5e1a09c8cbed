import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { PhoneNumbers } from '../src/components/settings/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

const numbersOf = (tenantId: string) => api.storage.withTenant(tenantId, (scope) => scope.phoneNumbers.list());
const addForm = () => within(screen.getByRole('form', { name: 'Add a phone number' }));

describe('PhoneNumbers', () => {
  it('lists the tenant’s numbers formatted, with their kind in plain words', async () => {
    renderSignedIn(api, 'alice', <PhoneNumbers />);
    const row = (await screen.findByRole('cell', { name: '+1 555 010 0001' })).closest('tr');
    expect(row).toBeTruthy();
    const cells = within(row as HTMLElement);
    expect(cells.getByText('Own number (calls to it reach the assistant)')).toBeTruthy();
    expect(cells.getByText('twilio')).toBeTruthy();
    expect(cells.getByText('Front desk')).toBeTruthy();
    expect(screen.queryByText('+1 555 020 0002')).toBeNull();
  });

  it('adds a forwarding line as typed and shows it in the table', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <PhoneNumbers />);
    await screen.findByRole('cell', { name: '+1 555 010 0001' });
    await user.type(addForm().getByRole('textbox', { name: 'Number' }), '+1 (555) 010-0003');
    await user.selectOptions(
      addForm().getByRole('combobox', { name: 'Kind' }),
      'Forwarding line (forwarded to a shared assistant number)',
    );
    expect(addForm().queryByRole('combobox', { name: 'Provider' })).toBeNull();
    await user.type(addForm().getByRole('textbox', { name: 'Label' }), 'Old line');
    await user.click(addForm().getByRole('button', { name: 'Add number' }));

    expect(await addForm().findByText('Added +1 555 010 0003.')).toBeTruthy();
    const row = (await screen.findByRole('cell', { name: '+1 555 010 0003' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Forwarding line (forwarded to a shared assistant number)')).toBeTruthy();
    const stored = await numbersOf(api.tenants.sunrise);
    expect(stored.find((number) => number.e164 === '+15550100003')).toMatchObject({
      kind: 'forwarding',
      label: 'Old line',
    });
  });

  it("shows the API's conflict message when another tenant has the number, and stores nothing", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <PhoneNumbers />);
    await screen.findByRole('cell', { name: '+1 555 010 0001' });
    await user.type(addForm().getByRole('textbox', { name: 'Number' }), '+1 555 020 0002');
    await user.selectOptions(addForm().getByRole('combobox', { name: 'Provider' }), 'Twilio');
    await user.click(addForm().getByRole('button', { name: 'Add number' }));

    const alert = await addForm().findByRole('alert');
    expect(alert.textContent).toContain('+15550200002 is already registered as an owned number.');
    expect((await numbersOf(api.tenants.sunrise)).map((number) => number.e164)).toEqual(['+15550100001']);
    expect((await numbersOf(api.tenants.harbor)).map((number) => number.e164)).toEqual(['+15550200002']);
  });

  it("shows the API's message for something that is not a phone number", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <PhoneNumbers />);
    await screen.findByRole('cell', { name: '+1 555 010 0001' });
    await user.type(addForm().getByRole('textbox', { name: 'Number' }), 'call me maybe');
    await user.click(addForm().getByRole('button', { name: 'Add number' }));

    const alert = await addForm().findByRole('alert');
    expect(alert.textContent).toContain('"call me maybe" is not a phone number');
    expect(await numbersOf(api.tenants.sunrise)).toHaveLength(1);
  });

  it('removes a number only once the removal is confirmed', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <PhoneNumbers />);
    await user.click(await screen.findByRole('button', { name: 'Remove +1 555 010 0001' }));
    expect(screen.getByText(/Calls to it will no longer reach the assistant/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Yes, remove' }));

    expect(await screen.findByText('No numbers yet: add the number callers dial below.')).toBeTruthy();
    await waitFor(async () => expect(await numbersOf(api.tenants.sunrise)).toHaveLength(0));
  });
});
