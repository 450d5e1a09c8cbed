import {
  type AnyRoute,
  createHttpError,
  createId,
  defineRoute,
  errorResponse,
  json,
  NuvatraHttpError,
  type NuvatraServices,
  type Principal,
  type SecretBox,
  type Storage,
  type TenantScope,
} from '@nuvatra/core';
import { z } from 'zod';
import { googleError } from './errors.js';
import type { GoogleOAuth } from './oauth.js';
import type { ConnectionView, GoogleConnectionConfig } from './options.js';
import { openState, sealState } from './state.js';
import { type ConnectionStore, toView } from './store.js';

const connectionViewSchema = z.object({
  kind: z.string(),
  email: z.string().nullable(),
  status: z.enum(['connected', 'broken']),
  brokenReason: z.string().optional(),
  scopes: z.array(z.string()),
  connectedAt: z.string(),
});
const connectionAnswer = z.object({ connection: connectionViewSchema.nullable() });

const callbackSchema = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(4096),
  /** Google's refusal (`access_denied` when the user clicks Cancel). */
  error: z.string().max(200).optional(),
});

const actorOf = (principal: Principal) =>
  ({ type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId }) as const;

export function requireSecretBox(services: { secretBox: SecretBox | null }): SecretBox {
  if (services.secretBox) return services.secretBox;
  throw new NuvatraHttpError(409, {
    code: 'CONFIG_INVALID',
    message:
      'Google connections keep their tokens sealed, and this deployment has no secret box: set NUVATRA_SECRET_KEY.',
  });
}

interface Parts {
  config: GoogleConnectionConfig;
  store: ConnectionStore;
  oauth: GoogleOAuth;
  disconnect(scope: TenantScope, services: NuvatraServices, storage: Storage): Promise<{ revoked: boolean } | null>;
}

