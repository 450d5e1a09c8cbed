import type { z } from 'zod';
import type { Logger } from '../http/log.js';
import type { NuvatraServices } from '../http/services.js';
import type { Tenant } from '../schemas/tenant.js';
import type { Storage } from '../storage/create-storage.js';
import type { TenantScope } from '../storage/scope.js';
import type { JobRecord } from './driver.js';
import type { JobEnqueuer } from './enqueue.js';

interface BaseJobContext<P> {
  job: JobRecord;
  /** The payload, parsed again by the job's schema at run time. */
  payload: P;
  /** 1 on the first run, 2 on the first retry… */
  attempt: number;
  /** Enqueues follow-up work; in a tenant job it defaults to (and is limited to) the job's tenant. */
  jobs: JobEnqueuer;
  /** Aborted when the worker shuts down: stop early and throw, and the job is released, not failed. */
  signal: AbortSignal;
  log: Logger;
  /** What route handlers get: public base URL, secret box, voice profile… (`services.jobs` is `jobs`). */
  services: NuvatraServices;
}

/**
 * What a tenant job's handler gets. There is no open transaction while it runs: `withScope` opens a short one per
 * call, so a slow provider request between two writes never holds SQLite's write lock (or a pooled connection).
 */
export interface TenantJobContext<P> extends BaseJobContext<P> {
  tenantId: string;
  /** Read when the attempt started; it was active then. */
  tenant: Tenant;
  /** The tenant's data, and nobody else's: `storage.withTenant(job's tenant, fn)`. */
  withScope<T>(fn: (scope: TenantScope) => Promise<T> | T): Promise<T>;
}

/** A global (cross-tenant maintenance) job's handler: it reaches tenants one `storage.withTenant` at a time. */
export interface GlobalJobContext<P> extends BaseJobContext<P> {
  tenantId: null;
  storage: Storage;
}

interface BaseJobDefinition<S extends z.ZodType> {
  /** Unique across plugins: letters, digits, `_`, `-`, `.`, `/` (pg-boss queue names). */
  name: string;
  /** Checked at enqueue (VALIDATION_FAILED) and again when the job runs (a payload that no longer parses is dead). */
  payload: S;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry, doubled for each later one (default 10 s). */
  backoffMs?: number;
}

export interface TenantJobDefinition<S extends z.ZodType = z.ZodType> extends BaseJobDefinition<S> {
  global?: false;
  handle(context: TenantJobContext<z.output<S>>): Promise<void> | void;
}

/** Runs in no tenant; enqueued only with `{ global: true }`, and every enqueue and run is audited in the log. */
export interface GlobalJobDefinition<S extends z.ZodType = z.ZodType> extends BaseJobDefinition<S> {
  global: true;
  handle(context: GlobalJobContext<z.output<S>>): Promise<void> | void;
}

export type JobDefinition<S extends z.ZodType = z.ZodType> = TenantJobDefinition<S> | GlobalJobDefinition<S>;

// Plugins list jobs of many payload types; handlers are checked by defineJob, then erased here.
// biome-ignore lint/suspicious/noExplicitAny: the erased form of JobDefinition's handler parameter
export type AnyJobDefinition = TenantJobDefinition<any> | GlobalJobDefinition<any>;

/** Typed identity helper: checks a job's handler against its payload schema. */
export function defineJob<S extends z.ZodType>(job: GlobalJobDefinition<S>): GlobalJobDefinition<S>;
export function defineJob<S extends z.ZodType>(job: TenantJobDefinition<S>): TenantJobDefinition<S>;
export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}

export const defaultMaxAttempts = 5;
export const defaultBackoffMs = 10_000;
