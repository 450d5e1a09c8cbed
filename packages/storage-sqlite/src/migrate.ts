import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

const ledger = `CREATE TABLE IF NOT EXISTS nuvatra_migrations (
  migration_set TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (migration_set, version)
) STRICT`;

/**
 * Applies each pending migration of `set` once. Every version runs in its own IMMEDIATE transaction that
 * re-reads the ledger first, so two processes starting together apply it once between them.
 */
export function applyMigrations(db: Database.Database, set: string, migrations: readonly Migration[]): number {
  db.exec(ledger);
  const applied = db.prepare('SELECT 1 FROM nuvatra_migrations WHERE migration_set = ? AND version = ?');
  const record = db.prepare(
    'INSERT INTO nuvatra_migrations (migration_set, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  let count = 0;
  for (const migration of migrations) {
    const run = db.transaction(() => {
      if (applied.get(set, migration.version)) return false;
      db.exec(migration.sql);
      record.run(set, migration.version, migration.name, new Date().toISOString());
      return true;
    });
    if (run.immediate()) count += 1;
  }
  return count;
}
