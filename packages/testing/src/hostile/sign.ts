import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { Webhook } from 'svix';
import twilio from 'twilio';
import type { Hostile } from './context.js';
import type { HostileTenant } from './options.js';

// Genuine and forged provider requests and session tokens. Genuine ones are signed by the providers' official
// libraries (twilio, svix) with the deployment's credentials; forged ones by an attacker's means.

export type Form = Record<string, string>;

/** `AC` + 32 hex digits / `CA` + 32 hex digits / `SM` + 32: fresh ids shaped like Twilio's. */
export const twilioSid = (prefix: 'AC' | 'CA' | 'SM') => `${prefix}${randomBytes(16).toString('hex')}`;

export function twilioPaths(hostile: Hostile) {
  const base = hostile.target.providers.twilio.webhookPath ?? '/api/webhooks/twilio';
  return { voice: `${base}/voice`, sms: `${base}/sms`, status: `${base}/status` };
}

/** An inbound call's voice webhook parameters, as Twilio sends them. */
export function voiceForm(hostile: Hostile, fields: Form): Form {
  return {
    AccountSid: hostile.target.providers.twilio.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: twilioSid('CA'),
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: '+15550109911',
    ...fields,
  };
}

/** An inbound SMS's parameters. */
export function smsForm(hostile: Hostile, fields: Form): Form {
  return {
    AccountSid: hostile.target.providers.twilio.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: twilioSid('SM'),
    SmsSid: twilioSid('SM'),
    From: '+15550109912',
    Body: 'Hello',
    NumMedia: '0',
    ...fields,
  };
}

/** X-Twilio-Signature of `params` posted to `url`, by the twilio library; the deployment's token by default. */
export function twilioSignature(hostile: Hostile, url: string, params: Form, authToken?: string): string {
  const token = authToken ?? hostile.target.providers.twilio.authToken;
  return twilio.getExpectedTwilioSignature(token, url, params);
}

