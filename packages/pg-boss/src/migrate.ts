import { NuvatraError } from '@nuvatra/core';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { ident, toBossDb } from './database.js';

/**
 * pg-boss 10.4.2's schema version. The adapter reads and updates pg-boss's `job` table directly where pg-boss has
 * no call for what the port needs (lease lapse, release, retry with attempts reset, listing), so it refuses any
 * other version rather than guess at its columns.
 */
const PG_BOSS_SCHEMA_VERSION = 24;

/** pg-boss's constructor options the adapter always uses: no timers of its own (see README, "maintenance"). */
export function bossOptions(schema: string, db: PgBoss.Db): PgBoss.ConstructorOptions {
  return { db, schema, supervise: false, schedule: false, migrate: true };
}

/**
 * The adapter's own table, one row per job: its tenant and idempotency key (unique per job name and tenant while
 * the job exists, whatever its state), the worker holding it, the last error and when it last changed. pg-boss
 * tracks none of these. Written in the same transactions as pg-boss's own statements.
 */
function jobTable(schema: string): string {
  const s = ident(schema);
  return `
    CREATE TABLE IF NOT EXISTS ${s}.nuvatra_job (
      id uuid PRIMARY KEY,
      -- Insertion order: "newest first" does not depend on the clock's resolution, or on two nodes' clocks.
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      name text NOT NULL,
      tenant_id text,
      idempotency_key text,
      owner text,
      last_error text,
      created_on timestamptz NOT NULL,
      updated_on timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS nuvatra_job_idempotency_key
      ON ${s}.nuvatra_job (name, coalesce(tenant_id, ''), idempotency_key) WHERE idempotency_key IS NOT NULL;
    CREATE INDEX IF NOT EXISTS nuvatra_job_tenant ON ${s}.nuvatra_job (tenant_id, seq);
    CREATE INDEX IF NOT EXISTS nuvatra_job_name ON ${s}.nuvatra_job (name, seq);
  `;
}

/**
 * Installs or upgrades pg-boss's schema (its `start()`), then the adapter's table. One node at a time: a session
 * advisory lock per schema, held on the connection every statement of the migration uses, so a pool of one
 * connection cannot deadlock on it and a second node finds the work done.
 */
export async function migrateJobQueue(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('nuvatra_pg_boss'), hashtext($1))", [schema]);
    const boss = new PgBoss(bossOptions(schema, toBossDb(client)));
    await boss.start();
    const version = Number(await boss.schemaVersion());
    await boss.stop({ graceful: false });
    if (version !== PG_BOSS_SCHEMA_VERSION) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `createPgBossJobQueue: schema "${schema}" holds pg-boss schema version ${version}, but @nuvatra/pg-boss runs pg-boss 10.4.2 (schema version ${PG_BOSS_SCHEMA_VERSION}). Give the queue a schema of its own (option schema).`,
      });
    }
    await client.query(jobTable(schema));
    await client.query("SELECT pg_advisory_unlock(hashtext('nuvatra_pg_boss'), hashtext($1))", [schema]);
  } catch (error) {
    // Destroying the connection also ends its session, and with it the advisory lock.
    failure = error as Error;
    throw error;
  } finally {
    client.release(failure);
  }
}
