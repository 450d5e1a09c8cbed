import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCalls, useMe } from '../src/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});

function WhoAmI() {
  const me = useMe();
  if (me.error) return <p>error: {me.error.code}</p>;
  return <p>{me.data ? `${me.data.user.id} at ${me.data.tenant?.name ?? 'no tenant'}` : 'loading'}</p>;
}

function CallSummaries() {
  const calls = useCalls();
  const items = calls.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <ul>
      {items.map((call) => (
        <li key={call.id}>{call.summary}</li>
      ))}
    </ul>
  );
}

describe('the hooks', () => {
  it("read the signed-in user's own tenant through the API", async () => {
    renderSignedIn(api, 'alice', <WhoAmI />);
    expect(await screen.findByText('alice at Sunrise Dental')).toBeTruthy();
  });

  it("list only the signed-in tenant's calls", async () => {
    renderSignedIn(api, 'bob', <CallSummaries />);
    expect(await screen.findByText('Table for four on Friday.')).toBeTruthy();
    expect(screen.queryByText('Booked a cleaning for Tuesday.')).toBeNull();
  });

  it("show a global admin the impersonated tenant's calls", async () => {
    renderSignedIn(api, 'admin', <CallSummaries />, { impersonatedTenantId: api.tenants.sunrise });
    expect(await screen.findByText('Booked a cleaning for Tuesday.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Table for four on Friday.')).toBeNull());
  });

  it('surface the API error code without retrying a 4xx', async () => {
    renderSignedIn(api, 'nobody', <CallSummaries />);
    renderSignedIn(api, 'mallory', <WhoAmI />);
    expect(await screen.findByText(/mallory at no tenant|error:/)).toBeTruthy();
  });
});
