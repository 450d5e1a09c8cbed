import type { Page, PageRequest } from '../schemas/common.js';

// The job queue's adapter port. Core's runtime (enqueue, the worker, the admin API) is written against it; the
// SQLite adapter and the Postgres one (pg-boss) implement it, and both run `runJobQueueContractTests` from
// @nuvatra/testing. Where a job runs (which tenant, whether that tenant may run anything) is decided by core, never
// by an adapter: an adapter stores `tenantId` and hands it back unchanged.

export type JobStatus = 'pending' | 'running' | 'completed' | 'dead';

/** JSON, as stored: payloads cross a process boundary and a database column. */
export type JobPayload = null | boolean | number | string | JobPayload[] | { [key: string]: JobPayload };

/** A job as core hands it to the adapter to store. */
export interface NewJob {
  name: string;
  /** The tenant the job runs in; `null` only for global (cross-tenant maintenance) jobs. */
  tenantId: string | null;
  payload: JobPayload;
  /** Not before this time. */
  runAt: Date;
  /**
   * With a key, a second enqueue of the same `(name, tenantId, idempotencyKey)` stores nothing and answers the job
   * already stored (whatever its status, completed and dead included; a discarded job frees its key).
   */
  idempotencyKey: string | null;
  /** Attempts in all, the first included (≥ 1). */
  maxAttempts: number;
  /** Delay before the first retry; each later retry doubles it. */
  backoffMs: number;
}

export interface JobRecord {
  id: string;
  name: string;
  tenantId: string | null;
  payload: JobPayload;
  status: JobStatus;
  /** Attempts started so far (a claim starts one; a release gives it back). */
  attempts: number;
  maxAttempts: number;
  /** ISO timestamp: when the job is (or was) due. */
  runAt: string;
  idempotencyKey: string | null;
  /** The last failure's message (dead jobs: why they died). */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClaimRequest {
  /** Job names this worker has handlers for. */
  names: readonly string[];
  /** The claiming worker's id; complete, fail and release must name it. */
  owner: string;
  /** At most this many jobs. */
  limit: number;
  /** The claim lapses after this long; a lapsed job is claimable again (its attempt counts). */
  leaseMs: number;
}

export interface JobFailure {
  error: string;
  /** Dead at once, whatever attempts remain (a job whose tenant is gone or suspended, a payload that cannot parse). */
  final?: boolean;
}

export interface JobListFilter {
  status?: JobStatus;
  tenantId?: string;
  name?: string;
}

export interface JobQueueDriver {
  /** Names the adapter in logs and `doctor`: `sqlite`, `pg-boss`. */
  readonly kind: string;
  /** Creates or upgrades the adapter's tables; safe to run from several processes at once. */
  migrate(): Promise<void>;
  enqueue(job: NewJob): Promise<{ job: JobRecord; created: boolean }>;
  /**
   * Atomically claims due jobs of these names: pending with `runAt <= now`, or running with a lapsed lease. Each
   * claimed job is `running`, its attempts counted, leased to `owner`. Two workers (two processes included) never
   * hold the same job at once. Oldest due first. A job whose lease lapsed during its last attempt is not claimed
   * again but made dead (its `lastError` says the lease lapsed): a job that kills its worker must not kill them all.
   */
  claim(request: ClaimRequest): Promise<JobRecord[]>;
  /** Done. `false` (and no change) when `owner` no longer holds the job (its lease lapsed and it was claimed again). */
  complete(id: string, owner: string): Promise<boolean>;
  /**
   * A failed attempt: pending again after the backoff while attempts remain, else dead with the error. Answers the
   * job as it now is; `null` when `owner` no longer holds it.
   */
  fail(id: string, owner: string, failure: JobFailure): Promise<JobRecord | null>;
  /** Gives a held job back, due now, its attempt not counted (graceful shutdown). */
  release(id: string, owner: string): Promise<boolean>;
  get(id: string): Promise<JobRecord | null>;
  /** Newest first. */
  list(filter: JobListFilter, page?: PageRequest): Promise<Page<JobRecord>>;
  /** A dead job, pending again now with its attempts reset; `null` when there is no dead job with this id. */
  retry(id: string): Promise<JobRecord | null>;
  /** Deletes a dead job (its idempotency key is free again); `false` when there is no dead job with this id. */
  discard(id: string): Promise<boolean>;
  close(): Promise<void>;
}
