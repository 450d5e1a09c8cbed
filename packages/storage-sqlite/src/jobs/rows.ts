import type { JobPayload, JobRecord, JobStatus } from '@nuvatra/core';

export interface JobRow {
  seq: number;
  id: string;
  name: string;
  tenant_id: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  idempotency_key: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenant_id,
    payload: JSON.parse(row.payload) as JobPayload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    idempotencyKey: row.idempotency_key,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const maxDelayMs = 30 * 24 * 3_600_000;

/** The wait before the next attempt: `backoffMs`, doubled for each attempt after the first, at most 30 days. */
export function retryDelayMs(backoffMs: number, attempts: number): number {
  return Math.min(backoffMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30), maxDelayMs);
}
