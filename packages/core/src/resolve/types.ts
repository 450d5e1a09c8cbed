import type { ErrorCode } from '../errors/codes.js';
import type { Tenant } from '../schemas/tenant.js';

/** Who is calling, as an auth provider proved it. */
export interface Principal {
  kind: 'user' | 'api_key';
  /** The auth provider's user id, or the API key's principal name. */
  userId: string;
  /** Verified claims (a session token's payload); never raw request input. */
  claims: Readonly<Record<string, unknown>>;
  /** The active organisation, for auth providers that have them. */
  organizationId?: string | null;
  /**
   * The tenant the credentials themselves are bound to: an API key issued for one tenant, a development user
   * signed in as a tenant's member. Read by `credentialTenantResolver`.
   */
  tenant?: { id: string } | { slug: string } | null;
  /** The role in the active organisation, as the auth provider names it (`admin`, `member`). */
  organizationRole?: string | null;
  /**
   * Set when someone else acts as this user (Clerk's `act` claim: a support agent impersonating). Every write made
   * in such a session is written to the tenant's audit log with this actor.
   */
  actor?: { userId: string } | null;
  isGlobalAdmin: boolean;
}

/** An inbound call or message, read from a request whose provider signature was already verified. */
export interface ChannelAddress {
  /** The number called or texted. */
  to: string;
  /** The line the call was forwarded from (Twilio `ForwardedFrom`, SIP Diversion), when the carrier says. */
  forwardedFrom?: string | null;
  /** ISO region for national-format numbers, e.g. "US". */
  region?: string;
}

/** Where the chain keeps what one resolution's resolvers share (see `createTenantResolver`). */
export const resolutionMemo: unique symbol = Symbol('nuvatra.resolutionMemo');

/** Everything a resolver may look at. Each resolver reads only its own kind of evidence. */
export interface ResolutionInput {
  /** Set by the chain for one resolution: reads its resolvers share. */
  [resolutionMemo]?: Map<string, unknown>;
  principal?: Principal | null;
  headers?: Headers;
  url?: URL;
  channel?: ChannelAddress | null;
  /** A signed tenant token presented by a third party (a tool URL, an OAuth `state`). */
  tenantToken?: string | null;
}

export type ResolverAnswer =
  | { outcome: 'resolved'; tenantId: string; reason: string }
  | { outcome: 'abstain'; reason: string }
  | { outcome: 'refuse'; code: ErrorCode; reason: string; tenantId?: string };

export interface TenantResolver {
  /** Names the resolver in traces and logs. */
  readonly name: string;
  resolve(input: ResolutionInput): Promise<ResolverAnswer> | ResolverAnswer;
}

export interface TraceEntry {
  resolver: string;
  outcome: ResolverAnswer['outcome'];
  reason: string;
}

export type TenantResolution =
  | { outcome: 'resolved'; tenantId: string; tenant: Tenant; source: string; reason: string; trace: TraceEntry[] }
  | {
      outcome: 'refused';
      code: ErrorCode;
      reason: string;
      source: string;
      /** Set when the refusal concerns a known tenant (a suspended one), for audit. */
      tenantId?: string;
      trace: TraceEntry[];
    }
  | { outcome: 'unresolved'; reason: string; trace: TraceEntry[] };
