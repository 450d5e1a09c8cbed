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
import { gmailPlugin } from '@nuvatra/gmail';
import { googleCalendarPlugin } from '@nuvatra/google-calendar';
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
  /**
   * Where the Google plugins reach Google (tests: a fake on loopback). Code only, never an environment variable, so
   * no deployment's tokens can be redirected by configuration. `now` is the calendar connection's clock.
   */
  google?: GoogleTestEndpoints;
}

export interface GoogleTestEndpoints {
  endpoints?: { authUrl?: string; tokenUrl?: string; revokeUrl?: string; userinfoUrl?: string };
  /** One root serving both APIs' paths (`gmail/v1/…`, `calendar/v3/…`). */
  rootUrl?: string;
  /** Google's OIDC certificates, for Gmail push tokens. */
  certsUrl?: string;
  now?: () => number;
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
    const { providers, development } = authProviders(env, variables);
    // With development sign-in and no admins configured, `admin` is the global admin, so the admin API can be tried.
    const adminUserIds = env.adminUserIds.length > 0 ? env.adminUserIds : development ? ['admin'] : [];
    const plugins = [...providerPlugins(env, variables, development, options.google), ...(options.plugins ?? [])];
    // Plugins may bring tables (Gmail's connection and mailbox): migrated with the swim school's.
    await storage.migrate({ plugins: [...plugins, swim] });
    await queue.migrate();
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
  google: GoogleTestEndpoints = {},
): NuvatraPlugin[] {
  const simulated = development ? openDevelopmentProviders(env.dataDir) : null;
  const plugins: NuvatraPlugin[] = [];
  if (env.twilio) plugins.push(twilio(env.twilio));
  else if (simulated) plugins.push(twilio(simulated.twilio));
  if (env.vapi) plugins.push(vapi({ ...env.vapi, env: {} }));
  else if (simulated) plugins.push(vapi({ serverSecret: simulated.vapi.serverSecret, env: {} }));
  if (variables.CLERK_WEBHOOK_SIGNING_SECRET) plugins.push(clerkWebhooks({ env: variables }));
  else if (simulated) plugins.push(clerkWebhooks({ signingSecret: simulated.clerk.webhookSigningSecret, env: {} }));
  const { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GMAIL_PUBSUB_TOPIC, GMAIL_PUBSUB_AUDIENCE } = variables;
  const gmailPushAccount = variables.GMAIL_PUBSUB_SERVICE_ACCOUNT;
  // Google sends the browser back to the dashboard's callback pages, which post the code with the user's token.
  const origin = dashboardOrigin(env);
  if (GOOGLE_CLIENT_ID && GOOGLE_CLIENT_SECRET && GMAIL_PUBSUB_TOPIC && GMAIL_PUBSUB_AUDIENCE && gmailPushAccount) {
    plugins.push(
      gmailPlugin({
        clientId: GOOGLE_CLIENT_ID,
        clientSecret: GOOGLE_CLIENT_SECRET,
        redirectUri: variables.GMAIL_REDIRECT_URI ?? `${origin}/integrations/gmail/callback`,
        pubsub: {
          topicName: GMAIL_PUBSUB_TOPIC,
          audience: GMAIL_PUBSUB_AUDIENCE,
          serviceAccountEmail: gmailPushAccount,
        },
        ...(google.endpoints ? { endpoints: google.endpoints } : {}),
        ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
        ...(google.certsUrl ? { certsUrl: google.certsUrl } : {}),
      }),
    );
  }
  if (GOOGLE_CLIENT_ID && GOOGLE_CLIENT_SECRET) {
    plugins.push(
      googleCalendarPlugin({
        clientId: GOOGLE_CLIENT_ID,
        clientSecret: GOOGLE_CLIENT_SECRET,
        redirectUri: variables.GOOGLE_CALENDAR_REDIRECT_URI ?? `${origin}/integrations/calendar/callback`,
        ...(google.endpoints ? { endpoints: google.endpoints } : {}),
        ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
        ...(google.now ? { now: google.now } : {}),
      }),
    );
  }
  return plugins;
}

/**
 * The entry `nuvatra worker --app src/app.ts` imports: the same app as the server's, from the same variables,
 * not listening. The command starts the worker and stops it (then calls `close`) on SIGTERM or SIGINT.
 */
export function createApp(variables: Record<string, string | undefined>): Promise<MultiTenantApp> {
  return openApp(readNuvatraEnv(variables), { variables });
}

/** Where the dashboard is: FRONTEND_URL's first entry, else this server (it serves the dashboard too). */
function dashboardOrigin(env: NuvatraEnv): string {
  const frontend = env.frontendUrls[0];
  if (frontend) return new URL(frontend).origin;
  return env.publicBaseUrl ? new URL(env.publicBaseUrl).origin : `http://localhost:${env.port}`;
}
