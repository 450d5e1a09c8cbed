import { NuvatraError, type SecretBox } from '@nuvatra/core';
import type { RequestClient } from 'twilio';
import { z } from 'zod';
import { accountSidSchema } from './schemas.js';

export interface TwilioOptions {
  /** The deployment's own Twilio account (`TWILIO_ACCOUNT_SID`); with `authToken`, or neither. */
  accountSid?: string;
  /** Its auth token (`TWILIO_AUTH_TOKEN`): verifies webhooks naming `accountSid` and provisions numbers. */
  authToken?: string;
  /** Where the webhooks live: `${webhookPath}/voice`, `/status`, `/sms`. Default `/api/webhooks/twilio`. */
  webhookPath?: string;
  /** Largest webhook body in bytes (64 KiB). */
  bodyLimit?: number;
  /** How the polite answers are spoken: a `<Say>` language such as "en-US", and optionally a voice. */
  speech?: { language?: string; voice?: string };
  /** What callers hear when no business takes the call. */
  messages?: Partial<TwilioMessages>;
  /**
   * The secret box createNuvatra got (`NUVATRA_SECRET_KEY`). Number hooks receive no services, so provisioning a
   * number in a tenant's own Twilio account needs it here; webhooks and the account routes use core's otherwise.
   */
  secretBox?: SecretBox;
  /** The twilio library's HTTP client (`ClientOpts.httpClient`), e.g. a proxy-aware one or a test double. */
  httpClient?: RequestClient;
}

export interface TwilioMessages {
  /** The called number (or the line forwarded to a shared number) belongs to no business here. */
  notRegistered: string;
  /** The business is suspended. */
  unavailable: string;
  /** The business is known but no voice agent took the call; said after the business's greeting, if any. */
  noAgent: string;
}

export const defaultMessages: TwilioMessages = {
  notRegistered:
    'Sorry, this number is not registered with our service. Please check the number and try again. Goodbye.',
  unavailable: 'Sorry, this business cannot take calls right now. Please try again later. Goodbye.',
  noAgent: 'Sorry, no one can take your call right now. Please try again later. Goodbye.',
};

const message = z.string().trim().min(1).max(1000);

const optionsSchema = z
  .object({
    accountSid: accountSidSchema.optional(),
    authToken: z.string().trim().min(1).max(255).optional(),
    webhookPath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as "/api/webhooks/twilio" (no trailing slash)')
      .default('/api/webhooks/twilio'),
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(64 * 1024),
    speech: z
      .object({
        language: z
          .string()
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en-US"')
          .default('en-US'),
        voice: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .default({ language: 'en-US' }),
    messages: z
      .object({ notRegistered: message, unavailable: message, noAgent: message })
      .partial()
      .strict()
      .default({})
      .transform((messages) => ({ ...defaultMessages, ...messages })),
    secretBox: z.custom<SecretBox>(isSecretBox, 'must be a secret box from createSecretBox').optional(),
    httpClient: z.custom<RequestClient>(isRequestClient, 'must be a twilio RequestClient').optional(),
  })
  .strict()
  .refine((options) => (options.accountSid === undefined) === (options.authToken === undefined), {
    message: 'pass accountSid and authToken together (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN), or neither',
    path: ['authToken'],
  });

export type TwilioConfig = z.output<typeof optionsSchema>;

/** The options, checked once when `twilio()` runs: a bad value fails at start-up, never on a call. */
export function parseTwilioOptions(options: TwilioOptions): TwilioConfig {
  const result = optionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `twilio(): ${issue?.path.join('.') || 'options'}: ${issue?.message}.`,
    cause: result.error,
  });
}

function isSecretBox(value: unknown): boolean {
  const box = value as Partial<SecretBox> | null;
  return typeof box?.seal === 'function' && typeof box.open === 'function';
}

function isRequestClient(value: unknown): boolean {
  return typeof (value as { request?: unknown } | null)?.request === 'function';
}
