import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserDemo, startBrowserDemo } from '../scripts/browser-demo.js';
import { harborBistroActivity } from '../src/demo-activity-harbor.js';
import { sunriseDentalActivity } from '../src/demo-activity-sunrise.js';

// The dashboard end to end: built by Vite, served by the example server next to the API, driven in Chromium.

const timeout = 120_000;
let started: Promise<BrowserDemo>;

beforeAll(async () => {
  started = startBrowserDemo();
  // A failure (no /usr/bin/chromium, say) is not the hook's: every test awaits `started` and fails with it, so
  // the run reports failed tests with the reason rather than skipped ones.
  await started.catch(() => undefined);
}, timeout);
afterAll(async () => (await started.catch(() => null))?.close());

/** A fresh browser context (its own sessionStorage), signed in through the development picker. */
async function signIn(user: 'alice' | 'bob' | 'admin'): Promise<Page> {
  const demo = await started;
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(demo.url);
  await page.getByRole('button', { name: new RegExp(`^${user}\\b`) }).click();
  await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
  return page;
}

async function open(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: screen, exact: true }).click();
}

describe('the example dashboard in a browser', () => {
  it(
    "shows an owner only their own business's calls, and an opened call with its transcript and recording",
    async () => {
      const page = await signIn('alice');
      await expect.poll(() => page.locator('.app-tenant').textContent()).toBe('Sunrise Dental');
      const summaries = page.locator('.nv-call-table__summary');
      await expect.poll(() => summaries.count()).toBe(sunriseDentalActivity.calls.length);
      const shown = await summaries.allTextContents();
      expect(shown.toSorted()).toEqual(sunriseDentalActivity.calls.map((call) => call.summary).toSorted());
      for (const call of harborBistroActivity.calls) expect(shown).not.toContain(call.summary);

      const call = sunriseDentalActivity.calls[0]!;
      await page.getByRole('row').filter({ hasText: call.summary }).getByRole('button').click();
      const bubbles = page.locator('.nv-call-detail .nv-bubble');
      await expect.poll(() => bubbles.count()).toBe(call.turns.length);
      expect(await bubbles.first().textContent()).toContain(call.turns[0]![1]);
      const audio = page.getByLabel(/^Recording of the call from/);
      await audio.waitFor({ state: 'visible' });
      const recording = await page.request.get((await audio.getAttribute('src')) ?? '');
      expect(recording.headers()['content-type']).toBe('audio/wav');
      // The open call is in the URL, so a reload comes back to it.
      expect(new URL(page.url()).hash).toMatch(/^#\/calls\/call_/);
      await page.context().close();
    },
    timeout,
  );

  it(
    "keeps an owner's edit of an intent's example phrase after the page is reloaded",
    async () => {
      const page = await signIn('alice');
      await open(page, 'Intents');
      const intent = page.getByRole('form', { name: 'book_appointment' });
      const phrase = intent.getByLabel(/^Example phrase 1 in/);
      await phrase.fill('Can I come in for a cleaning on Monday?');
      await intent.getByRole('button', { name: /^Save/ }).click();
      await intent.getByRole('status').getByText('Saved book_appointment.').waitFor();

      await page.reload();
      const reloaded = page.getByRole('form', { name: 'book_appointment' }).getByLabel(/^Example phrase 1 in/);
      await expect.poll(() => reloaded.inputValue()).toBe('Can I come in for a cleaning on Monday?');
      await page.context().close();
    },
    timeout,
  );

  it(
    'lets the operator create a tenant, see it listed and impersonate it under a banner that names it',
    async () => {
      const page = await signIn('admin');
      // The operator belongs to no business, so the dashboard opens on the tenants.
      await page.getByRole('heading', { level: 1, name: 'Admin: tenants' }).waitFor();
      const form = page.getByRole('form', { name: 'Create a tenant' });
      await form.getByLabel('Name', { exact: true }).fill('Lakeside Swim School');
      await form.getByLabel(/^Owner user id/).fill('dave');
      await form.getByRole('button', { name: 'Create tenant' }).click();
      await form.getByRole('status').getByText('Created Lakeside Swim School.').waitFor();

      const row = page.getByRole('row', { name: /Lakeside Swim School/ });
      await row.getByRole('button', { name: /^Impersonate/ }).click();
      const banner = page.locator('.nv-impersonation-banner');
      await banner.getByText('Lakeside Swim School').waitFor();
      expect(await banner.textContent()).toContain('You are viewing Lakeside Swim School');
      await expect.poll(() => page.locator('.app-tenant').textContent()).toBe('Lakeside Swim School');
      await page.context().close();
    },
    timeout,
  );

  it(
    "shows the API's own words when an owner adds a number another business has",
    async () => {
      const page = await signIn('alice');
      await open(page, 'Phone numbers');
      const form = page.getByRole('form', { name: 'Add a phone number' });
      await form.getByLabel(/^Number/).fill('+1 555 020 0002');
      await form.getByRole('button', { name: 'Add number' }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Could not add the number.');
      expect(await alert.textContent()).toMatch(/another tenant|already/i);
      await page.context().close();
    },
    timeout,
  );
});