/** POSTs a form to a Twilio webhook path with the given signature (`null`: no header). */
export function postTwilio(
  hostile: Hostile,
  path: string,
  params: Form,
  signature: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${hostile.target.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      ...headers,
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** A Twilio webhook signed genuinely for the public URL of `path`. */
export function postSignedTwilio(hostile: Hostile, path: string, params: Form): Promise<Response> {
  const signature = twilioSignature(hostile, `${hostile.target.publicBaseUrl}${path}`, params);
  return postTwilio(hostile, path, params, signature);
}

/** Svix's three headers for `body`, signed with `secret` (the deployment's by default) at `signedAt`. */
export function svixHeaders(
  hostile: Hostile,
  body: string,
  options: { messageId?: string; signedAt?: Date; secret?: string } = {},
): Record<string, string> {
  const messageId = options.messageId ?? `msg_${randomBytes(12).toString('hex')}`;
  const signedAt = options.signedAt ?? new Date();
  const secret = options.secret ?? hostile.target.providers.clerk.webhookSigningSecret;
  return {
    'content-type': 'application/json',
    'svix-id': messageId,
    'svix-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(messageId, signedAt, body),
  };
}

/** A fresh `whsec_` secret nobody configured. */
export const foreignSvixSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export function postClerk(hostile: Hostile, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  const path = hostile.target.providers.clerk.path ?? '/api/webhooks/clerk';
  return fetch(`${hostile.target.baseUrl}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
}

/** A Clerk `user.created` event with a fresh user id. */
export function clerkUserCreated(): string {
  const now = Date.now();
  const id = `user_${randomBytes(13).toString('hex')}`;
  const emailId = `idn_${randomBytes(13).toString('hex')}`;
  return JSON.stringify({
    type: 'user.created',
    object: 'event',
    timestamp: now,
    instance_id: `ins_${randomBytes(13).toString('hex')}`,
    data: {
      id,
      object: 'user',
      first_name: 'Mallory',
      last_name: 'Hostile',
      created_at: now,
      updated_at: now,
      primary_email_address_id: emailId,
      email_addresses: [{ id: emailId, object: 'email_address', email_address: `${id.slice(5, 17)}@example.com` }],
      public_metadata: {},
      private_metadata: {},
      unsafe_metadata: {},
    },
  });
}

/** POSTs a Vapi server message with the given headers (the server secret, or a forgery). */
export function postVapi(hostile: Hostile, message: unknown, headers: Record<string, string>) {
  const path = hostile.target.providers.vapi.path ?? '/api/webhooks/vapi';
  return fetch(`${hostile.target.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof message === 'string' ? message : JSON.stringify(message),
  });
}

/** The deployment's Vapi server secret header. */
export const vapiSecret = (hostile: Hostile) => ({ 'x-vapi-secret': hostile.target.providers.vapi.serverSecret });

/** A Vapi message about a call: `end-of-call-report` by default, with `call` and top-level fields merged in. */
export function vapiMessage(input: {
  type?: 'end-of-call-report' | 'status-update';
  vapiCallId: string;
  to?: string;
  metadata?: Record<string, unknown>;
  call?: Record<string, unknown>;
  fields?: Record<string, unknown>;
}) {
  const endedAt = new Date();
  const startedAt = new Date(endedAt.getTime() - 60_000);
  const assistant = { name: 'Receptionist', ...(input.metadata ? { metadata: input.metadata } : {}) };
  const phoneNumber = input.to ? { phoneNumber: { id: `pn_${input.vapiCallId}`, number: input.to } } : {};
  const type = input.type ?? 'end-of-call-report';
  return {
    message: {
      type,
      timestamp: endedAt.getTime(),
      ...(type === 'end-of-call-report'
        ? {
            endedReason: 'customer-ended-call',
            startedAt: startedAt.toISOString(),
            endedAt: endedAt.toISOString(),
            durationSeconds: 60,
            artifact: { transcript: 'AI: Hello.\nUser: Goodbye.', messages: [] },
            analysis: { summary: 'A short call.' },
          }
        : { status: 'in-progress' }),
      ...phoneNumber,
      customer: { number: '+15550109913' },
      assistant,
      call: {
        id: input.vapiCallId,
        type: 'inboundPhoneCall',
        status: 'ended',
        customer: { number: '+15550109913' },
        ...phoneNumber,
        assistant,
        ...input.call,
      },
      ...input.fields,
    },
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A session token's claims for a member of `tenant`, issued now unless `claims` say otherwise. */
export function sessionClaims(hostile: Hostile, tenant: HostileTenant, claims: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000) - 1;
  return {
    azp: hostile.target.sessions.authorizedParty,
    iss: hostile.target.sessions.issuer,
    iat,
    nbf: iat - 5,
    exp: iat + 60,
    sid: `sess_${randomBytes(13).toString('hex')}`,
    ...tenant.sessionClaims,
    ...claims,
  };
}

/** An RS256 JWT of `claims`, signed with `privateKey` (the issuer's own unless given). */
export function signJwt(
  hostile: Hostile,
  claims: Record<string, unknown>,
  options: { privateKey?: KeyObject; header?: Record<string, unknown> } = {},
): string {
  const header = { alg: 'RS256', kid: hostile.target.sessions.kid, typ: 'JWT', ...options.header };
  const input = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), options.privateKey ?? hostile.target.sessions.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** `alg: none`, no signature: the classic forgery. */
export function unsignedJwt(hostile: Hostile, claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', kid: hostile.target.sessions.kid, typ: 'JWT' })}.${base64url(claims)}.`;
}

/** HS256 keyed with the issuer's public key, for verifiers that take the key whatever the algorithm. */
export function publicKeyHmacJwt(hostile: Hostile, claims: Record<string, unknown>): string {
  const input = `${base64url({ alg: 'HS256', kid: hostile.target.sessions.kid, typ: 'JWT' })}.${base64url(claims)}`;
  const signature = createHmac('sha256', hostile.target.sessions.publicKeyPem).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** A genuine token whose payload was edited afterwards, the signature kept. */
export function withEditedPayload(token: string, edit: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(claims);
  return `${header}.${base64url(claims)}.${signature}`;
}

let foreignKey: KeyObject | undefined;

/** An RSA key of another issuer (generated once per run). */
export function foreignPrivateKey(): KeyObject {
  foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return foreignKey;
}

/** `Authorization: Bearer <token>`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A member of `tenant`, signed in with a genuine session token. */
export function memberOf(hostile: Hostile, tenant: HostileTenant): Record<string, string> {
  return bearer(signJwt(hostile, sessionClaims(hostile, tenant)));
}
