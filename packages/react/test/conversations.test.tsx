import type { TenantScope } from '@nuvatra/core';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Appointments, Conversations } from '../src/components/calls/index.js';
import { formatDateTime } from '../src/ui/format.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

/** Runs `write` with the clock at `iso`: lists sort on creation time, so each row gets its own instant. */
async function at<T>(iso: string, write: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
  try {
    return await write();
  } finally {
    vi.useRealTimers();
  }
}

const lastTextAt = '2026-11-26T15:02:00.000Z';

async function seedConversations() {
  const sunrise = <T,>(write: (scope: TenantScope) => Promise<T>) => api.storage.withTenant(api.tenants.sunrise, write);
  const sms = await at('2026-11-26T15:00:00.000Z', () =>
    sunrise((scope) => scope.conversations.create({ channel: 'sms', participant: '+15550107777' })),
  );
  const texts = [
    { time: '2026-11-26T15:00:00.000Z', direction: 'inbound', body: 'Hi, can I move my appointment?' },
    { time: '2026-11-26T15:01:00.000Z', direction: 'outbound', body: 'Of course, which day suits you?' },
    { time: lastTextAt, direction: 'inbound', body: 'Thursday please.' },
  ] as const;
  for (const { time, direction, body } of texts) {
    const [from, to] = direction === 'inbound' ? ['+15550107777', '+15550100001'] : ['+15550100001', '+15550107777'];
    await at(time, () => sunrise((scope) => scope.messages.append(sms.id, { direction, body, from, to })));
  }
  await at('2026-11-27T09:00:00.000Z', () =>
    sunrise((scope) =>
      scope.conversations.create({ channel: 'email', participant: 'pat@example.com', subject: 'Invoice question' }),
    ),
  );
}

describe('Conversations', () => {
  it("lists the tenant's conversations with channel, counterpart and last activity, newest first", async () => {
    await seedConversations();
    renderSignedIn(api, 'alice', <Conversations timeZone="America/New_York" />);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    const [email, sms] = within(list).getAllByRole('button') as [HTMLElement, HTMLElement];
    expect(email.textContent).toContain('Email');
    expect(email.textContent).toContain('pat@example.com');
    expect(email.textContent).toContain('Invoice question');
    expect(email.textContent).toContain('No messages yet');
    expect(sms.textContent).toContain('SMS');
    expect(sms.textContent).toContain('+1 555 010 7777');
    expect(sms.textContent).toContain(`Last message ${formatDateTime(lastTextAt, 'America/New_York')}`);
  });

  it("shows the selected conversation's messages oldest first, marked by direction", async () => {
    await seedConversations();
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <Conversations />);
    const smsButton = await screen.findByRole('button', { name: /\+1 555 010 7777/ });
    await user.click(smsButton);
    expect(smsButton.getAttribute('aria-current')).toBe('true');

    const thread = screen.getByRole('region', { name: 'Messages with +1 555 010 7777' });
    expect(within(thread).getByRole('heading', { level: 3, name: 'SMS with +1 555 010 7777' })).toBeTruthy();
    const bubbles = within(await within(thread).findByRole('list', { name: 'Messages, oldest first' })).getAllByRole(
      'listitem',
    );
    expect(bubbles.map((bubble) => bubble.querySelector('.nv-bubble__text')?.textContent)).toEqual([
      'Hi, can I move my appointment?',
      'Of course, which day suits you?',
      'Thursday please.',
    ]);
    expect(bubbles.map((bubble) => bubble.className)).toEqual([
      'nv-bubble nv-bubble--inbound',
      'nv-bubble nv-bubble--outbound',
      'nv-bubble nv-bubble--inbound',
    ]);
    expect(within(bubbles[1] as HTMLElement).getByText('Sent')).toBeTruthy();
  });

  it('loads earlier messages above the ones shown', async () => {
    await seedConversations();
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <Conversations pageSize={2} />);
    await user.click(await screen.findByRole('button', { name: /\+1 555 010 7777/ }));
    const list = await screen.findByRole('list', { name: 'Messages, oldest first' });
    const bodies = () =>
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('p')?.textContent);
    expect(bodies()).toEqual(['Of course, which day suits you?', 'Thursday please.']);

    await user.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    await waitFor(() => expect(bodies()).toHaveLength(3));
    expect(bodies()[0]).toBe('Hi, can I move my appointment?');
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });

  it("never shows one tenant's conversations to another", async () => {
    await seedConversations();
    renderSignedIn(api, 'bob', <Conversations />);
    expect(await screen.findByText('No conversations yet.')).toBeTruthy();
    expect(screen.queryByText(/555 010 7777/)).toBeNull();
  });
});

describe('Appointments', () => {
  async function seedAppointments() {
    const callId = api.sunriseCallIds[0] as string;
    await at('2026-11-20T14:05:00.000Z', () =>
      api.storage.withTenant(api.tenants.sunrise, (scope) =>
        scope.appointments.create({
          callId,
          customerName: 'Dana Whitfield',
          customerPhone: '+15550109901',
          service: 'Cleaning',
          startsAt: '2026-12-01T15:00:00.000Z',
        }),
      ),
    );
    await at('2026-11-21T10:00:00.000Z', () =>
      api.storage.withTenant(api.tenants.sunrise, (scope) =>
        scope.appointments.create({
          customerName: 'Lee Park',
          service: 'Whitening',
          startsAt: '2026-12-03T18:30:00.000Z',
          status: 'cancelled',
        }),
      ),
    );
  }

  it('lists appointments with when, who, service, status and the call they were booked in', async () => {
    await seedAppointments();
    renderSignedIn(api, 'alice', <Appointments timeZone="America/New_York" />);
    const table = await screen.findByRole('table', { name: 'Appointments, newest first' });
    const [lee, dana] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells(dana)).toEqual([
      formatDateTime('2026-12-01T15:00:00.000Z', 'America/New_York'),
      'Dana Whitfield+1 555 010 9901',
      'Cleaning',
      'booked',
      'Open call with Dana Whitfield',
    ]);
    expect(cells(lee)).toEqual([
      formatDateTime('2026-12-03T18:30:00.000Z', 'America/New_York'),
      'Lee Park',
      'Whitening',
      'cancelled',
      '—',
    ]);
  });

  it('opens the call an appointment was booked in', async () => {
    await seedAppointments();
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <Appointments />);
    await user.click(await screen.findByRole('button', { name: 'Open call with Dana Whitfield' }));
    const detail = screen.getByRole('region', { name: 'Call details' });
    expect(await within(detail).findByText('Booked a cleaning for Tuesday.')).toBeTruthy();
  });

  it('fetches more appointments a page at a time', async () => {
    await seedAppointments();
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <Appointments pageSize={1} />);
    const table = await screen.findByRole('table', { name: 'Appointments, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more appointments' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
  });

  it('says so when the tenant has no appointments', async () => {
    await seedAppointments();
    renderSignedIn(api, 'bob', <Appointments />);
    expect(await screen.findByText('No appointments yet.')).toBeTruthy();
  });
});
