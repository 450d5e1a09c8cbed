import type { KeyObject } from 'node:crypto';

/** Row counts or digests of every table, by table name: compared before and after each case. */
export type HostileSnapshot = Record<string, string | number>;

/** One of the two tenants the suite attacks each other with. */
export interface HostileTenant {
  id: string;
  slug: string;
  /** A number the tenant owns (E.164): Twilio calls and texts to it belong to this tenant. */
  number: string;
  /** Claims of a member's session token (`sub`, `o`/`org_id`, …); the suite adds `iat`, `nbf`, `exp`, `iss`, `azp`. */
  sessionClaims: Record<string, unknown>;
  /** An API key limited to this tenant (`NUVATRA_API_KEYS`). */
  apiKey: string;
  /** Records the tenant owns, which the other tenant must never reach by id. */
  records: {
    /** A Twilio call handed to Vapi: its id, CallSid and the Vapi call id stored on it (`metadata.agentCallId`). */
    call: { id: string; callSid: string; vapiCallId: string };
    intentId: string;
    phoneNumberId: string;
    conversationId: string;
  };
  /**
   * The tenant's own Twilio (sub)account, registered with the tenant (sealed provider account). Tenant B needs one:
   * the suite signs with it as a malicious tenant would, at A's number.
   */
  twilioAccount?: { accountSid: string; authToken: string };
  /** The tenant's signed voice-agent tool URLs (`nuvatra.toolUrls`); may be empty. */
  toolUrls: ReadonlyArray<{ name: string; url: string }>;
}

/** The running server and everything an attacker would forge and a test needs to check. */
export interface HostileTarget {
  /** Where the server listens, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** `PUBLIC_BASE_URL`: the URL Twilio signs. */
  publicBaseUrl: string;
  /** The deployment's provider credentials, which genuine requests are signed with. */
  providers: {
    twilio: { accountSid: string; authToken: string; webhookPath?: string };
    vapi: { serverSecret: string; path?: string };
    clerk: { webhookSigningSecret: string; path?: string };
  };
  /** How session tokens are issued (Clerk-style RS256 JWTs) and what the server checks them against. */
  sessions: {
    privateKey: KeyObject;
    /** The PEM public key the server verifies with (`CLERK_JWT_KEY`). */
    publicKeyPem: string;
    kid: string;
    issuer: string;
    /** The origin the server accepts as `azp` (`CLERK_AUTHORIZED_PARTIES`). */
    authorizedParty: string;
  };
  tenants: { a: HostileTenant; b: HostileTenant };
  /** A shared assistant number no tenant owns, and a line no tenant registered. */
  numbers: { shared: string; unregistered: string };
  /** A validly signed tool URL for `tenantId` and `tool` (core `createToolUrl`). */
  toolUrl(tenantId: string, tool: string): Promise<string>;
  /** The dashboard API's body limit in bytes (`createNuvatra({ bodyLimit })`, 1 MiB by default). */
  bodyLimit?: number;
  /** Every table's row count or digest. A digest (count + hash of the rows) also catches updates. */
  snapshot(): Promise<HostileSnapshot>;
  /**
   * The tables refusals may write to, by kind; every other table must stay untouched by a refused request.
   * `oauthStates`: the pending-consent tables of the Google connections (`@nuvatra/google`), whose row a refused
   * callback deletes once it used the consent.
   */
  logTables: { audit: readonly string[]; unrouted: readonly string[]; oauthStates?: readonly string[] };
  /** The Google plugins the server mounts, pointed at a Google the test controls; absent: no Google cases. */
  google?: HostileGoogle;
  /** Stops the server and removes what `start` created. */
  close(): Promise<void>;
}

/** `@nuvatra/google` connections (OAuth state) and Gmail push, against a Google the test runs (e.g. on loopback). */
export interface HostileGoogle {
  /** An authorization code Google hands back after `email` consented; the token endpoint exchanges it once. */
  consent(email: string): string;
  /** `@nuvatra/google-calendar`, mounted at `routePrefix` (`/api/calendar`). */
  calendar?: {
    routePrefix: string;
    /** Moves the plugin's clock (its `now` option) forward: without it, the expired-state case is left out. */
    advanceClock?(ms: number): void;
    /** The plugin's `stateTtlMs` (10 minutes by default). */
    stateTtlMs?: number;
  };
  /** `@nuvatra/gmail`, mounted at `routePrefix` (`/api/gmail`), Pub/Sub pushing to `push.path`. */
  gmail?: {
    routePrefix: string;
    push: {
      path: string;
      audience: string;
      serviceAccountEmail: string;
      /** The key behind Google's published certificates (the plugin's `certsUrl`) and its key id. */
      privateKey: KeyObject;
      kid: string;
      /** New mail in `address`'s inbox at Google; answers the mailbox's history id. */
      deliver(address: string, email: { id: string; from: string; subject: string; text: string }): string;
      /** Works off the jobs due now (the push enqueues the sync), as a worker would. */
      runJobs(): Promise<void>;
    };
  };
}

export interface HostileSuiteOptions {
  /** Names the suite in the test report, e.g. `multi-tenant example`. */
  name: string;
  /** Starts the server (over real HTTP) with tenants A and B seeded; called once, before the first case. */
  start: () => Promise<HostileTarget>;
  /**
   * The Google plugins the server mounts (the cases are registered before `start` runs, so they are named here):
   * OAuth-state cases for each, Gmail push cases for `gmail`. The target's `google` then says how to reach them.
   */
  google?: { calendar?: boolean; gmail?: boolean };
}

/** Checked when the suite is defined, so a typo fails the file before any test runs. */
export function checkHostileOptions(options: HostileSuiteOptions): void {
  if (typeof options?.name !== 'string' || options.name.length === 0) {
    throw new TypeError('runHostileSuite: options.name must be a non-empty string naming the server.');
  }
  if (typeof options.start !== 'function') {
    throw new TypeError('runHostileSuite: options.start must be a function returning the running target.');
  }
  if (options.google !== undefined && (typeof options.google !== 'object' || options.google === null)) {
    throw new TypeError('runHostileSuite: options.google must be { calendar?: boolean, gmail?: boolean }.');
  }
}
