import { NuvatraError, type NuvatraServices, type Storage, type TenantScope } from '@nuvatra/core';
import { z } from 'zod';

/** Google's own addresses; tests and proxies point them elsewhere through `endpoints`. */
export const googleEndpoints = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
};

export interface GoogleConnectionEvent {
  scope: TenantScope;
  connection: ConnectionView;
  /** The fresh access token (connect) or null (disconnect). Never log it. */
  accessToken: string | null;
  services: NuvatraServices;
  /** The deployment's storage, for global rows (routing external ids); absent when `disconnect` was called without it. */
  storage?: Storage;
}

export interface GoogleConnectionOptions {
  /** What the connection is for: `calendar`, `gmail`. Names the tables, the routes' tags and the error codes. */
  kind: string;
  /** OAuth scopes to ask for; `openid` and `email` are added (the connected account's address comes from them). */
  scopes: string[];
  /** Where the routes live: `/api/calendar` → `/api/calendar/connect`, `/callback`, `/connection`. */
  routePrefix: string;
  /** The OAuth client of Google Cloud's console (`GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET`). */
  clientId: string;
  clientSecret: string;
  /** The page Google sends the browser back to: it must be listed on the OAuth client. */
  redirectUri: string;
  endpoints?: Partial<typeof googleEndpoints>;
  /** How long a consent may take, from `connect` to the callback (10 minutes). */
  stateTtlMs?: number;
  /** Runs inside the tenant's scope after the connection is stored (and commits with it). */
  onConnected?(event: GoogleConnectionEvent): Promise<void> | void;
  onDisconnected?(event: GoogleConnectionEvent): Promise<void> | void;
  /** Epoch milliseconds, like `Date.now`; tests inject a clock. */
  now?: () => number;
}

const kindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,19}$/, 'must be 1-20 lowercase letters or digits, e.g. "calendar"');
const optionsSchema = z.object({
  kind: kindSchema,
  scopes: z.array(z.string().min(1)).min(1),
  routePrefix: z.string().regex(/^\/[a-z0-9/_-]*[a-z0-9]$/, 'must be a path such as "/api/calendar"'),
  clientId: z.string().min(1, 'is empty: set GOOGLE_CLIENT_ID'),
  clientSecret: z.string().min(1, 'is empty: set GOOGLE_CLIENT_SECRET'),
  redirectUri: z.url({ protocol: /^https?$/ }),
  endpoints: z
    .object({
      authUrl: z.url().optional(),
      tokenUrl: z.url().optional(),
      revokeUrl: z.url().optional(),
      userinfoUrl: z.url().optional(),
    })
    .default({}),
  stateTtlMs: z
    .number()
    .int()
    .min(10_000)
    .max(60 * 60_000)
    .default(10 * 60_000),
});

export interface GoogleConnectionConfig extends z.output<typeof optionsSchema> {
  endpoints: typeof googleEndpoints;
  label: string;
  onConnected: GoogleConnectionOptions['onConnected'];
  onDisconnected: GoogleConnectionOptions['onDisconnected'];
  now: () => number;
}

/** Checks the options once, at start-up: a mistake is CONFIG_INVALID naming the option. */
export function parseGoogleConnectionOptions(options: GoogleConnectionOptions): GoogleConnectionConfig {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `defineGoogleConnection: ${issue?.path.join('.') || 'options'} ${issue?.message}.`,
      cause: result.error,
    });
  }
  const scopes = [...new Set([...result.data.scopes, 'openid', 'email'])];
  return {
    ...result.data,
    scopes,
    endpoints: { ...googleEndpoints, ...result.data.endpoints },
    label: result.data.kind === 'gmail' ? 'Gmail' : `${result.data.kind[0]?.toUpperCase()}${result.data.kind.slice(1)}`,
    onConnected: options.onConnected,
    onDisconnected: options.onDisconnected,
    now: options.now ?? Date.now,
  };
}

/** What the dashboard sees of a connection: never a token. */
export interface ConnectionView {
  kind: string;
  email: string | null;
  status: 'connected' | 'broken';
  brokenReason?: string;
  scopes: string[];
  connectedAt: string;
}
