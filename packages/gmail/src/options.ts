import { NuvatraError } from '@nuvatra/core';
import { z } from 'zod';

export interface GmailPubSubOptions {
  /** The Pub/Sub topic Gmail publishes to, `projects/<project>/topics/<topic>` (`GMAIL_PUBSUB_TOPIC`). */
  topicName: string;
  /**
   * The audience the push subscription puts in its OIDC token (`GMAIL_PUBSUB_AUDIENCE`): set it on the subscription
   * ("Enable authentication" → audience); by default Pub/Sub uses the push endpoint URL.
   */
  audience: string;
  /** The service account the push subscription signs as (`GMAIL_PUBSUB_SERVICE_ACCOUNT`): its token's `email`. */
  serviceAccountEmail: string;
}

/** Google's OAuth endpoints, for a proxy or a fake in tests; handed to `@nuvatra/google` as they are. */
export interface GmailOAuthEndpoints {
  authUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
  userinfoUrl?: string;
}

export interface GmailOptions {
  /** The OAuth client of the Google Cloud project (`GOOGLE_CLIENT_ID`). */
  clientId: string;
  /** Its secret (`GOOGLE_CLIENT_SECRET`). */
  clientSecret: string;
  /** Where Google sends the tenant back after consent: `<PUBLIC_BASE_URL>/api/gmail/callback`. */
  redirectUri: string;
  pubsub: GmailPubSubOptions;
  /** Google's OAuth endpoints (tests, proxies). */
  endpoints?: GmailOAuthEndpoints;
  /** The Gmail API's root, `https://gmail.googleapis.com/` (a fake in tests). */
  rootUrl?: string;
  /**
   * Google's signing certificates for OIDC tokens, PEM by key id: `https://www.googleapis.com/oauth2/v1/certs`
   * (a fake in tests).
   */
  certsUrl?: string;
  /** Largest push body in bytes (64 KiB; Gmail's notifications are a few hundred bytes). */
  bodyLimit?: number;
  /**
   * Epoch milliseconds, like `Date.now` (the default): when the next watch renewal is due, and the connection's token
   * expiry. Tests inject a clock shared with the job queue.
   */
  now?: () => number;
}

const text = z.string().trim().min(1).max(2000);
const httpUrl = z.url({ protocol: /^https?$/ });

const optionsSchema = z
  .object({
    clientId: text,
    clientSecret: text,
    redirectUri: httpUrl,
    pubsub: z
      .object({
        topicName: z
          .string()
          .trim()
          .regex(/^projects\/[^/]+\/topics\/[^/]+$/, 'must be a topic name such as "projects/my-project/topics/gmail"'),
        audience: text,
        serviceAccountEmail: z.email().transform((email) => email.toLowerCase()),
      })
      .strict(),
    endpoints: z
      .object({
        authUrl: httpUrl.optional(),
        tokenUrl: httpUrl.optional(),
        revokeUrl: httpUrl.optional(),
        userinfoUrl: httpUrl.optional(),
      })
      .strict()
      .optional(),
    rootUrl: httpUrl.transform((url) => (url.endsWith('/') ? url : `${url}/`)).default('https://gmail.googleapis.com/'),
    certsUrl: httpUrl.default('https://www.googleapis.com/oauth2/v1/certs'),
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(64 * 1024),
    now: z
      .custom<() => number>((value) => typeof value === 'function', 'must be a function answering epoch milliseconds')
      .default(() => Date.now),
  })
  .strict();

export type GmailConfig = z.output<typeof optionsSchema> & { pushPath: string };

/** The path Pub/Sub pushes to. */
export const pushPath = '/api/gmail/push';

export function parseGmailOptions(options: GmailOptions): GmailConfig {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new NuvatraError({ code: 'CONFIG_INVALID', message: `gmailPlugin options: ${issues.join('; ')}` });
  }
  return { ...parsed.data, pushPath };
}
