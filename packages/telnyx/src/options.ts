import { NuvatraError } from '@nuvatra/core';
import { z } from 'zod';

export interface TelnyxOptions {
  /** The deployment's Telnyx API key (`TELNYX_API_KEY`): sends for tenants that registered no account of their own. */
  apiKey?: string;
  /**
   * The account's public key (`TELNYX_PUBLIC_KEY`), base64 as Mission Control shows it: every webhook's ed25519
   * signature is checked with it. Required.
   */
  publicKey?: string;
  /** The deployment's messaging profile, used with `apiKey` for tenants without an account of their own. */
  messagingProfileId?: string;
  /** Where Telnyx posts every event, the assistant's dynamic-variables webhook included. `/api/webhooks/telnyx`. */
  webhookPath?: string;
  /**
   * How old (or how far ahead) `telnyx-timestamp` may be, in seconds (300). The telnyx library refuses anything
   * past 300 on its own, so this can only narrow that window.
   */
  toleranceSeconds?: number;
  /** Largest webhook body in bytes (256 KiB). */
  bodyLimit?: number;
  /** Telnyx's REST origin with its version, `https://api.telnyx.com/v2` (a proxy, or a fake in tests). */
  baseUrl?: string;
  /** Where `apiKey` / `publicKey` fall back to: `TELNYX_API_KEY`, `TELNYX_PUBLIC_KEY`; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

const text = z.string().trim().min(1).max(1000);

const optionsSchema = z
  .object({
    apiKey: text.optional(),
    publicKey: z
      .string({ error: 'is required' })
      .trim()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 ed25519 public key from Mission Control (44 characters)'),
    messagingProfileId: text.optional(),
    webhookPath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as "/api/webhooks/telnyx" (no trailing slash)')
      .default('/api/webhooks/telnyx'),
    toleranceSeconds: z.number().int().min(1).max(300).default(300),
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(256 * 1024),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.telnyx.com/v2'),
  })
  .strict()
  .refine((options) => options.messagingProfileId === undefined || options.apiKey !== undefined, {
    message: 'a deployment messaging profile needs the deployment API key (TELNYX_API_KEY)',
    path: ['messagingProfileId'],
  });

export type TelnyxConfig = z.output<typeof optionsSchema>;

const envNames: Record<string, string> = { apiKey: 'TELNYX_API_KEY', publicKey: 'TELNYX_PUBLIC_KEY' };

/** The options with their environment fallbacks, checked once when `telnyx()` runs: never on a request. */
export function parseTelnyxOptions(options: TelnyxOptions): TelnyxConfig {
  const { env: given, ...rest } = options ?? {};
  const env = given ?? globalThis.process?.env ?? {};
  const input = {
    ...rest,
    apiKey: rest.apiKey ?? set(env.TELNYX_API_KEY),
    publicKey: rest.publicKey ?? set(env.TELNYX_PUBLIC_KEY),
  };
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'options';
  const variable = envNames[path];
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message:
      path === 'publicKey' && input.publicKey === undefined
        ? 'telnyx(): publicKey: pass it or set TELNYX_PUBLIC_KEY (Mission Control → Keys & Credentials → Public Key); every Telnyx webhook is refused without it.'
        : `telnyx(): ${variable ? `${path} (${variable})` : path}: ${issue?.message}.`,
    cause: result.error,
  });
}

function set(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}
