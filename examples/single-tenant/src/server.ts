import {
  applyClientConfig,
  createConsoleLogger,
  createNuvatra,
  type JobWorker,
  type JobWorkerOptions,
  type NuvatraEnv,
  NuvatraError,
  type NuvatraJobs,
  type NuvatraPlugin,
  type Storage,
  type Tenant,
} from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createSqliteJobQueue } from '@nuvatra/storage-sqlite';
import { twilio } from '@nuvatra/twilio';
import { type VapiOptions, vapi } from '@nuvatra/vapi';
import { type ClientFile, readClientFile } from './client-file.js';
import { authProviders, databaseFile, openSecretBox, openStorage } from './config.js';

export interface StartOptions {
  /** Where the client folders are; this example's `clients/` by default (`NUVATRA_CLIENTS_DIR` in main.ts). */
  clientsDirectory?: string;
  /** No request log. */
  quiet?: boolean;
  /** Clerk's variables (CLERK_SECRET_KEY, CLERK_JWT_KEY, …); `process.env` by default. */
  variables?: Record<string, string | undefined>;
  /** Vapi settings the environment does not carry: tests point `baseUrl` at a fake Vapi on loopback. */
  vapi?: Pick<VapiOptions, 'baseUrl' | 'onError'>;
  /** Plugins of your own, after Twilio and Vapi (the tests add one that brings a job). */
  plugins?: NuvatraPlugin[];
  /** The job worker started with the server; `false` (NUVATRA_WORKER=0): none, run `nuvatra worker` instead. */
  worker?: JobWorkerOptions | false;
}

export interface SingleTenantServer {
  url: string;
  client: ClientFile;
  tenant: Tenant;
  /** The SQLite file everything is stored in. */
  databaseFile: string;
  storage: Storage;
  /** The job queue (`jobs` in the same SQLite file). */
  jobs: NuvatraJobs;
  /** The worker started with the server; null with `worker: false`. */
  worker: JobWorker | null;
  development: boolean;
  /** Stops taking requests, then the worker (running jobs finish or go back to the queue), then closes storage. */
  close(): Promise<void>;
}

/**
 * One business per deployment: reads clients/<CLIENT_ID>/config.json, makes storage match it (the file is the
 * source of truth on every start), and serves the API for that tenant alone.
 */
export async function startServer(env: NuvatraEnv, options: StartOptions = {}): Promise<SingleTenantServer> {
  const client = readClientFile(env, options.clientsDirectory);
  const { providers, development } = authProviders(env, options.variables);
  const plugins = [...providerPlugins(env, options), ...(options.plugins ?? [])];
  const storage = openStorage(env);
  const queue = createSqliteJobQueue({ storage });
  try {
    await storage.migrate();
    await queue.migrate();
    await refuseOtherTenants(storage, client.clientId, databaseFile(env));
    const tenant = await applyClientConfig(storage, client.clientId, client.config);
    const nuvatra = createNuvatra({
      storage,
      singleTenant: { slug: client.clientId },
      plugins,
      secretBox: openSecretBox(env),
      ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
      auth: providers,
      // With development sign-in and no admins configured, `admin` is a global admin, to show that even one
      // cannot reach past this business.
      adminUserIds: env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [],
      corsOrigins: env.frontendUrls,
      ...(env.tenantClaim ? { tenantClaim: env.tenantClaim } : {}),
      logger: options.quiet
        ? false
        : createConsoleLogger({ level: process.env.LOG_LEVEL === 'info' ? 'info' : 'warn' }),
      jobs: { driver: queue, worker: options.worker ?? {} },
    });
    const jobs = nuvatra.jobs;
    if (!jobs) throw new Error('createNuvatra was given a job queue but has none');
    const server = await serve(nuvatra, {
      port: env.port,
      ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
    });
    const worker = jobs.worker === false ? null : jobs.startWorker();
    return {
      url: server.url,
      client,
      tenant,
      databaseFile: databaseFile(env),
      storage,
      jobs,
      worker,
      development,
      async close() {
        await server.close();
        // Before the storage closes: running jobs finish within the grace period, or go back to the queue (due
        // now) for the next start. A process killed instead frees them when their lease lapses.
        await worker?.stop();
        await queue.close();
        await storage.close();
      },
    };
  } catch (error) {
    await queue.close();
    await storage.close();
    throw error;
  }
}

/** Twilio and Vapi, each when its credentials are in the environment (TWILIO_*, VAPI_*). */
function providerPlugins(env: NuvatraEnv, options: StartOptions): NuvatraPlugin[] {
  const plugins: NuvatraPlugin[] = [];
  if (env.twilio) plugins.push(twilio(env.twilio));
  if (env.vapi) plugins.push(vapi({ ...env.vapi, ...options.vapi, env: {} }));
  // Providers sign the URL they call; one rebuilt from the Host header would not match it behind a proxy.
  if (plugins.length > 0 && !env.publicBaseUrl) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `PUBLIC_BASE_URL is not set: ${plugins.map((plugin) => plugin.name).join(' and ')} sign the URL they call, so it must be known (e.g. https://clinic.example.com).`,
    });
  }
  return plugins;
}

/**
 * A data directory belongs to one business. Starting another CLIENT_ID on it would quietly make it a
 * multi-tenant database, so that stops start-up instead.
 */
async function refuseOtherTenants(storage: Storage, clientId: string, file: string): Promise<void> {
  const { items } = await storage.tenants.list({ limit: 2 });
  const other = items.find((tenant) => tenant.slug !== clientId);
  if (other) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `${file} holds the business "${other.slug}", not CLIENT_ID "${clientId}": give each client its own NUVATRA_DATA_DIR.`,
    });
  }
}
