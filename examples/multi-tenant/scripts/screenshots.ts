import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startBrowserDemo } from './browser-demo.js';

// `pnpm screenshots`: the dashboard's main screens as docs/screenshots/*.png (1280×800), from a fresh demo exactly
// as `pnpm start` seeds it. The list of pictures is docs/screenshots/README.md.

const outDirectory = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

async function settle(page: Page): Promise<void> {
  await page.locator('.app-main .nv-panel').first().waitFor();
  await page.waitForFunction(() => document.querySelector('.nv-loading') === null);
}

async function main() {
  mkdirSync(outDirectory, { recursive: true });
  const demo = await startBrowserDemo();
  console.log(`Built the dashboard in ${Math.round(demo.buildMs)} ms; the demo is on ${demo.url}`);
  try {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const shoot = async (name: string) => {
      await page.screenshot({ path: `${outDirectory}${name}.png` });
      console.log(`docs/screenshots/${name}.png`);
    };
    const openScreen = async (label: string) => {
      await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: label, exact: true }).click();
      await settle(page);
    };
    const signIn = async (user: string) => {
      await page.goto(demo.url);
      await page.getByRole('button', { name: new RegExp(`^${user}\\b`) }).click();
      await settle(page);
    };

    await page.goto(demo.url);
    await page.getByRole('heading', { name: 'Sign in to the Nuvatra demo' }).waitFor();
    await shoot('01-sign-in');

    await signIn('alice');
    await page.locator('.nv-call-table__row').first().waitFor();
    await shoot('02-calls');
    await page.locator('.nv-call-table__open').first().click();
    await page.locator('.nv-call-detail .nv-bubble').first().waitFor();
    await page.locator('.nv-call-detail').scrollIntoViewIfNeeded();
    await shoot('03-call-detail');

    await openScreen('Stats');
    await shoot('04-stats');
    await openScreen('Conversations');
    await page.locator('.nv-conversations__item').first().click();
    await settle(page);
    await shoot('05-conversations');
    await openScreen('Appointments');
    await shoot('06-appointments');
    await openScreen('Intents');
    await shoot('07-intents');

    await openScreen('Phone numbers');
    const form = page.getByRole('form', { name: 'Add a phone number' });
    await form.getByLabel(/^Number/).fill('+1 555 020 0002');
    await form.getByRole('button', { name: 'Add number' }).click();
    await form.getByRole('alert').waitFor();
    await form.scrollIntoViewIfNeeded();
    await shoot('08-phone-numbers-conflict');

    await openScreen('Hours');
    await shoot('09-working-hours');
    await openScreen('Profile');
    await shoot('10-profile');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('admin');
    await page.getByRole('row', { name: /Harbor Bistro/ }).waitFor();
    await shoot('11-admin-tenants');
    await page
      .getByRole('row', { name: /Harbor Bistro/ })
      .getByRole('button', { name: /^Impersonate/ })
      .click();
    await page.locator('.nv-impersonation-banner').getByText('Harbor Bistro').waitFor();
    await page.locator('.nv-call-table__row').first().waitFor();
    await shoot('12-impersonation');
  } finally {
    await demo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
