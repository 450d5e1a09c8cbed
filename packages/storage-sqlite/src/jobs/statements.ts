import {
  type ClaimRequest,
  createHttpError,
  createId,
  decodeCursor,
  encodeCursor,
  type JobFailure,
  type JobListFilter,
  type JobRecord,
  type NewJob,
  type Page,
  type PageRequest,
  pageRequestSchema,
  parseOrThrow,
} from '@nuvatra/core';
import type Database from 'better-sqlite3';
import type { ControlSchema } from '../connection.js';
import { type JobRow, retryDelayMs, toJobRecord } from './rows.js';

// The queue's statements, each run synchronously inside one write transaction the caller opened: nothing awaits
// between reading a job and changing it, so two workers (two processes included) never both take it.

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepare(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

export interface JobStatements {
  enqueue(job: NewJob): { job: JobRecord; created: boolean };
  claim(request: ClaimRequest): JobRecord[];
  complete(id: string, owner: string): boolean;
  fail(id: string, owner: string, failure: JobFailure): JobRecord | null;
  release(id: string, owner: string): boolean;
  get(id: string): JobRecord | null;
  list(filter: JobListFilter, page?: PageRequest): Page<JobRecord>;
  retry(id: string): JobRecord | null;
  discard(id: string): boolean;
}

export function jobStatements(db: Database.Database, schema: ControlSchema, now: Date): JobStatements {
  const jobs = `${schema}.jobs`;
  const at = now.toISOString();
  const row = (sql: string, ...params: unknown[]) => prepare(db, sql).get(...params) as JobRow | undefined;
  const run = (sql: string, ...params: unknown[]) => prepare(db, sql).run(...params).changes;
  const byId = (id: string) => row(`SELECT * FROM ${jobs} WHERE id = ?`, id);
  const held = (id: string, owner: string) =>
    row(`SELECT * FROM ${jobs} WHERE id = ? AND status = 'running' AND lease_owner = ?`, id, owner);

  return {
    enqueue(job) {
      const id = createId('job');
      const inserted = run(
        `INSERT INTO ${jobs} (id, name, tenant_id, payload, status, attempts, max_attempts, backoff_ms, run_at,
           idempotency_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        id,
        job.name,
        job.tenantId,
        JSON.stringify(job.payload),
        job.maxAttempts,
        job.backoffMs,
        job.runAt.toISOString(),
        job.idempotencyKey,
        at,
        at,
      );
      if (inserted) return { job: toJobRecord(byId(id) as JobRow), created: true };
      const existing = row(
        `SELECT * FROM ${jobs} WHERE name = ? AND COALESCE(tenant_id, '') = ? AND idempotency_key = ?`,
        job.name,
        job.tenantId ?? '',
        job.idempotencyKey,
      );
      return { job: toJobRecord(existing as JobRow), created: false };
    },
    claim({ names, owner, limit, leaseMs }) {
      const due = prepare(
        db,
        `SELECT * FROM ${jobs} WHERE name IN (SELECT value FROM json_each(?))
           AND ((status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_expires_at <= ?))
         ORDER BY run_at, seq LIMIT ?`,
      ).all(JSON.stringify(names), at, at, limit) as JobRow[];
      const expires = new Date(now.getTime() + leaseMs).toISOString();
      const claimed: JobRecord[] = [];
      for (const job of due) {
        // A worker died (or overran its lease) in the job's last attempt: retrying it forever could kill every worker.
        if (job.status === 'running' && job.attempts >= job.max_attempts) {
          run(
            `UPDATE ${jobs} SET status = 'dead', lease_owner = NULL, lease_expires_at = NULL, last_error = ?,
               updated_at = ? WHERE id = ?`,
            'The lease lapsed during the last attempt: the worker stopped, or the handler ran longer than leaseMs.',
            at,
            job.id,
          );
          continue;
        }
        run(
          `UPDATE ${jobs} SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
             updated_at = ? WHERE id = ?`,
          owner,
          expires,
          at,
          job.id,
        );
        claimed.push(toJobRecord(byId(job.id) as JobRow));
      }
      return claimed;
    },
    complete(id, owner) {
      return (
        run(
          `UPDATE ${jobs} SET status = 'completed', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
           WHERE id = ? AND status = 'running' AND lease_owner = ?`,
          at,
          id,
          owner,
        ) > 0
      );
    },
    fail(id, owner, failure) {
      const job = held(id, owner);
      if (!job) return null;
      const dead = failure.final === true || job.attempts >= job.max_attempts;
      const runAt = dead ? job.run_at : new Date(now.getTime() + retryDelayMs(job.backoff_ms, job.attempts));
      run(
        `UPDATE ${jobs} SET status = ?, run_at = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
           updated_at = ? WHERE id = ?`,
        dead ? 'dead' : 'pending',
        typeof runAt === 'string' ? runAt : runAt.toISOString(),
        failure.error,
        at,
        id,
      );
      return toJobRecord(byId(id) as JobRow);
    },
    release(id, owner) {
      return (
        run(
          `UPDATE ${jobs} SET status = 'pending', attempts = MAX(attempts - 1, 0), run_at = ?, lease_owner = NULL,
             lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`,
          at,
          at,
          id,
          owner,
        ) > 0
      );
    },
    get(id) {
      const job = byId(id);
      return job ? toJobRecord(job) : null;
    },
    list(filter, page) {
      const { limit, cursor } = parseOrThrow(pageRequestSchema, page ?? {}, 'page request');
      const after = cursor ? Number(decodeCursor(cursor)[1]) : null;
      if (after !== null && !Number.isSafeInteger(after)) {
        throw createHttpError(
          'INVALID_CURSOR',
          'The cursor is not one this queue returned; pass nextCursor unchanged.',
        );
      }
      const rows = prepare(
        db,
        `SELECT * FROM ${jobs} WHERE (@status IS NULL OR status = @status)
           AND (@tenantId IS NULL OR tenant_id = @tenantId) AND (@name IS NULL OR name = @name)
           AND (@after IS NULL OR seq < @after)
         ORDER BY seq DESC LIMIT @limit`,
      ).all({
        status: filter.status ?? null,
        tenantId: filter.tenantId ?? null,
        name: filter.name ?? null,
        after,
        limit: limit + 1,
      }) as JobRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toJobRecord),
        nextCursor: rows.length > limit && last ? encodeCursor([last.created_at, String(last.seq)]) : null,
      };
    },
    retry(id) {
      const changed = run(
        `UPDATE ${jobs} SET status = 'pending', attempts = 0, run_at = ?, updated_at = ? WHERE id = ? AND status = 'dead'`,
        at,
        at,
        id,
      );
      return changed ? toJobRecord(byId(id) as JobRow) : null;
    },
    discard(id) {
      return run(`DELETE FROM ${jobs} WHERE id = ? AND status = 'dead'`, id) > 0;
    },
  };
}
