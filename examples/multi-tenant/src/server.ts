import { fileURLToPath } from 'node:url';
import type { JobWorker, NuvatraEnv } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { type AppOptions, openApp } from './app.js';
import { toDashboardConfig } from './dashboard/config.js';
import { createSiteHandler } from './dashboard/site.js';
import { createStaticFiles } from './dashboard/static-files.js';
import { seedDemo, seedDemoSwimSchool } from './seed.js';
import { createSeedClock } from './seed-clock.js';

/** Where `vite build --config web/vite.config.ts` puts the dashboard. */
const defaultDashboardDirectory = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface StartOptions extends Pick<AppOptions, 'quiet' | 'plugins' | 'worker' | 'variables' | 'google'> {
  /** The built dashboard to serve (default: web/dist). */
  dashboardDirectory?: string;
}

/**
 * Opens the app (storage, job queue, plugins), seeds the demo in development, serves the API and the dashboard,
 * and starts the job worker unless `worker: false` (NUVATRA_WORKER=0). `close()` stops all of it.
 */
export async function startServer(env: NuvatraEnv, options: StartOptions = {}) {
  const { dashboardDirectory, ...appOptions } = options;
  const clock = createSeedClock();
  const app = await openApp(env, { ...appOptions, now: clock.now });
  const { nuvatra, jobs, storage, development } = app;
  const dashboard = createStaticFiles(dashboardDirectory ?? defaultDashboardDirectory);
  const site = createSiteHandler({
    api: nuvatra,
    dashboard,
    config: toDashboardConfig(development),
    demoRecordings: development,
  });

  // The seed needs the server's own URL (with port 0 it is known only once listening) for the recordings' links,
  // so requests wait for it; it also has the storage clock to itself meanwhile.
  let seeded: Promise<unknown> = Promise.resolve();
  const server = await serve(
    {
      async handle(request) {
        await seeded;
        return site.handle(request);
      },
    },
    { port: env.port, ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}) },
  ).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  let worker: JobWorker | null = null;
  const close = async () => {
    await server.close();
    // Before the storage closes: running jobs finish within the grace period, or go back to the queue (due now)
    // for the next worker. A process killed instead frees them when their lease lapses.
    await worker?.stop();
    await app.close();
  };
  if (development) {
    seeded = seedDemo(storage, { clock, origin: env.publicBaseUrl ?? server.url }).then(() =>
      seedDemoSwimSchool(storage),
    );
    await seeded.catch(async (error: unknown) => {
      await close();
      throw error;
    });
  }
  // After the seed: a job's writes would otherwise be stamped with the seed's turned-back clock.
  if (jobs.worker !== false) worker = jobs.startWorker();
  return {
    url: server.url,
    /** The app's handler: tests ask it for a tenant's tool URLs. */
    nuvatra,
    /** The dashboard's address, and whether it is built. */
    dashboard: { url: `${server.url}/`, built: dashboard.available },
    storage,
    /** The job queue: tests enqueue through it and read jobs back. */
    jobs,
    /** The worker started with the server; null with `worker: false` (NUVATRA_WORKER=0). */
    worker,
    development,
    close,
  };
}
