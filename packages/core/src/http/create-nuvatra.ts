import { z } from 'zod';
import { adminRoutes } from '../api/admin.js';
import { dashboardRoutes } from '../api/dashboard.js';
import { coreJobsPlugin } from '../api/invitation-job.js';
import { signupRoute } from '../api/signup.js';
import type { AuthProvider } from '../auth/types.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { TenantTokenSigner } from '../crypto/tenant-token.js';
import { createHttpError, NuvatraError, NuvatraHttpError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import { jobAdminRoutes } from '../jobs/admin-routes.js';
import { createJobEnqueuer, type JobEnqueuer, unconfiguredJobs } from '../jobs/enqueue.js';
import { collectJobs, createJobRuntime, type JobsOptions, type NuvatraJobs } from '../jobs/runtime.js';
import { createTenantResolver } from '../resolve/chain.js';
import { credentialTenantResolver } from '../resolve/credential.js';
import { impersonationResolver, principalClaimResolver } from '../resolve/principal.js';
import type { Principal, TenantResolver } from '../resolve/types.js';
import { type Tenant, tenantSlugSchema } from '../schemas/tenant.js';
import type { TenantConfigInput } from '../schemas/tenant-config.js';
import type { Storage } from '../storage/create-storage.js';
import { createId } from '../storage/ids.js';
import { appliesTo, collectTools } from '../tools/registry.js';
import { toolRoute } from '../tools/route.js';
import { listToolUrls, type ToolUrl } from '../tools/tool-url.js';
import { defaultBodyLimit, readJsonBody } from './body.js';
import { createCors } from './cors.js';
import { createConsoleLogger, type Logger, silentLogger } from './log.js';
import { createOpenApiDocument } from './openapi.js';
import type { NuvatraPlugin, RegisteredTool } from './plugin.js';
import { errorResponse, json } from './response.js';
import type { AnyRoute } from './route.js';
import { createRouter } from './router.js';
import { createServices } from './services.js';

export interface NuvatraOptions {
  storage: Storage;
  /** Tried in order; the first that recognises the request's credentials answers. */
  auth: AuthProvider | AuthProvider[];
  /** Global admins by user id (`ADMIN_USER_IDS`), on top of any the auth provider marks. */
  adminUserIds?: readonly string[];
  /** Single-tenant mode (`CLIENT_ID`): every request is in the tenant with this slug; tenant creation is off. */
  singleTenant?: { slug: string };
  plugins?: NuvatraPlugin[];
  /** Browser origins allowed to call the API (`FRONTEND_URL`). */
  corsOrigins?: readonly string[];
  /** Largest JSON body in bytes (1 MiB). */
  bodyLimit?: number;
  /** Where the tenant id sits in a session token's claims (`CLERK_TENANT_CLAIM`). */
  tenantClaim?: string;
  /**
   * Self-serve sign-up without organisations: `POST /api/signup/complete` creates a tenant owned by the signed-in
   * user, once. Off by default.
   */
  selfServeSignup?: boolean;
  /** The configuration a tenant created through the admin API starts from. */
  tenantTemplate?: Partial<Omit<TenantConfigInput, 'businessProfile'>>;
  /** Structured request logs (secrets redacted); `false` for none. */
  logger?: Logger | false;
  /** `PUBLIC_BASE_URL`: the origin providers call; their signatures are checked against it. */
  publicBaseUrl?: string;
  /** Seals tenants' provider credentials; see `createSecretBox` (`NUVATRA_SECRET_KEY`). */
  secretBox?: SecretBox;
  /** The background job queue the plugins' jobs run on (without one, `services.jobs.available` is false). */
  jobs?: JobsOptions;
  /**
   * Signs and checks the tenant tokens of URLs handed to third parties: with it, the plugins' voice-agent tools
   * answer at `POST /api/tools/:name` to holders of a tool URL (`toolUrls`). Use
   * `createTenantTokenSigner({ keys: { k1: NUVATRA_SECRET_KEY }, primaryKeyId: 'k1' })`: tool URLs do not expire,
   * and a new primary key id (dropping the old one) revokes them all.
   */
  tenantTokens?: TenantTokenSigner;
}

/** What a runtime binding (@nuvatra/express, @nuvatra/node) calls: `createNuvatra(...)` returns one. */
export interface FetchHandler {
  handle(request: Request): Promise<Response>;
}

export interface Nuvatra extends FetchHandler {
  readonly routes: readonly AnyRoute[];
  readonly storage: Storage;
  readonly plugins: readonly NuvatraPlugin[];
  /** Every plugin's voice-agent tools by name. */
  readonly tools: ReadonlyMap<string, RegisteredTool>;
  /** The tools a tenant has: those of the plugins that apply to it. The voice plugins offer these. */
  toolsFor(tenant: Tenant): ReadonlyMap<string, RegisteredTool>;
  /**
   * A signed URL for each tool the tenant has, to paste into a voice AI provider's portal (Telnyx webhook tools).
   * Needs `tenantTokens` and `publicBaseUrl`; `ttlSeconds` (default none) limits how long the URLs work.
   */
  toolUrls(tenantId: string, options?: { ttlSeconds?: number | null }): Promise<ToolUrl[]>;
  /** The job queue: enqueue, start a worker, run what is due; null without `jobs` in the options. */
  readonly jobs: NuvatraJobs | null;
}

const optionsSchema = z.object({
  adminUserIds: z.array(z.string().min(1)).default([]),
  singleTenant: z.object({ slug: tenantSlugSchema }).optional(),
  corsOrigins: z.array(z.url().transform((url) => new URL(url).origin)).default([]),
  bodyLimit: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(defaultBodyLimit),
  tenantClaim: z.string().min(1).optional(),
  publicBaseUrl: z
    .url({ protocol: /^https?$/ })
    .transform((url) => new URL(url).origin)
    .optional(),
});

/**
 * Nuvatra as one Fetch handler: authenticate → resolve the tenant → run inside its scope → route. Runs in any
 * runtime with `Request`/`Response`; misconfiguration throws here, not on the first request.
 */
export function createNuvatra(options: NuvatraOptions): Nuvatra {
  if (!options.storage) throw new NuvatraError({ code: 'CONFIG_INVALID', message: 'createNuvatra: pass { storage }.' });
  const authProviders = [options.auth].flat().filter(Boolean);
  if (authProviders.length === 0) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'createNuvatra: pass { auth }: createApiKeyAuth(...), createDevAuth() for local use, or Clerk.',
    });
  }
  const config = (() => {
    const result = optionsSchema.safeParse(options);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `createNuvatra: ${issue?.path.join('.')}: ${issue?.message}.`,
      cause: result.error,
    });
  })();
  const { storage } = options;
  const log = options.logger === false ? silentLogger : (options.logger ?? createConsoleLogger());
  const admins = new Set(config.adminUserIds);
  const plugins = options.plugins ?? [];
  for (const plugin of plugins) {
    if (plugin.storage && !options.storage.hasPluginStorage(plugin.name)) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `Plugin "${plugin.name}" brings tables: run await storage.migrate({ plugins }) before createNuvatra.`,
      });
    }
  }
  const context = {
    storage,
    singleTenant: config.singleTenant ?? null,
    tenantTemplate: options.tenantTemplate ?? {},
    auth: authProviders,
    plugins,
  };

  // Plugins may bring jobs to a deployment without a queue: `services.jobs.available` is then false, a plugin that
  // can do the work inline does so, and an enqueue says how to configure a queue.
  // Core's own jobs (the owner invitation) beside the plugins'.
  const jobDefinitions = collectJobs([...plugins, coreJobsPlugin(authProviders)]);
  // services.jobs is handed out before the runtime exists (the runtime's handlers get services); it forwards.
  let jobs: NuvatraJobs | null = null;
  const jobsService: JobEnqueuer = options.jobs
    ? ({
        available: true,
        enqueue: (job: string, payload: unknown, input?: object) => jobs!.enqueue(job, payload, input),
      } as JobEnqueuer)
    : unconfiguredJobs;

  const registry = collectTools(plugins, jobsService, options.secretBox ?? null);
  // A plugin's `user` routes answer only in the tenants it applies to.
  const routeOwners = new Map<AnyRoute, NuvatraPlugin>();
  for (const plugin of plugins) for (const route of plugin.routes ?? []) routeOwners.set(route, plugin);
  const routes: AnyRoute[] = [
    ...dashboardRoutes,
    ...(options.jobs ? jobAdminRoutes(options.jobs.driver, storage) : []),
    ...adminRoutes(context),
    ...(options.selfServeSignup && !config.singleTenant ? [signupRoute(context)] : []),
    ...(options.tenantTokens
      ? [toolRoute({ signer: options.tenantTokens, registry, bodyLimit: config.bodyLimit })]
      : []),
    ...routeOwners.keys(),
  ];
  const openApiRoute: AnyRoute = {
    method: 'GET',
    path: '/api/openapi.json',
    auth: 'public',
    summary: 'This OpenAPI document',
    tags: ['meta'],
    handle: () => createOpenApiDocument(routes),
  };
  routes.push(openApiRoute);
  const router = createRouter(routes);
  const services = createServices({
    storage,
    plugins,
    tools: registry,
    jobs: jobsService,
    publicBaseUrl: config.publicBaseUrl ?? null,
    secretBox: options.secretBox ?? null,
    tenantTemplate: options.tenantTemplate ?? {},
  });
  if (options.jobs) {
    const enqueuer = createJobEnqueuer({
      definitions: jobDefinitions,
      driver: options.jobs.driver,
      storage,
      now: options.jobs.now ?? (() => new Date()),
      log,
    });
    jobs = createJobRuntime({ jobs: options.jobs, definitions: jobDefinitions, enqueuer, storage, services, log });
  }
  if (!config.publicBaseUrl && routes.some((route) => route.signsUrl)) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        "createNuvatra: a plugin's webhooks are signed over the URL the provider calls; set publicBaseUrl (PUBLIC_BASE_URL).",
    });
  }
  const cors = createCors(config.corsOrigins);
  const resolver = createTenantResolver({ resolvers: userResolvers(storage, config), tenants: storage.tenants });

  async function authenticate(request: Request): Promise<Principal> {
    for (const provider of authProviders) {
      const principal = await provider.authenticate(request);
      if (principal) return admins.has(principal.userId) ? { ...principal, isGlobalAdmin: true } : principal;
    }
    throw createHttpError('UNAUTHENTICATED', 'Sign in: send "Authorization: Bearer <token>" or an API key.');
  }

  async function parseInput(route: AnyRoute, request: Request, url: URL, rawParams: Record<string, string>) {
    const paramsResult = route.params ? route.params.safeParse(rawParams) : { success: true, data: rawParams };
    // An id that cannot exist is as unknown as one that does not: 404, the same answer as another tenant's id.
    if (!paramsResult.success) throw createHttpError('NOT_FOUND', `No such resource: ${url.pathname}.`);
    const query = route.query ? parseOrThrow(route.query, Object.fromEntries(url.searchParams), 'query') : {};
    const body = route.body
      ? await readJsonBody(request, route.body, { limit: route.bodyLimit ?? config.bodyLimit, what: 'request body' })
      : undefined;
    return { params: paramsResult.data, query, body };
  }

  async function dispatch(request: Request, url: URL, fields: Record<string, unknown>): Promise<Response> {
    const match = router.match(request.method, url.pathname);
    if (match.outcome === 'not-found')
      throw createHttpError('NOT_FOUND', `No route ${request.method} ${url.pathname}.`);
    if (match.outcome === 'method-not-allowed') {
      const error = createHttpError('METHOD_NOT_ALLOWED', `${url.pathname} answers ${match.allowed.join(', ')}.`);
      const response = errorResponse(error);
      response.headers.set('allow', match.allowed.join(', '));
      return response;
    }
    const { route } = match;
    const base = { request, url, storage, log, services };
    if (route.auth === 'public' || route.auth === 'provider') {
      const input =
        route.auth === 'public'
          ? await parseInput(route, request, url, match.params)
          : { params: match.params, query: {}, body: undefined };
      return toResponse(await route.handle({ ...base, ...input }));
    }
    const principal = await authenticate(request);
    fields.userId = principal.userId;
    if (route.auth === 'admin') {
      if (!principal.isGlobalAdmin) throw createHttpError('FORBIDDEN', `${url.pathname} is for global admins only.`);
      const input = await parseInput(route, request, url, match.params);
      return toResponse(await route.handle({ ...base, ...input, principal }));
    }
    const resolution = await resolver.resolve({ principal, headers: request.headers, url });
    fields.trace = resolution.trace;
    if (route.auth === 'signed-in') {
      const input = await parseInput(route, request, url, match.params);
      return toResponse(await route.handle({ ...base, ...input, principal, resolution }));
    }
    const resolved = await resolver.require({ principal, headers: request.headers, url });
    if (config.singleTenant && resolved.tenant.slug !== config.singleTenant.slug) {
      throw createHttpError('FORBIDDEN', `This deployment serves only tenant "${config.singleTenant.slug}".`);
    }
    fields.tenantId = resolved.tenantId;
    if (!appliesTo(routeOwners.get(route), resolved.tenant)) {
      throw createHttpError('NOT_FOUND', `No route ${request.method} ${url.pathname}.`);
    }
    const impersonating = resolved.source === 'impersonation';
    if (impersonating) {
      // Its own transaction: the audit record stays even when the request itself fails and rolls back.
      await storage.withTenant(resolved.tenantId, (scope) =>
        scope.auditEvents.record({
          actor: { type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId },
          action: 'tenant.impersonated',
          target: `${request.method} ${url.pathname}`,
        }),
      );
    }
    const input = await parseInput(route, request, url, match.params);
    const result = await storage.withTenant(resolved.tenantId, async (scope) => {
      const answer = await route.handle({ ...base, ...input, principal, scope, resolution: resolved, impersonating });
      // Someone acting as this user (Clerk's `act`): each write is audited with them, in the write's transaction.
      if (principal.actor && request.method !== 'GET' && request.method !== 'HEAD') {
        await scope.auditEvents.record({
          actor: { type: 'user', id: principal.actor.userId },
          action: 'session.impersonated_write',
          target: `${request.method} ${url.pathname}`,
          detail: { asUser: principal.userId },
        });
      }
      return answer;
    });
    return toResponse(result);
  }

  async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    const requestId = createId('req');
    const url = new URL(request.url);
    const fields: Record<string, unknown> = { requestId, method: request.method, path: url.pathname };
    let response: Response;
    try {
      response = cors.preflight(request) ?? (await dispatch(request, url, fields));
    } catch (error) {
      response = errorResponse(error);
      if (response.status >= 500) log.error('request failed', { ...fields, error });
      else fields.error = error instanceof NuvatraHttpError ? error.code : 'UNKNOWN';
    }
    response = cors.apply(request, response);
    response.headers.set('x-request-id', requestId);
    if (request.method === 'HEAD') response = new Response(null, response);
    log.info('request', { ...fields, status: response.status, durationMs: Math.round(performance.now() - started) });
    return response;
  }

  const toolUrls = (tenantId: string, urlOptions: { ttlSeconds?: number | null } = {}) =>
    listToolUrls({
      signer: options.tenantTokens ?? null,
      publicBaseUrl: config.publicBaseUrl ?? null,
      tenants: storage.tenants,
      registry,
      tenantId,
      ...urlOptions,
    });
  return { handle, routes, storage, plugins, tools: registry.all, toolsFor: registry.forTenant, toolUrls, jobs };
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return json(result);
}