/** connect → (Google) → callback; the connection's status; disconnect. All for a signed-in member of the tenant. */
export function connectionRoutes(parts: Parts): AnyRoute[] {
  const { config, store, oauth } = parts;
  const prefix = config.routePrefix;
  const tags = [`google-${config.kind}`];
  const audit = (action: string) => `google.${config.kind}.${action}`;

  async function connect(scope: TenantScope, principal: Principal, services: NuvatraServices) {
    const secretBox = requireSecretBox(services);
    const now = config.now();
    const states = scope.model(store.names.states);
    // Consents abandoned earlier are of no use to anyone.
    await states.delete([{ field: 'expiresAt', op: 'lt', value: new Date(now).toISOString() }]);
    const nonce = createId('gst');
    const { codeVerifier, codeChallenge } = await oauth.pkce();
    await states.insert({
      id: nonce,
      userId: principal.userId,
      sealedVerifier: await secretBox.seal(codeVerifier, `google:${config.kind}:${scope.tenantId}:${nonce}`),
      expiresAt: new Date(now + config.stateTtlMs).toISOString(),
      createdAt: new Date(now).toISOString(),
    });
    const state = await sealState(secretBox, {
      t: scope.tenantId,
      u: principal.userId,
      k: config.kind,
      n: nonce,
      e: now + config.stateTtlMs,
    });
    return oauth.consentUrl({ state, codeChallenge });
  }

  /**
   * Every refusal is audited in the signed-in tenant and answered (not thrown), so the audit record and the used
   * nonce commit while nothing else was written.
   */
  async function callback(
    scope: TenantScope,
    principal: Principal,
    services: NuvatraServices,
    storage: Storage,
    input: z.output<typeof callbackSchema>,
  ): Promise<Response | { connection: ConnectionView }> {
    const secretBox = requireSecretBox(services);
    const refuse = async (error: NuvatraHttpError) => {
      await scope.auditEvents.record({
        actor: actorOf(principal),
        action: audit('connect_refused'),
        target: config.kind,
        detail: { code: error.code, reason: error.message },
      });
      return errorResponse(error);
    };
    const claims = await openState(secretBox, input.state);
    if (!claims || claims.k !== config.kind) {
      return refuse(
        googleError('OAUTH_STATE_INVALID', 'The OAuth state is not one this server issued: start connecting again.'),
      );
    }
    if (claims.t !== scope.tenantId || claims.u !== principal.userId) {
      return refuse(
        googleError(
          'OAUTH_STATE_MISMATCH',
          'This consent was started by another user or for another business: sign in as them, or start connecting again.',
        ),
      );
    }
    const states = scope.model(store.names.states);
    const byNonce = [
      { field: 'id', value: claims.n },
      { field: 'userId', value: claims.u },
    ];
    if (config.now() >= claims.e) {
      await states.delete(byNonce);
      return refuse(
        googleError('OAUTH_STATE_EXPIRED', 'The consent took too long and expired: start connecting again.'),
      );
    }
    // Single use: whoever deletes the row goes on; a replay finds nothing to delete.
    const pending = await states.findOne(byNonce);
    if (!pending || (await states.delete(byNonce)) !== 1) {
      return refuse(googleError('OAUTH_STATE_USED', 'This consent was already used: start connecting again.'));
    }
    if (input.error || !input.code) {
      const denied = input.error === 'access_denied' || !input.code;
      return refuse(
        googleError(
          'OAUTH_ACCESS_DENIED',
          denied
            ? `Google access was not granted, so the ${config.label} is not connected. Connect again and allow access.`
            : `Google refused the consent (${input.error}): connect again.`,
        ),
      );
    }
    let codeVerifier: string;
    try {
      codeVerifier = await secretBox.open(
        String(pending.sealedVerifier),
        `google:${config.kind}:${scope.tenantId}:${claims.n}`,
      );
    } catch {
      return refuse(
        googleError('OAUTH_STATE_INVALID', 'The consent in progress is unreadable: start connecting again.'),
      );
    }
    let tokens: Awaited<ReturnType<GoogleOAuth['exchange']>>;
    try {
      tokens = await oauth.exchange(input.code, codeVerifier);
    } catch (error) {
      if (error instanceof NuvatraHttpError && error.status < 500) return refuse(error);
      throw error;
    }
    if (!tokens.refreshToken) {
      await oauth.revoke(tokens.accessToken);
      return refuse(
        googleError(
          'OAUTH_CODE_INVALID',
          'Google granted no offline access (no refresh token): remove the app at myaccount.google.com/permissions and connect again.',
        ),
      );
    }
    const email = await oauth.email(tokens);
    const sealedTokens = await store.seal(scope, secretBox, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    });
    const row = await store.save(
      scope,
      { email, scopes: tokens.scopes, sealedTokens, expiresAt: tokens.expiresAt, principal },
      config.now(),
    );
    const connection = toView(config.kind, row);
    await scope.auditEvents.record({
      actor: actorOf(principal),
      action: audit('connected'),
      target: email ?? config.kind,
      detail: { scopes: tokens.scopes },
    });
    await config.onConnected?.({ scope, connection, accessToken: tokens.accessToken, services, storage });
    return { connection };
  }

  const callbackResponses = {
    200: { description: 'Connected', schema: connectionAnswer },
    400: { description: 'OAUTH_STATE_INVALID, OAUTH_STATE_EXPIRED, OAUTH_ACCESS_DENIED or OAUTH_CODE_INVALID' },
    403: { description: 'OAUTH_STATE_MISMATCH: started by another user or tenant' },
    409: { description: 'OAUTH_STATE_USED: the consent was already used' },
  };

  return [
    defineRoute({
      method: 'GET',
      path: `${prefix}/connect`,
      auth: 'user',
      summary: `Start connecting the tenant's Google ${config.label}: the consent URL (or a redirect to it)`,
      tags,
      query: z.object({ redirect: z.enum(['0', '1', 'true', 'false']).optional() }),
      responses: {
        200: { description: 'The consent URL', schema: z.object({ url: z.string() }) },
        302: { description: 'A redirect to the consent URL (?redirect=1)' },
      },
      async handle({ scope, principal, services, query }) {
        const url = await connect(scope, principal, services);
        if (query.redirect === '1' || query.redirect === 'true') {
          return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store' } });
        }
        return json({ url }, { headers: { 'cache-control': 'no-store' } });
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${prefix}/callback`,
      auth: 'user',
      summary: `Finish connecting the Google ${config.label} (Google's redirect, with a cookie session)`,
      tags,
      query: callbackSchema,
      responses: callbackResponses,
      handle: ({ scope, principal, services, storage, query }) => callback(scope, principal, services, storage, query),
    }),
    defineRoute({
      method: 'POST',
      path: `${prefix}/callback`,
      auth: 'user',
      summary: `Finish connecting the Google ${config.label} (the dashboard posts the code and state)`,
      tags,
      body: callbackSchema,
      responses: callbackResponses,
      handle: ({ scope, principal, services, storage, body }) => callback(scope, principal, services, storage, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${prefix}/connection`,
      auth: 'user',
      summary: `The tenant's Google ${config.label} connection: account, status; never a token`,
      tags,
      responses: { 200: { description: 'The connection, or null', schema: connectionAnswer } },
      async handle({ scope }) {
        const row = await store.read(scope);
        return { connection: row ? toView(config.kind, row) : null };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${prefix}/connection`,
      auth: 'user',
      summary: `Disconnect the Google ${config.label}: revoked at Google (best effort) and forgotten here`,
      tags,
      responses: {
        200: {
          description: 'Disconnected; `revoked` says whether Google confirmed the revocation',
          schema: z.object({ disconnected: z.literal(true), revoked: z.boolean(), message: z.string() }),
        },
        404: { description: 'Nothing was connected' },
      },
      async handle({ scope, principal, services, storage }) {
        const result = await parts.disconnect(scope, services, storage);
        if (!result) throw createHttpError('NOT_FOUND', `No Google ${config.label} is connected.`);
        await scope.auditEvents.record({
          actor: actorOf(principal),
          action: audit('disconnected'),
          target: config.kind,
          detail: { revoked: result.revoked },
        });
        return {
          disconnected: true as const,
          revoked: result.revoked,
          message: result.revoked
            ? `The Google ${config.label} is disconnected and its access revoked at Google.`
            : `The Google ${config.label} is disconnected here, but Google did not confirm the revocation: remove the app at myaccount.google.com/permissions.`,
        };
      },
    }),
  ];
}
