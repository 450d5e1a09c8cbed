import {
  type ChannelAddress,
  createHttpError,
  type NuvatraServices,
  RECONSTRUCTED_BODY_HEADER,
  type RouteContext,
  readBodyBytes,
  type Storage,
  type TenantResolution,
} from '@nuvatra/core';
import twilioSdk from 'twilio';
import { toChannel } from './map.js';
import type { TwilioConfig } from './options.js';

/** Set by @nuvatra/express when a body parser consumed the bytes and the body had to be rebuilt from its result. */

export type WebhookContext = RouteContext<'provider', Record<string, string>>;
export type TwilioForm = Record<string, string | string[]>;

/** A webhook whose signature checked out, with the tenant its called number (or forwarding line) points at. */
export interface VerifiedWebhook {
  form: TwilioForm;
  channel: ChannelAddress;
  resolution: TenantResolution;
}

/**
 * Twilio's signature check, done by the official library: HMAC-SHA1 with the account's auth token over the URL
 * Twilio called (with its query) followed by every POST parameter, sorted by name.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  signature: string;
  url: string;
  params: TwilioForm;
}): boolean {
  return twilioSdk.validateRequest(input.authToken, input.signature, input.url, input.params);
}

/**
 * Reads a Twilio webhook and proves Twilio sent it, before anything is stored: the raw form body, the URL Twilio
 * called (PUBLIC_BASE_URL + path + query, never the Host or X-Forwarded-* headers), and the auth token of the
 * account named in AccountSid: the tenant's own subaccount when the number's tenant registered that account,
 * else the deployment's. Anything else is 403 INVALID_SIGNATURE.
 */
export async function receiveTwilioWebhook(
  context: WebhookContext,
  config: TwilioConfig,
  kind: 'voice' | 'sms',
): Promise<VerifiedWebhook> {
  const { request, url, services, storage } = context;
  if (request.headers.has(RECONSTRUCTED_BODY_HEADER)) {
    throw createHttpError(
      'CONFIG_INVALID',
      `A body parser read the Twilio webhook at ${url.pathname} before Nuvatra, so its signature cannot be checked: ` +
        'mount nuvatra() before express.urlencoded(), or pass { verify: captureRawBody } to the parser.',
    );
  }
  const signature = request.headers.get('x-twilio-signature');
  if (!signature) {
    throw createHttpError('INVALID_SIGNATURE', 'The X-Twilio-Signature header is missing: only Twilio may call this.');
  }
  if (!services.publicBaseUrl) {
    throw createHttpError('CONFIG_INVALID', 'Twilio webhooks need PUBLIC_BASE_URL, the URL Twilio signs.');
  }
  const form = await readForm(request, config.bodyLimit);
  const channel = toChannel(form, kind);
  // Read-only routing lookups on unverified input: they choose which account's token to verify with.
  const resolution = await services.resolveChannel(channel);
  const accountSid = typeof form.AccountSid === 'string' ? form.AccountSid : '';
  const authToken = await authTokenFor(accountSid, tenantIdOf(resolution), { config, services, storage });
  const calledUrl = `${services.publicBaseUrl}${url.pathname}${url.search}`;
  if (!authToken || !verifyTwilioSignature({ authToken, signature, url: calledUrl, params: form })) {
    throw createHttpError(
      'INVALID_SIGNATURE',
      `X-Twilio-Signature does not match ${calledUrl} and this body under the auth token of the account in AccountSid.`,
    );
  }
  return { form, channel, resolution };
}

async function readForm(request: Request, limit: number): Promise<TwilioForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type.trim())) {
    throw createHttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Twilio webhooks are application/x-www-form-urlencoded${type ? ` (got "${type}")` : ''}.`,
    );
  }
  const search = new URLSearchParams(new TextDecoder().decode(await readBodyBytes(request, limit)));
  const form: TwilioForm = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    form[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return form;
}

/** The tenant the call is for, resolved or refused as suspended: the one whose own account may have signed it. */
function tenantIdOf(resolution: TenantResolution): string | undefined {
  return resolution.outcome === 'unresolved' ? undefined : resolution.tenantId;
}

async function authTokenFor(
  accountSid: string,
  tenantId: string | undefined,
  deps: { config: TwilioConfig; services: NuvatraServices; storage: Storage },
): Promise<string | null> {
  const secretBox = deps.config.secretBox ?? deps.services.secretBox;
  if (tenantId && secretBox) {
    const account = await deps.storage.withTenant(tenantId, (scope) => scope.providerAccounts.get('twilio'));
    if (account && account.accountId === accountSid) return secretBox.open(account.sealedSecret, tenantId);
  }
  if (deps.config.accountSid && accountSid === deps.config.accountSid) return deps.config.authToken ?? null;
  return null;
}
