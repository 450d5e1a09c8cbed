import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNuvatraEnv } from '@nuvatra/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, launchChromium } from '../scripts/browser-demo.js';
import { startServer } from '../src/server.js';

// The Integrations screen and Google's way back to the dashboard, in Chromium, with Google Calendar mounted
// (GOOGLE_CLIENT_ID/SECRET set, generated per run). Nothing reaches Google: the consent page is answered by the
// browser's own route, and every callback here is refused by the API before a code would be exchanged.

const timeout = 120_000;

interface Demo {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

let started: Promise<Demo>;

async function startDemo(): Promise<Demo> {
  const browser = await launchChromium();
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-integrations-'));
  try {
    const dashboardDirectory = join(directory, 'dist');
    await buildDashboard(dashboardDirectory);
    const env = readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: join(directory, 'data') });
    const server = await startServer(env, {
      quiet: true,
      dashboardDirectory,
      worker: false,
      variables: { GOOGLE_CLIENT_ID: 'nuvatra-test-client', GOOGLE_CLIENT_SECRET: randomBytes(24).toString('hex') },
    });
    return {
      url: server.url,
      browser,
      async close() {
        await browser.close();
        await server.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

beforeAll(async () => {
  started = startDemo();
  await started.catch(() => undefined);
}, timeout);
afterAll(async () => (await started.catch(() => null))?.close());

async function signIn(user: 'alice' | 'bob'): Promise<Page> {
  const demo = await started;
  const page = await (await demo.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  // Google's consent page, answered in the browser: the test reads where the dashboard was sent.
  await page.route('https://accounts.google.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<h1>Google consent</h1>' }),
  );
  await page.goto(demo.url);
  await page.getByRole('button', { name: new RegExp(`^${user}\\b`) }).click();
  await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
  return page;
}

describe('the Integrations screen in a browser', () => {
  it(
    "connects through Google's consent and back to the dashboard page, which shows the API's refusals",
    async () => {
      const { url } = await started;
      const alice = await signIn('alice');
      await alice.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Integrations' }).click();
      await alice.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
      // Gmail needs its Pub/Sub variables too, so it is not mounted here, and the screen says so.
      await alice.getByText('Gmail is not configured on this server', { exact: false }).waitFor();
      await alice.getByRole('button', { name: 'Connect Google Calendar' }).click();

      await alice.waitForURL(/^https:\/\/accounts\.google\.com\//);
      const consent = new URL(alice.url());
      expect(consent.searchParams.get('client_id')).toBe('nuvatra-test-client');
      expect(new URL(consent.searchParams.get('redirect_uri') ?? '').pathname).toBe('/integrations/calendar/callback');
      const state = consent.searchParams.get('state') ?? '';
      expect(state).not.toBe('');

      // A state this server never issued.
      await alice.goto(`${url}/integrations/calendar/callback?code=not-a-code&state=not-a-state`);
      const refused = alice.getByRole('alert');
      await refused.waitFor();
      expect(await refused.textContent()).toContain('The OAuth state is not one this server issued');
      // The one-time values left the address bar; the way back is a link.
      expect(new URL(alice.url()).search).toBe('');
      expect(await alice.getByRole('link', { name: 'Back to Integrations' }).getAttribute('href')).toBe(
        '/#/integrations',
      );

      // Alice's consent, brought back by Bob (another business): refused, and it stays Alice's.
      const bob = await signIn('bob');
      await bob.goto(`${url}/integrations/calendar/callback?code=not-a-code&state=${encodeURIComponent(state)}`);
      await bob.getByRole('alert').waitFor();
      expect(await bob.getByRole('alert').textContent()).toContain('started by another user or for another business');

      // Alice said no at Google: her consent is used up, nothing is connected, and the screen offers to connect.
      await alice.goto(`${url}/integrations/calendar/callback?error=access_denied&state=${encodeURIComponent(state)}`);
      await alice.getByRole('alert').waitFor();
      expect(await alice.getByRole('alert').textContent()).toContain('Google access was not granted');
      await alice.getByRole('link', { name: 'Back to Integrations' }).click();
      await alice.getByRole('button', { name: 'Connect Google Calendar' }).waitFor();
      expect(new URL(alice.url()).hash).toBe('#/integrations');

      await alice.context().close();
      await bob.context().close();
    },
    timeout,
  );
});
