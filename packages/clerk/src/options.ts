import { NuvatraError } from '@nuvatra/core';
import { Webhook } from 'svix';
import { z } from 'zod';

/** Where options not passed are read from: `process.env` unless given. */
type Env = Record<string, string | undefined>;

export interface ClerkAuthOptions {
  /** `CLERK_SECRET_KEY` (starts with `sk_`): fetches Clerk's JWKS to verify tokens, and sends invitations. */
  secretKey?: string;
  /** `CLERK_JWT_KEY`: the instance's PEM public key; tokens are then verified with no network call. */
  jwtKey?: string;
  /** `CLERK_AUTHORIZED_PARTIES`: the origins (`azp`) tokens may come from, comma-separated. Set it in production. */
  authorizedParties?: string | readonly string[];
  /** Allowed difference between Clerk's clock and ours, in ms (5,000; at most 60,000). */
  clockSkewInMs?: number;
  /** Clerk's Backend API (`CLERK_API_URL`, default https://api.clerk.com). */
  apiUrl?: string;
  /** Clerk user ids that are global admins, counted only for users Clerk verified. */
  adminUserIds?: readonly string[];
  /** `FRONTEND_URL`: invitation links lead to its first origin + `invitationRedirectPath`. */
  frontendUrl?: string | readonly string[];
  /** Page of the frontend that completes sign-up from an invitation (`/sign-up`). */
  invitationRedirectPath?: string;
  /** Refuse sessions Clerk marks `pending` (session tasks left, e.g. choosing an organisation). Default true. */
  treatPendingAsSignedOut?: boolean;
  /** Read instead of `process.env` for the variables above. */
  env?: Env;
}

export interface ClerkWebhooksOptions {
  /** `CLERK_WEBHOOK_SIGNING_SECRET` (`whsec_…`), from the endpoint's page in Clerk's dashboard. */
  signingSecret?: string;
  /** Where Clerk (Svix) posts events: `/api/webhooks/clerk`. */
  path?: string;
  /** Largest event in bytes (256 KiB). */
  bodyLimit?: number;
  /** Read instead of `process.env`. */
  env?: Env;
}

const list = (value: string | readonly string[] | undefined) =>
  (typeof value === 'string' ? value.split(',') : (value ?? [])).map((item) => item.trim()).filter(Boolean);

const origin = z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin);

/** Clerk's networkless check reads a 2048-bit RSA key in SPKI PEM, the only kind Clerk issues. */
const rsa2048Spki = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA';

const pem = z
  .string()
  // Env files often hold the PEM on one line with literal "\n".
  .transform((value) => value.replace(/\\n/g, '\n').trim())
  .refine((value) => {
    const body = /^-----BEGIN PUBLIC KEY-----([\s\S]+)-----END PUBLIC KEY-----$/.exec(value)?.[1];
    return body?.replace(/\s/g, '').startsWith(rsa2048Spki) === true;
  }, 'must be the PEM public key from Clerk\'s dashboard (API keys → "Show JWT public key" → PEM)');

const authSchema = z
  .object({
    secretKey: z
      .string()
      .trim()
      .regex(/^sk_[a-z]+_\S+$/, 'must be a Clerk secret key: it starts with "sk_" ("pk_" is the publishable key)')
      .optional(),
    jwtKey: pem.optional(),
    authorizedParties: z.array(origin),
    clockSkewInMs: z.number().int().min(0).max(60_000).default(5_000),
    apiUrl: origin.optional(),
    adminUserIds: z.array(z.string().trim().min(1)).default([]),
    frontendUrl: z.array(origin),
    invitationRedirectPath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$/, 'must be a path such as "/sign-up"')
      .default('/sign-up'),
    treatPendingAsSignedOut: z.boolean().default(true),
  })
  .strict()
  .refine((options) => options.secretKey || options.jwtKey, {
    message: 'pass jwtKey (CLERK_JWT_KEY) or secretKey (CLERK_SECRET_KEY) to verify session tokens',
    path: ['jwtKey'],
  });
export type ClerkAuthConfig = z.output<typeof authSchema>;

const authEnvNames: Record<string, string> = {
  secretKey: 'CLERK_SECRET_KEY',
  jwtKey: 'CLERK_JWT_KEY',
  authorizedParties: 'CLERK_AUTHORIZED_PARTIES',
  apiUrl: 'CLERK_API_URL',
  frontendUrl: 'FRONTEND_URL',
};

/** `clerkAuth` options with their environment fallbacks, checked once: a bad value fails at start-up. */
export function parseClerkAuthOptions(options: ClerkAuthOptions): ClerkAuthConfig {
  const { env: given, ...rest } = options ?? {};
  const env = given ?? globalThis.process?.env ?? {};
  const merged = {
    ...rest,
    secretKey: rest.secretKey ?? set(env.CLERK_SECRET_KEY),
    jwtKey: rest.jwtKey ?? set(env.CLERK_JWT_KEY),
    authorizedParties: list(rest.authorizedParties ?? env.CLERK_AUTHORIZED_PARTIES),
    apiUrl: rest.apiUrl ?? set(env.CLERK_API_URL),
    frontendUrl: list(rest.frontendUrl ?? env.FRONTEND_URL),
  };
  return parseOrThrow('clerkAuth', authSchema, merged, authEnvNames);
}

const webhooksSchema = z
  .object({
    signingSecret: z
      .string({ error: 'is required: the signing secret of the endpoint in Clerk’s dashboard (whsec_…)' })
      .trim()
      .refine(isSvixSecret, 'must be the endpoint’s signing secret from Clerk’s dashboard (whsec_…)'),
    path: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as "/api/webhooks/clerk" (no trailing slash)')
      .default('/api/webhooks/clerk'),
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(256 * 1024),
  })
  .strict();
export type ClerkWebhooksConfig = z.output<typeof webhooksSchema>;

/** `clerkWebhooks` options with their environment fallback, checked once. */
export function parseClerkWebhooksOptions(options: ClerkWebhooksOptions): ClerkWebhooksConfig {
  const { env: given, ...rest } = options ?? {};
  const env = given ?? globalThis.process?.env ?? {};
  const merged = { ...rest, signingSecret: rest.signingSecret ?? set(env.CLERK_WEBHOOK_SIGNING_SECRET) };
  return parseOrThrow('clerkWebhooks', webhooksSchema, merged, { signingSecret: 'CLERK_WEBHOOK_SIGNING_SECRET' });
}

function isSvixSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
}

/** An empty variable (`FOO=`) means unset. */
function set(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

function parseOrThrow<S extends z.ZodType>(
  factory: string,
  schema: S,
  input: unknown,
  envNames: Record<string, string>,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [key] = issue?.path ?? [];
  const option = issue?.path.join('.') || 'options';
  const variable = typeof key === 'string' ? envNames[key] : undefined;
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `${factory}(): ${option}${variable ? ` (${variable})` : ''}: ${issue?.message}.`,
    cause: result.error,
  });
}
