import { clerkWebhooks } from '@nuvatra/clerk';
import { createConsoleLogger, createNuvatra, type NuvatraEnv, NuvatraError, type NuvatraPlugin } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import { authProviders, openSecretBox, openStorage } from './config.js';
import { seedDemo } from './seed.js';

/** Opens storage, seeds the demo in development, and serves the API; `close()` stops both. */
export async function startServer(env: NuvatraEnv, options: { quiet?: boolean } = {}) {
  const storage = openStorage(env);
  await storage.migrate();
  const { providers, development } = authProviders(env);
  // With development sign-in and no admins configured, `admin` is the global admin, so the admin API can be tried.
  const adminUserIds = env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [];
  if (development) await seedDemo(storage);

  // Provider plugins are mounted when their credentials are configured (TWILIO_*, VAPI_*).
  const plugins: NuvatraPlugin[] = [];
  if (env.twilio) plugins.push(twilio(env.twilio));
  if (env.vapi) plugins.push(vapi({ ...env.vapi, env: {} }));
  if (process.env.CLERK_WEBHOOK_SIGNING_SECRET) plugins.push(clerkWebhooks());
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
  const server = await serve(nuvatra, {
    port: env.port,
    ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
  });
  return {
    url: server.url,
    storage,
    development,
    async close() {
      await server.close();
      await storage.close();
    },
  };
}