function userResolvers(
  storage: Storage,
  config: { singleTenant?: { slug: string } | undefined; tenantClaim?: string | undefined },
): TenantResolver[] {
  const impersonation = impersonationResolver();
  if (config.singleTenant) return [impersonation, singleTenantResolver(storage, config.singleTenant.slug)];
  return [
    impersonation,
    credentialTenantResolver({ routing: storage.routing }),
    principalClaimResolver({ routing: storage.routing, ...(config.tenantClaim ? { claim: config.tenantClaim } : {}) }),
  ];
}

/**
 * Single-tenant mode: the tenant is fixed by configuration, and nothing a request carries may name another one
 * (an admin's `X-Tenant-Id` of another tenant, an API key of another tenant).
 */
function singleTenantResolver(storage: Storage, slug: string): TenantResolver {
  return {
    name: 'single-tenant',
    async resolve({ principal }) {
      const tenantId = await storage.routing.tenantIdBySlug(slug);
      if (!tenantId) {
        return {
          outcome: 'refuse',
          code: 'TENANT_NOT_FOUND',
          reason: `CLIENT_ID "${slug}" names no tenant; run the set-up first`,
        };
      }
      const bound = principal?.tenant;
      if (bound && ('slug' in bound ? bound.slug !== slug : bound.id !== tenantId)) {
        return {
          outcome: 'refuse',
          code: 'FORBIDDEN',
          reason: `${principal?.userId}'s credentials are for another tenant`,
        };
      }
      return { outcome: 'resolved', tenantId, reason: 'single-tenant mode (CLIENT_ID)' };
    },
  };
}
