import type { ModelDefinition, StorageExtension } from '@nuvatra/core';
import type { ClientBase } from 'pg';
import type { Migration } from './migrations.js';
import { checkAppRole, ensureRolesSql, type RoleNames, secureTables } from './security.js';
import { ident, LOCK_MIGRATIONS } from './sql.js';

export interface MigrationSet {
  /** `control`, `tenant` or `plugin:<name>`, as recorded in the ledger. */
  set: string;
  migrations: readonly Migration[];
}

/** A plugin's Postgres migrations as a set; its plain DDL runs with the schema first on the search_path. */
export function pluginMigrationSet(extension: StorageExtension): MigrationSet {
  const steps = extension.migrations.postgres ?? [];
  return { set: `plugin:${extension.name}`, migrations: steps.map((step) => ({ ...step, sql: () => step.sql })) };
}

/**
 * Applies every pending version of `sets` in one transaction that first takes an advisory lock on the schema:
 * several app nodes starting together queue on the lock, and those after the first find the ledger up to date.
 * Then secures the tables (grants, RLS, policies) in the same transaction, so no table is ever visible unsecured.
 * Answers how many versions it applied.
 */
export async function migrateDatabase(
  client: ClientBase,
  names: RoleNames,
  sets: readonly MigrationSet[],
  tableModels: readonly ModelDefinition[],
): Promise<number> {
  const s = ident(names.schema);
  let applied = 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_MIGRATIONS, names.schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s};
SET LOCAL search_path TO ${s};
CREATE TABLE IF NOT EXISTS ${s}.nuvatra_migrations (
  migration_set text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration_set, version)
);
${ensureRolesSql(names)}`);
    await checkAppRole(client, names);
    const ledger = await client.query<{ migration_set: string; version: number }>(
      `SELECT migration_set, version FROM ${s}.nuvatra_migrations`,
    );
    const done = new Set(ledger.rows.map((row) => `${row.migration_set}@${row.version}`));
    for (const { set, migrations } of sets) {
      for (const migration of migrations) {
        if (done.has(`${set}@${migration.version}`)) continue;
        await client.query(migration.sql(names.schema));
        await client.query(`INSERT INTO ${s}.nuvatra_migrations (migration_set, version, name) VALUES ($1, $2, $3)`, [
          set,
          migration.version,
          migration.name,
        ]);
        applied += 1;
      }
    }
    await secureTables(client, names, tableModels);
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
