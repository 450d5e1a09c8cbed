import type { z } from 'zod';
import type { Principal, TenantResolution } from '../resolve/types.js';
import type { Storage } from '../storage/create-storage.js';
import type { TenantScope } from '../storage/scope.js';
import type { Logger } from './log.js';
import type { NuvatraServices } from './services.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - `user`: a signed-in principal; the tenant is resolved from it and the handler runs inside its scope.
 * - `signed-in`: a signed-in principal whose tenant may be unknown (`GET /api/me`); no scope.
 * - `admin`: a global admin; no tenant scope (admin routes work across tenants through `storage`).
 * - `provider`: a provider webhook; the handler verifies the provider's signature itself, before reading.
 * - `public`: anyone (health, OpenAPI document).
 */
export type RouteAuth = 'public' | 'user' | 'signed-in' | 'admin' | 'provider';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

interface BaseContext<P, Q, B> {
  request: Request;
  url: URL;
  params: P;
  query: Q;
  body: B;
  storage: Storage;
  log: Logger;
  services: NuvatraServices;
}

export interface UserContext<P, Q, B> extends BaseContext<P, Q, B> {
  principal: Principal;
  scope: TenantScope;
  resolution: Extract<TenantResolution, { outcome: 'resolved' }>;
  /** Set when a global admin acts as this tenant through `X-Tenant-Id`. */
  impersonating: boolean;
}

export interface AdminContext<P, Q, B> extends BaseContext<P, Q, B> {
  principal: Principal;
}

export interface SignedInContext<P, Q, B> extends BaseContext<P, Q, B> {
  principal: Principal;
  /** The tenant the principal resolves to, or the refusal/absence that says why there is none. */
  resolution: TenantResolution;
}

export type RouteContext<A extends RouteAuth, P = unknown, Q = unknown, B = unknown> = A extends 'user'
  ? UserContext<P, Q, B>
  : A extends 'admin'
    ? AdminContext<P, Q, B>
    : A extends 'signed-in'
      ? SignedInContext<P, Q, B>
      : BaseContext<P, Q, B>;

export interface RouteResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface RouteDefinition<
  A extends RouteAuth = RouteAuth,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** `/api/calls/:id`: segments starting with `:` are parameters. */
  path: string;
  auth: A;
  summary: string;
  tags?: string[];
  params?: P;
  query?: Q;
  /** JSON body schema. Provider routes leave it out and read the raw request themselves. */
  body?: B;
  /**
   * The provider signs the URL it calls (Twilio): createNuvatra then refuses to start without `publicBaseUrl`,
   * the only trustworthy origin of that URL.
   */
  signsUrl?: boolean;
  /** Bytes; defaults to the handler's `bodyLimit`. */
  bodyLimit?: number;
  /** Documented answers by status, for the OpenAPI document. */
  responses?: Record<number, RouteResponseSpec>;
  /** Returns a Response, or data answered as JSON with status 200. */
  handle(context: RouteContext<A, Output<P>, Output<Q>, Output<B>>): Promise<unknown> | unknown;
}

/** Typed identity helper: checks a route's handler against its schemas. */
export function defineRoute<
  A extends RouteAuth,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: RouteDefinition<A, P, Q, B>): RouteDefinition<A, P, Q, B> {
  return route;
}

// Routes of every auth kind live in one list; handlers are checked by defineRoute, then erased here.
// biome-ignore lint/suspicious/noExplicitAny: the erased form of RouteDefinition's handler parameter
export type AnyRoute = RouteDefinition<RouteAuth, any, any, any>;
