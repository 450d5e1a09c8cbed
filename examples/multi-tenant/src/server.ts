import { fileURLToPath } from 'node:url';
import { clerkWebhooks } from '@nuvatra/clerk';
import { createConsoleLogger, createNuvatra, type NuvatraEnv, NuvatraError, type NuvatraPlugin } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import { authProviders, openSecretBox, openStorage } from './config.js';
import { toDashboardConfig } from './dashboard/config.js';
import { createSiteHandler } from './dashboard/site.js';
import { createStaticFiles } from './dashboard/static-files.js';
import { openDevelopmentProviders } from './development-providers.js';
import { seedDemo } from './seed.js';
import { createSeedClock } from './seed-clock.js';

/** Where `vite build --config web/vite.config.ts` puts the dashboard. */
const defaultDashboardDirectory = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface StartOptions {
  /** No request logs. */
  quiet?: boolean;
  /** The built dashboard to serve (default: web/dist). */
  dashboardDirectory?: string;
}

/** Opens storage, seeds the demo in development, and serves the API and the dashboard; `close()` stops both. */
export async function startServer(env: NuvatraEnv, options: StartOptions = {}) {
  const clock = createSeedClock();
  const storage = openStorage(env, { now: clock.now });
  await storage.migrate();
  const { providers, development } = authProviders(env);
  // With development sign-in and no admins configured, `admin` is the global admin, so the admin API can be tried.
  const adminUserIds = env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [];

  // Provider plugins are mounted when their credentials are configured (TWILIO_*, VAPI_*, CLERK_WEBHOOK_*); in
  // development, with generated credentials otherwise, so the simulator's signed webhooks work with no account.
  const simulated = development ? openDevelopmentProviders(env.dataDir) : null;
  const plugins: NuvatraPlugin[] = [];
  if (env.twilio) plugins.push(twilio(env.twilio));
  else if (simulated) plugins.push(twilio(simulated.twilio));
  if (env.vapi) plugins.push(vapi({ ...env.vapi, env: {} }));
  else if (simulated) plugins.push(vapi({ serverSecret: simulated.vapi.serverSecret, env: {} }));
  if (process.env.CLERK_WEBHOOK_SIGNING_SECRET) plugins.push(clerkWebhooks());
  else if (simulated) plugins.push(clerkWebhooks({ signingSecret: simulated.clerk.webhookSigningSecret, env: {} }));
  const publicBaseUrl = env.publicBaseUrl ?? (development ? `http://localhost:${env.port}` : undefined);
  if (plugins.length > 0 && !publicBaseUrl) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'PUBLIC_BASE_URL is not set: Twilio and Vapi sign the URL they call, so it must be known.',
    });
  }

  const nuvatra = createNuvatra({
    storage,
    plugins,
    secretBox: openSecretBox(env),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    auth: providers,
    adminUserIds,
    corsOrigins: env.frontendUrls,
    ...(env.tenantClaim ? { tenantClaim: env.tenantClaim } : {}),
    logger: options.quiet ? false : createConsoleLogger({ level: process.env.LOG_LEVEL === 'info' ? 'info' : 'warn' }),
  });
  const dashboard = createStaticFiles(options.dashboardDirectory ?? defaultDashboardDirectory);
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
  );
  const close = async () => {
    await server.close();
    await storage.close();
  };
  if (development) {
    seeded = seedDemo(storage, { clock, origin: env.publicBaseUrl ?? server.url });
    await seeded.catch(async (error: unknown) => {
      await close();
      throw error;
    });
  }
  return {
    url: server.url,
    /** The dashboard's address, and whether it is built. */
    dashboard: { url: `${server.url}/`, built: dashboard.available },
    storage,
    development,
    close,
  };
}
