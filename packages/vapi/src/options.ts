import { NuvatraError } from '@nuvatra/core';
import { z } from 'zod';

const text = z.string().trim().min(1);

/** How Vapi signs server messages with an HMAC credential (Vapi's `HMACAuthenticationPlan`, its defaults). */
const hmacSchema = z
  .object({
    secret: text,
    algorithm: z.enum(['sha256', 'sha512', 'sha1']).default('sha256'),
    signatureHeader: text.default('x-signature'),
    timestampHeader: text.default('x-timestamp'),
    signaturePrefix: z.string().default(''),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** How old a signed timestamp may be before the message is refused as a replay. */
    toleranceSeconds: z.number().int().min(1).max(3600).default(300),
  })
  .strict();

const optionsSchema = z
  .object({
    apiKey: text.optional(),
    serverSecret: text.min(16, 'must be at least 16 characters (openssl rand -hex 32)'),
    credentialId: text.optional(),
    hmac: hmacSchema.optional(),
    phoneNumberId: text.optional(),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.vapi.ai'),
    model: z
      .object({ provider: text, model: text, temperature: z.number().min(0).max(2).optional() })
      .strict()
      .default({ provider: 'openai', model: 'gpt-4o' }),
    voice: z
      .object({ provider: text, voiceId: text, model: text.optional() })
      .strict()
      .default({ provider: '11labs', voiceId: 'sarah', model: 'eleven_multilingual_v2' }),
    transcriber: z.record(z.string(), z.unknown()).optional(),
    unavailableMessage: text.max(1000).default('Sorry, we cannot take your call right now. Please try again later.'),
    requestTimeoutSeconds: z.number().min(1).max(14).default(10),
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
  })
  .strict();

export type VapiSettings = z.output<typeof optionsSchema>;
export type VapiHmacOptions = z.input<typeof hmacSchema>;

export interface VapiOptions {
  /** Private API key (`VAPI_API_KEY`). Without it the plugin does not take calls from Twilio (`handOffCall` passes). */
  apiKey?: string;
  /** The secret every server message must carry (`VAPI_SERVER_SECRET`): `X-Vapi-Secret`, or a Bearer credential. */
  serverSecret?: string;
  /** A Vapi custom credential (Bearer or HMAC) for the transient assistants' server URL, instead of `X-Vapi-Secret`. */
  credentialId?: string;
  /** Accept messages signed by a Vapi HMAC credential; mirrors the credential's settings. */
  hmac?: VapiHmacOptions;
  /** The Vapi phone number (a Twilio number imported into Vapi) provider-bypassed calls are created on. */
  phoneNumberId?: string;
  /** Vapi's API origin; `https://api.vapi.ai`. */
  baseUrl?: string;
  /** The model when a tenant names none; a tenant's `voiceAgent.model` replaces `model`. */
  model?: { provider: string; model: string; temperature?: number };
  /** The voice when a tenant names none; a tenant's `voiceAgent.voiceProvider` / `voiceId` replace these. */
  voice?: { provider: string; voiceId: string; model?: string };
  /** Vapi transcriber settings; default Deepgram nova-3 in the tenant's language (`multi` for several). */
  transcriber?: Record<string, unknown>;
  /** What Vapi says to a caller no business could be found for (or a suspended one). */
  unavailableMessage?: string;
  /** Seconds to wait for Vapi's REST API during a hand-off (10); Twilio waits 15 for the whole webhook. */
  requestTimeoutSeconds?: number;
  /** Largest server message in bytes (4 MiB): end-of-call reports carry the whole transcript. */
  bodyLimit?: number;
  /** Where `apiKey` / `serverSecret` fall back to: `VAPI_API_KEY`, `VAPI_SERVER_SECRET`; `process.env` by default. */
  env?: Record<string, string | undefined>;
  /** Hears about hand-offs Vapi refused or could not answer (the call then falls back); `console.error` by default. */
  onError?: (error: unknown) => void;
}

const envNames: Record<string, string> = { apiKey: 'VAPI_API_KEY', serverSecret: 'VAPI_SERVER_SECRET' };

/** Validates the options once, at start-up; a problem names the option and its environment variable. */
export function parseVapiOptions(options: VapiOptions): VapiSettings {
  const { env: givenEnv, onError: _, ...rest } = options;
  const env = givenEnv ?? globalThis.process?.env ?? {};
  const input = {
    ...rest,
    apiKey: rest.apiKey ?? blankToUndefined(env.VAPI_API_KEY),
    serverSecret: rest.serverSecret ?? blankToUndefined(env.VAPI_SERVER_SECRET),
  };
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const envName = envNames[path];
  const missing = issue?.code === 'invalid_type' && input[path as keyof typeof input] === undefined;
  const what = envName ? `${path} (${envName})` : path;
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: missing
      ? `vapi: pass ${path} or set ${envName ?? path}; the Vapi webhook refuses every message without it.`
      : `vapi: ${what}: ${issue?.message}.`,
    cause: result.error,
  });
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}
