import type { Migration } from '../migrations.js';

/**
 * The job queue's own migration set (`jobs` in `nuvatra_migrations`), applied to the control database: the shared
 * file, or `control.sqlite` in file-per-tenant mode. Append new versions; never edit an applied one.
 */
export const jobMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'jobs',
    sql: `
-- Not tenant-owned rows but work addressed to a tenant: core re-reads the tenant before every attempt. No foreign key
-- to tenants, so the queue may also live in a database of its own.
CREATE TABLE jobs (
  -- Insertion order: "newest first" listing does not depend on the clock's resolution.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  tenant_id TEXT,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'dead')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  backoff_ms INTEGER NOT NULL CHECK (backoff_ms >= 0),
  run_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_expires_at TEXT,
  idempotency_key TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- NULLs never collide, so a global job's missing tenant is compared as ''.
CREATE UNIQUE INDEX jobs_idempotency ON jobs (name, COALESCE(tenant_id, ''), idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_tenant ON jobs (tenant_id, status);
`,
  },
];
