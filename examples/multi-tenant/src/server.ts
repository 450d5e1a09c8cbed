import { createConsoleLogger, createNuvatra, type NuvatraEnv } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { authProviders, openStorage } from './config.js';
import { seedDemo } from './seed.js';

/** Opens storage, seeds the demo in development, and serves the API; `close()` stops both. */
export async function startServer(env: NuvatraEnv, options: { quiet?: boolean } = {}) {
  const storage = openStorage(env);
  await storage.migrate();
  const { providers, development } = authProviders(env);
  // With development sign-in and no admins configured, `admin` is the global admin, so the admin API can be tried.
  const adminUserIds = env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [];
  if (development) await seedDemo(storage);

  const nuvatra = createNuvatra({
    storage,
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
