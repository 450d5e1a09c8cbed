import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNuvatraEnv } from '@nuvatra/core';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { startServer } from '../src/server.js';

// What the browser tests and the screenshot script share: the dashboard built with the example's own Vite config,
// the example server in development mode on a free port with fresh data, and Debian's Chromium.

/** Debian's package, so no browser is downloaded (playwright-core brings none); .ci/run installs it. */
export const chromiumPath = '/usr/bin/chromium';

const viteConfigFile = fileURLToPath(new URL('../web/vite.config.ts', import.meta.url));

/** Builds the dashboard into `outDir` (absolute); resolves with how long it took, in milliseconds. */
export async function buildDashboard(outDir: string): Promise<number> {
  const started = performance.now();
  // Vite builds for production only when NODE_ENV is unset or "production", and Vitest sets it to "test": the JSX
  // would then be compiled for React's development runtime. The build gets the environment `vite build` has.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: viteConfigFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return performance.now() - started;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: the browser tests drive Debian's Chromium. Install it with \`apt-get install chromium\` (.ci/run does this).`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // No sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keeps it off the network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface BrowserDemo {
  /** The dashboard, e.g. http://localhost:41234 */
  url: string;
  browser: Browser;
  /** How long the Vite build took, in milliseconds. */
  buildMs: number;
  close(): Promise<void>;
}

/** The example as `pnpm start` runs it, but on a free port, with a temporary data directory and build. */
export async function startBrowserDemo(): Promise<BrowserDemo> {
  const browser = await launchChromium();
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-dashboard-'));
  try {
    const dashboardDirectory = join(directory, 'dist');
    const buildMs = await buildDashboard(dashboardDirectory);
    const env = readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: join(directory, 'data') });
    const server = await startServer(env, { quiet: true, dashboardDirectory });
    return {
      url: server.url,
      browser,
      buildMs,
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
