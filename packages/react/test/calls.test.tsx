import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CallDetail, CallLog } from '../src/components/calls/index.js';
import { formatDateTime } from '../src/ui/format.js';
import { origin, startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

/** The API with every request's URL written down, to check what the components asked for. */
function recordingRequests(base: TestApi) {
  const urls: URL[] = [];
  const recorded = (async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input), origin));
    return base.fetch(input, init);
  }) as typeof fetch;
  return { api: { ...base, fetch: recorded }, urls };
}

/** Stores a Sunrise Dental call as if it came in at `createdAt` (the API filters and sorts on that). */
async function createSunriseCall(createdAt: string, fields: Record<string, unknown>) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(createdAt));
  try {
    return await api.storage.withTenant(api.tenants.sunrise, (scope) =>
      scope.calls.create({ provider: 'twilio', to: '+15550100001', status: 'completed', ...fields }),
    );
  } finally {
    vi.useRealTimers();
  }
}

const dataRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('CallLog', () => {
  it("lists the signed-in tenant's calls and none of another tenant's", async () => {
    renderSignedIn(api, 'alice', <CallLog />);
    const table = await screen.findByRole('table', { name: 'Calls, newest first' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['When', 'Caller', 'Duration', 'Outcome', 'Summary']);
    expect(dataRows(table)).toHaveLength(2);
    expect(within(table).getByRole('button', { name: 'Open call from +1 555 010 9901' })).toBeTruthy();
    expect(within(table).getByRole('button', { name: 'Open call from +1 555 010 9902' })).toBeTruthy();
    expect(within(table).getByText('Booked a cleaning for Tuesday.')).toBeTruthy();
    expect(within(table).queryByText('Table for four on Friday.')).toBeNull();
  });

  it('puts the newest call first', async () => {
    await createSunriseCall('2026-01-05T10:00:00.000Z', { providerCallId: 'CA-old', from: '+15550109990' });
    renderSignedIn(api, 'alice', <CallLog />);
    const rows = dataRows(await screen.findByRole('table', { name: 'Calls, newest first' }));
    expect(rows).toHaveLength(3);
    expect(within(rows[2] as HTMLElement).getByRole('button', { name: 'Open call from +1 555 010 9990' })).toBeTruthy();
  });

  it('opens a call to show its summary, recording and transcript as speaker-labelled bubbles', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <CallLog timeZone="America/New_York" />);
    await user.click(await screen.findByRole('button', { name: 'Open call from +1 555 010 9901' }));

    const detail = screen.getByRole('region', { name: 'Call details' });
    const when = formatDateTime('2026-11-20T14:00:00.000Z', 'America/New_York');
    expect(await within(detail).findByRole('heading', { level: 3, name: `+1 555 010 9901, ${when}` })).toBeTruthy();
    expect(within(detail).getByText('Booked a cleaning for Tuesday.')).toBeTruthy();
    expect(within(detail).getByText('3 min 05 s')).toBeTruthy();

    const audio = within(detail).getByLabelText('Recording of the call from +1 555 010 9901');
    expect(audio.tagName).toBe('AUDIO');
    expect(audio.getAttribute('src')).toBe('https://recordings.example.com/sunrise-0.mp3');
    expect(audio.hasAttribute('controls')).toBe(true);
    expect(within(detail).getByRole('link', { name: 'Download recording' }).getAttribute('href')).toBe(
      'https://recordings.example.com/sunrise-0.mp3',
    );

    const bubbles = within(within(detail).getByRole('list', { name: 'Transcript' })).getAllByRole('listitem');
    expect(bubbles).toHaveLength(2);
    const [receptionist, caller] = bubbles as [HTMLElement, HTMLElement];
    expect(within(receptionist).getByText('Receptionist')).toBeTruthy();
    expect(within(receptionist).getByText('Sunrise Dental, how can I help?')).toBeTruthy();
    expect(within(receptionist).getByText('0:00')).toBeTruthy();
    expect(within(caller).getByText('Caller')).toBeTruthy();
    expect(within(caller).getByText('I would like a cleaning on Tuesday.')).toBeTruthy();
    expect(within(caller).getByText('0:03')).toBeTruthy();
  });

  it('hands focus back to the call that opened the details when they close', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <CallLog />);
    const opener = await screen.findByRole('button', { name: 'Open call from +1 555 010 9902' });
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Close call details' }));
    expect(screen.queryByRole('region', { name: 'Call details' })).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('reports the chosen call to onSelectCall and shows the call the parent selected', async () => {
    const user = userEvent.setup();
    const onSelectCall = vi.fn();
    const [first, second] = api.sunriseCallIds as [string, string];
    renderSignedIn(api, 'alice', <CallLog selectedCallId={second} onSelectCall={onSelectCall} />);
    const detail = screen.getByRole('region', { name: 'Call details' });
    expect(await within(detail).findByText('Asked about opening hours.')).toBeTruthy();

    await user.click(await screen.findByRole('button', { name: 'Open call from +1 555 010 9901' }));
    expect(onSelectCall).toHaveBeenCalledWith(first);
    expect(within(detail).getByText('Asked about opening hours.')).toBeTruthy();
  });

  it('narrows the list by outcome and sends the filter to the API', async () => {
    const user = userEvent.setup();
    const recorded = recordingRequests(api);
    renderSignedIn(recorded.api, 'alice', <CallLog />);
    const table = await screen.findByRole('table', { name: 'Calls, newest first' });
    expect(dataRows(table)).toHaveLength(2);

    const filters = screen.getByRole('form', { name: 'Filter calls' });
    await user.type(within(filters).getByLabelText('Outcome'), 'booked');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(dataRows(screen.getByRole('table', { name: 'Calls, newest first' }))).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Open call from +1 555 010 9901' })).toBeTruthy();
    const listed = recorded.urls.filter((url) => url.pathname === '/api/calls');
    expect(listed.at(-1)?.searchParams.get('outcome')).toBe('booked');
  });

  it("reads the date filters as whole days in the tenant's time zone, the 'to' day included", async () => {
    // New York is on daylight time (UTC-4) from 8 March 2026.
    await createSunriseCall('2026-03-10T03:30:00.000Z', { providerCallId: 'CA-eve', from: '+15550109911' });
    await createSunriseCall('2026-03-10T15:00:00.000Z', { providerCallId: 'CA-day', from: '+15550109912' });
    await createSunriseCall('2026-03-11T03:30:00.000Z', { providerCallId: 'CA-late', from: '+15550109913' });
    await createSunriseCall('2026-03-11T04:30:00.000Z', { providerCallId: 'CA-next', from: '+15550109914' });
    const user = userEvent.setup();
    const recorded = recordingRequests(api);
    renderSignedIn(recorded.api, 'alice', <CallLog timeZone="America/New_York" />);
    await screen.findByRole('table', { name: 'Calls, newest first' });

    const filters = screen.getByRole('form', { name: 'Filter calls' });
    await user.type(within(filters).getByLabelText('From'), '2026-03-10');
    await user.type(within(filters).getByLabelText('To'), '2026-03-10');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(dataRows(screen.getByRole('table', { name: 'Calls, newest first' }))).toHaveLength(2));
    expect(screen.getByRole('button', { name: 'Open call from +1 555 010 9912' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open call from +1 555 010 9913' })).toBeTruthy();
    const last = recorded.urls.filter((url) => url.pathname === '/api/calls').at(-1);
    expect(last?.searchParams.get('from')).toBe('2026-03-10T04:00:00.000Z');
    expect(last?.searchParams.get('to')).toBe('2026-03-11T04:00:00.000Z');
  });

  it('says when no call matches the filters, and when there are no calls at all', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <CallLog />);
    await screen.findByRole('table', { name: 'Calls, newest first' });
    await user.type(screen.getByLabelText('Outcome'), 'voicemail');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('No calls match these filters.')).toBeTruthy();

    const quiet = await api.storage.tenants.create({ slug: 'quiet-clinic', name: 'Quiet Clinic' });
    await api.storage.withTenant(quiet.id, (scope) => scope.members.add({ userId: 'carol', role: 'owner' }));
    renderSignedIn(api, 'carol', <CallLog />);
    expect(await screen.findByText('No calls yet.')).toBeTruthy();
  });

  it('fetches the next page with "Load more calls" until there is none', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <CallLog pageSize={1} />);
    const table = await screen.findByRole('table', { name: 'Calls, newest first' });
    expect(dataRows(table)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Load more calls' }));
    await waitFor(() => expect(dataRows(table)).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Load more calls' })).toBeNull();
  });

  it("shows the API's own message when the calls cannot be listed", async () => {
    const refused = await api.fetch('/api/calls', {
      headers: { authorization: 'Bearer dev:bob', 'x-tenant-id': api.tenants.sunrise },
    });
    const { error } = (await refused.json()) as { error: { message: string } };
    renderSignedIn(api, 'bob', <CallLog />, { impersonatedTenantId: api.tenants.sunrise });
    expect((await screen.findByRole('alert')).textContent).toContain(error.message);
  });
});

describe('CallDetail', () => {
  it("shows the API's not-found message for another tenant's call", async () => {
    const id = api.sunriseCallIds[0] as string;
    renderSignedIn(api, 'bob', <CallDetail callId={id} />);
    expect((await screen.findByRole('alert')).textContent).toContain(`No call with id "${id}" in this tenant.`);
  });

  it('falls back to the plain transcript, and says so when there is none', async () => {
    const plain = await createSunriseCall('2026-11-25T10:00:00.000Z', {
      providerCallId: 'CA-plain',
      from: '+15550109921',
      transcript: 'AI: Hello.\nUser: Are you open on Sunday?',
    });
    const silent = await createSunriseCall('2026-11-25T11:00:00.000Z', { providerCallId: 'CA-silent', from: null });
    renderSignedIn(api, 'alice', <CallDetail callId={plain.id} />);
    expect(await screen.findByText(/Are you open on Sunday\?/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Transcript' })).toBeNull();
    expect(screen.queryByLabelText(/Recording of the call/)).toBeNull();

    renderSignedIn(api, 'alice', <CallDetail callId={silent.id} onClose={() => {}} />);
    expect(await screen.findByText('No transcript')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: /^Unknown caller, / })).toBeTruthy();
  });
});
