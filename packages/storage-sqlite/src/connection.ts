import type Database from 'better-sqlite3';

/** Where the control tables live on the connection a statement runs on. */
export type ControlSchema = 'main' | 'control';

/**
 * A storage's control database, lent to what keeps its own tables there (the job queue). One connection and one
 * turn-taking queue per database in a process: a second connection would wait for the storage's open write
 * transaction synchronously (better-sqlite3 blocks on busy_timeout), while that transaction waits on the event loop.
 */
export interface ControlConnection {
  /**
   * Runs synchronous statements in a write transaction: the caller's own open transaction when there is one in this
   * async context (an enqueue then commits or rolls back with the caller's writes), else a new `BEGIN IMMEDIATE`
   * taken in turn with the storage's.
   */
  write<T>(fn: (db: Database.Database, schema: ControlSchema) => T): Promise<T>;
}

const connections = new WeakMap<object, ControlConnection>();

export function lendControlConnection(owner: object, connection: ControlConnection): void {
  connections.set(owner, connection);
}

/** The control connection of a storage made by `createSqliteStorage` (or its driver); undefined for others. */
export function controlConnectionOf(owner: object): ControlConnection | undefined {
  return connections.get(owner);
}
