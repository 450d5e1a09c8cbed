import { clerkWebhooks } from '@nuvatra/clerk';
import {
  createConsoleLogger,
  createNuvatra,
  type JobWorkerOptions,
  type Nuvatra,
  type NuvatraEnv,
  NuvatraError,
  type NuvatraJobs,
  type NuvatraPlugin,
  readNuvatraEnv,
  type Storage,
} from '@nuvatra/core';
import { swimSchool } from '@nuvatra/example-swim-school';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import { authProviders, openSecretBox, openStorage, openTenantTokens, readSecretKey } from './config.js';
import { demoSwimSchool } from './demo-data.js';
import { openDevelopmentProviders } from './development-providers.js';
import { openJobQueue } from './jobs.js';

// The deployment's one definition (storage, queue, auth, plugins, createNuvatra) without a listening socket. The
// server (server.ts) serves it; `nuvatra worker --app src/app.ts` works its job queue in a process of its own, and
// `nuvatra tools urls --app src/app.ts --tenant <slug>` prints a tenant's tool URLs from it.

export interface AppOptions {
  /** No request or job logs. */
  quiet?: boolean;
  /** The clock storage stamps records with (the demo seed turns it back to date its past calls). */
  now?: () => Date;
  /** Plugins of your own, mounted after the provider plugins (the tests add one that brings a job). */
  plugins?: NuvatraPlugin[];
  /** The worker the server starts; `false` (NUVATRA_WORKER=0): this process serves HTTP only. */
  worker?: JobWorkerOptions | false;
  /** Clerk's variables (CLERK_*); `process.env` by default. */
  variables?: Record<string, string | undefined>;
}

export interface MultiTenantApp {
  nuvatra: Nuvatra;
  /** The job queue (always configured here): enqueue, start a worker, run what is due. */
  jobs: NuvatraJobs;
  storage: Storage;
  /** Development sign-in and generated provider credentials are on (nothing configured). */
  development: boolean;
  /** Closes the queue and the storage; stop any worker first. */
  close(): Promise<void>;
}

/** Opens and migrates storage and the job queue, and builds the Fetch handler around them. */
export async function openApp(env: NuvatraEnv, options: AppOptions = {}): Promise<MultiTenantApp> {
  const variables = options.variables ?? process.env;
  // Read before anything opens: production without NUVATRA_SECRET_KEY stops here.
  const secretKey = readSecretKey(env);
  const tenantTokens = openTenantTokens(secretKey);
  // An integrator's plugin for one demo tenant: its tools (and tool URLs) exist for splash-swim and no one else.
  const swim = swimSchool({
    tenants: [demoSwimSchool.slug],
    registrationUrl: demoSwimSchool.registrationUrl,
    signer: tenantTokens,
  });
  const storage = openStorage(env, options.now ? { now: options.now } : {});
  const queue = openJobQueue(env, storage);
  const close = async () => {
    await queue.close();
    await storage.close();
  };
  try {
    await storage.migrate({ plugins: [swim] });
    await queue.migrate();
    const { providers, development } = authProviders(env, variables);
    // With development sign-in and no admins configured, `admin` is the global admin, so the admin API can be tried.
    const adminUserIds = env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [];
    const plugins = [...providerPlugins(env, variables, development), ...(options.plugins ?? [])];
    const publicBaseUrl = env.publicBaseUrl ?? (development ? `http://localhost:${env.port}` : undefined);
    // The swim school's tools need PUBLIC_BASE_URL only for their URLs, which `toolUrls` asks for itself.
    if (plugins.length > 0 && !publicBaseUrl) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: 'PUBLIC_BASE_URL is not set: Twilio and Vapi sign the URL they call, so it must be known.',
      });
    }
    const nuvatra = createNuvatra({
      storage,
      plugins: [...plugins, swim],
      secretBox: openSecretBox(secretKey),
      // Signs the voice-agent tool URLs (`nuvatra.toolUrls`, `nuvatra tools urls`).
      tenantTokens,
      ...(publicBaseUrl ? { publicBaseUrl } : {}),
      auth: providers,
      adminUserIds,
      corsOrigins: env.frontendUrls,
      ...(env.tenantClaim ? { tenantClaim: env.tenantClaim } : {}),
      jobs: { driver: queue, worker: options.worker ?? {} },
      logger: options.quiet ? false : createConsoleLogger({ level: variables.LOG_LEVEL === 'info' ? 'info' : 'warn' }),
    });
    const jobs = nuvatra.jobs;
    if (!jobs) throw new Error('createNuvatra was given a job queue but has none');
    return { nuvatra, jobs, storage, development, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Provider plugins are mounted when their credentials are configured (TWILIO_*, VAPI_*, CLERK_WEBHOOK_*); in
 * development, with generated credentials otherwise, so the simulator's signed webhooks work with no account.
 */
function providerPlugins(
  env: NuvatraEnv,
  variables: Record<string, string | undefined>,
  development: boolean,
): NuvatraPlugin[] {
  const simulated = development ? openDevelopmentProviders(env.dataDir) : null;
  const plugins: NuvatraPlugin[] = [];
  if (env.twilio) plugins.push(twilio(env.twilio));
  else if (simulated) plugins.push(twilio(simulated.twilio));
  if (env.vapi) plugins.push(vapi({ ...env.vapi, env: {} }));
  else if (simulated) plugins.push(vapi({ serverSecret: simulated.vapi.serverSecret, env: {} }));
  if (variables.CLERK_WEBHOOK_SIGNING_SECRET) plugins.push(clerkWebhooks({ env: variables }));
  else if (simulated) plugins.push(clerkWebhooks({ signingSecret: simulated.clerk.webhookSigningSecret, env: {} }));
  return plugins;
}

/**
 * The entry `nuvatra worker --app src/app.ts` imports: the same app as the server's, from the same variables,
 * not listening. The command starts the worker and stops it (then calls `close`) on SIGTERM or SIGINT.
 */
export function createApp(variables: Record<string, string | undefined>): Promise<MultiTenantApp> {
  return openApp(readNuvatraEnv(variables), { variables });
}
