import { randomBytes } from 'node:crypto';
import { createDevAuth, createNuvatra, createSecretBox } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { googleCalendarPlugin } from '../../google-calendar/src/index.js';
import { CalendarConnection } from '../src/index.js';
import { origin } from './api.js';
import { renderSignedIn } from './render.js';

// The component against the real handler with the Google Calendar plugin. Nothing here reaches Google: the consent
// URL is only built, and the connection rows are written as the plugin stores them.

async function startCalendarApi() {
  const plugin = googleCalendarPlugin({
    clientId: 'client-id.apps.googleusercontent.com',
    clientSecret: randomBytes(12).toString('hex'),
    redirectUri: 'http://dashboard.test/settings/calendar/callback',
  });
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate({ plugins: [plugin] });
  const tenant = await storage.tenants.create({ slug: 'sunrise-dental', name: 'Sunrise Dental' });
  await storage.withTenant(tenant.id, (scope) => scope.members.add({ userId: 'alice', role: 'owner' }));
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    secretBox: createSecretBox({ keys: { k1: randomBytes(32).toString('base64') }, primaryKeyId: 'k1' }),
    plugins: [plugin],
    logger: false,
  });
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
    nuvatra.handle(
      new Request(new URL(input instanceof Request ? input.url : String(input), origin), init),
    )) as typeof globalThis.fetch;
  const breakConnection = () =>
    storage.withTenant(tenant.id, (scope) =>
      scope.model('google_calendar_connections').insert({
        id: 'calendar',
        email: 'front-desk@sunrise.example',
        scopes: [],
        status: 'broken',
        brokenReason: 'access was revoked',
        sealedTokens: 'v1.k1.unused.unused',
        expiresAt: new Date(0).toISOString(),
        version: 1,
        refreshLeaseUntil: new Date(0).toISOString(),
        connectedBy: 'alice',
        connectedAt: new Date(0).toISOString(),
        updatedAt: new Date(0).toISOString(),
      }),
    );
  return { storage, fetch, breakConnection };
}

describe('CalendarConnection', () => {
  it('offers to connect, and sends the browser to Google’s consent page', async () => {
    const api = await startCalendarApi();
    const visited: string[] = [];
    const user = userEvent.setup();
    renderSignedIn(
      { ...api, tenants: { sunrise: '', harbor: '' }, sunriseCallIds: [] },
      'alice',
      <CalendarConnection onNavigate={(url) => visited.push(url)} />,
    );
    expect(await screen.findByText(/No calendar connected/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Connect Google Calendar' }));
    await waitFor(() => expect(visited).toHaveLength(1));
    const consent = new URL(visited[0] ?? '');
    expect(consent.origin + consent.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('shows a broken connection with its account, the reason and a reconnect button', async () => {
    const api = await startCalendarApi();
    await api.breakConnection();
    renderSignedIn(
      { ...api, tenants: { sunrise: '', harbor: '' }, sunriseCallIds: [] },
      'alice',
      <CalendarConnection />,
    );
    const badge = await screen.findByText('Broken — reconnect');
    expect(badge.closest('p')?.textContent).toBe('Broken — reconnect front-desk@sunrise.example');
    expect(screen.getByText(/access was revoked/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect Google Calendar' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Disconnect/ })).toBeTruthy();
  });
});
