import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StatsOverview } from '../src/components/calls/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
  // Three March calls on two of three days in New York (UTC-4 then), stored as if they came in at those times.
  const march = [
    { at: '2026-03-10T15:00:00.000Z', durationSeconds: 60, outcome: 'booked', intent: 'book_cleaning' },
    { at: '2026-03-10T16:00:00.000Z', durationSeconds: 120, outcome: 'booked', intent: 'book_cleaning' },
    { at: '2026-03-12T15:00:00.000Z', durationSeconds: null, outcome: null, intent: null, status: 'no-answer' },
  ];
  for (const [index, { at, ...fields }] of march.entries()) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    try {
      await api.storage.withTenant(api.tenants.sunrise, (scope) =>
        scope.calls.create({ provider: 'twilio', providerCallId: `CA-march-${index}`, to: '+15550100001', ...fields }),
      );
    } finally {
      vi.useRealTimers();
    }
  }
});

/** The three New York days 10–12 March 2026. */
const marchWindow = { from: '2026-03-10T04:00:00.000Z', to: '2026-03-13T04:00:00.000Z' };

function figure(term: string): string | null | undefined {
  return screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
}

describe('StatsOverview', () => {
  it('shows the number of calls, the total talk time and the average duration', async () => {
    renderSignedIn(api, 'alice', <StatsOverview {...marchWindow} />);
    await screen.findByText('Calls', { selector: 'dt' });
    expect(figure('Calls')).toBe('3');
    expect(figure('Total talk time')).toBe('3 min 00 s');
    // The unanswered call has no duration, so it does not pull the average down.
    expect(figure('Average duration')).toBe('1 min 30 s');
  });

  it('draws calls per day, quiet days included, with a summary and a table for screen readers', async () => {
    renderSignedIn(api, 'alice', <StatsOverview {...marchWindow} />);
    const chart = await screen.findByRole('img', { name: /^Calls per day, / });
    expect(chart.getAttribute('aria-label')).toMatch(/: 3 calls over 3 days, busiest .+ with 2 calls\.$/);
    expect(chart.querySelectorAll('rect')).toHaveLength(3);

    const table = screen.getByRole('table', { name: 'Calls per day' });
    const counts = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getByRole('cell').textContent);
    expect(counts).toEqual(['2', '0', '1']);
  });

  it('lists outcomes, a call without one under its status, and the top intents', async () => {
    renderSignedIn(api, 'alice', <StatsOverview {...marchWindow} />);
    const outcomes = await screen.findByRole('list', { name: 'Outcomes' });
    expect(
      within(outcomes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['booked 2 calls', 'no-answer 1 call']);
    const intents = screen.getByRole('list', { name: 'Top intents' });
    expect(
      within(intents)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['book_cleaning 2 calls']);
  });

  it("counts only the signed-in tenant's calls over the last 30 days by default", async () => {
    renderSignedIn(api, 'bob', <StatsOverview />);
    await screen.findByText('Calls', { selector: 'dt' });
    expect(figure('Calls')).toBe('1');
    expect(screen.getByRole('img', { name: /: 1 call over \d+ days/ })).toBeTruthy();
  });

  it('says so when the window holds no calls', async () => {
    renderSignedIn(api, 'alice', <StatsOverview from="2020-01-01T00:00:00.000Z" to="2020-02-01T00:00:00.000Z" />);
    expect(await screen.findByText('No calls in this period.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it("shows the API's message when the window is not valid", async () => {
    renderSignedIn(api, 'alice', <StatsOverview from={marchWindow.to} to={marchWindow.from} />);
    expect((await screen.findByRole('alert')).textContent).toContain('from must be before to.');
  });
});
