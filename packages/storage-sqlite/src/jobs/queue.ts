import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type JobQueueDriver, NuvatraError, type Storage } from '@nuvatra/core';
import Database from 'better-sqlite3';
import { type ControlConnection, controlConnectionOf } from '../connection.js';
import { toStorageError } from '../errors.js';
import { applyMigrations } from '../migrate.js';
import { jobMigrations } from './migrations.js';
import { type JobStatements, jobStatements } from './statements.js';

export type SqliteJobQueueOptions = (
  | {
      /** A storage from createSqliteStorage: the jobs table goes into its database (the control file per tenant). */
      storage: Storage;
    }
  | {
      /**
       * A database file of the queue's own, on a connection of its own: for a process that holds no storage on the
       * same file. (Sharing one file with a storage in one process, pass `{ storage }`: two connections would wait
       * for each other's write lock while blocking the event loop.)
       */
      filename: string;
      busyTimeoutMs?: number;
    }
) & {
  /** The clock due times and leases are read against; tests move it instead of sleeping. */
  now?: () => Date;
};

function ownConnection(filename: string, busyTimeoutMs = 5000): ControlConnection & { close(): void } {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const db = new Database(filename);
  if (filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('synchronous = NORMAL');
  return {
    // Synchronous from BEGIN IMMEDIATE to COMMIT: this connection never holds the lock across an await.
    write: async (fn) => db.transaction(() => fn(db, 'main')).immediate(),
    close: () => db.close(),
  };
}

/**
 * The job queue on SQLite: a `jobs` table next to the tenants, claimed inside `BEGIN IMMEDIATE`, so workers in
 * several processes never take the same job. Run `await queue.migrate()` once at start-up.
 *
 * @example
 * const queue = createSqliteJobQueue({ storage });
 * await queue.migrate();
 * const nuvatra = createNuvatra({ storage, auth, plugins, jobs: { driver: queue } });
 */
export function createSqliteJobQueue(options: SqliteJobQueueOptions): JobQueueDriver {
  const now = options.now ?? (() => new Date());
  let connection: ControlConnection;
  let closeConnection: () => void = () => undefined;
  if ('storage' in options && options.storage) {
    connection =
      controlConnectionOf(options.storage) ??
      fail('createSqliteJobQueue({ storage }) takes a storage made by createSqliteStorage.');
  } else if ('filename' in options && typeof options.filename === 'string' && options.filename.length > 0) {
    const own = ownConnection(options.filename, options.busyTimeoutMs);
    connection = own;
    closeConnection = own.close;
  } else {
    fail('createSqliteJobQueue: pass { storage } (the storage the jobs belong with) or { filename }.');
  }
  let closed = false;

  function write<T>(operation: string, fn: (statements: JobStatements) => T): Promise<T> {
    if (closed) {
      return Promise.reject(
        new NuvatraError({ code: 'STORAGE_FAILED', message: `The SQLite job queue is closed (${operation}).` }),
      );
    }
    return connection
      .write((db, schema) => fn(jobStatements(db, schema, now())))
      .catch((error: unknown) => {
        throw error instanceof NuvatraError ? error : toStorageError(error, `jobs (${operation})`);
      });
  }

  return {
    kind: 'sqlite',
    migrate: () => connection.write((db) => applyMigrations(db, 'jobs', jobMigrations)).then(() => undefined),
    enqueue: (job) => write('enqueue', (s) => s.enqueue(job)),
    claim: (request) => write('claim', (s) => s.claim(request)),
    complete: (id, owner) => write('complete', (s) => s.complete(id, owner)),
    fail: (id, owner, failure) => write('fail', (s) => s.fail(id, owner, failure)),
    release: (id, owner) => write('release', (s) => s.release(id, owner)),
    get: (id) => write('get', (s) => s.get(id)),
    list: (filter, page) => write('list', (s) => s.list(filter, page)),
    retry: (id) => write('retry', (s) => s.retry(id)),
    discard: (id) => write('discard', (s) => s.discard(id)),
    async close() {
      closed = true;
      // A borrowed connection is the storage's to close.
      closeConnection();
    },
  };
}

function fail(message: string): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message });
}
