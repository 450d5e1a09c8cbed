import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread. With `journal_mode=WAL` and `synchronous=NORMAL` a commit only appends to
 * the WAL; the fsyncs happen when the WAL is copied back into the database (the checkpoint). SQLite runs that on
 * the committing connection every 1,000 pages, which stalls the event loop for milliseconds on a slow disk. Here
 * the driver counts its commits per file and, every `checkpointEveryCommits`, asks a worker with its own
 * connections to checkpoint that file (PASSIVE: it never waits for, nor blocks, the writer), so commits on the
 * main thread stay appends; the main connection keeps a larger automatic checkpoint as a backstop should the
 * worker fall behind.
 */
export interface Checkpointer {
  /** Counts a commit on `filename`; every `checkpointEveryCommits` the worker checkpoints it. */
  committed(filename: string): void;
  /** Closes the worker's connection to a file the driver closed. */
  forget(filename: string): void;
  stop(): Promise<void>;
}

/** Commits between two checkpoints of a file: a few pages each, so about SQLite's own 1,000 pages. */
export const checkpointEveryCommits = 200;

/** The main connection's own checkpoint threshold in pages, for when the worker falls behind. */
export const backstopCheckpointPages = 10_000;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'checkpoint') {
    try {
      let db = open.get(message.filename);
      if (!db) {
        db = new Database(message.filename, { fileMustExist: true });
        db.pragma('synchronous = NORMAL');
        open.set(message.filename, db);
      }
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {}
  } else if (message.type === 'forget') {
    try { open.get(message.filename)?.close(); } catch {}
    open.delete(message.filename);
  } else if (message.type === 'stop') {
    for (const db of open.values()) { try { db.close(); } catch {} }
    open.clear();
    parentPort.postMessage('stopped');
    parentPort.close();
  }
});
`;

/** better-sqlite3 as this package resolves it (the worker must load the same copy, not the app's). */
function driverPath(): string {
  // tsup's CommonJS build turns `import.meta.url` into this file's URL.
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

/** The worker starts with the first checkpoint it is asked for: a storage that writes little never starts it. */
export function startCheckpointer(): Checkpointer {
  let worker: Worker | null = null;
  let alive = true;
  const post = (message: { type: string; filename?: string }) => {
    if (!alive) return;
    if (!worker) {
      if (message.type !== 'checkpoint') return;
      worker = new Worker(workerSource, { eval: true, workerData: { driver: driverPath() } });
      // Never the reason a process stays up; a worker that fails leaves the main connection's backstop in charge.
      worker.unref();
      worker.on('error', () => {
        alive = false;
      });
      worker.on('exit', () => {
        alive = false;
      });
    }
    worker.postMessage(message);
  };
  const commits = new Map<string, number>();
  return {
    committed(filename) {
      const count = (commits.get(filename) ?? 0) + 1;
      commits.set(filename, count % checkpointEveryCommits);
      if (count >= checkpointEveryCommits) post({ type: 'checkpoint', filename });
    },
    forget(filename) {
      commits.delete(filename);
      post({ type: 'forget', filename });
    },
    async stop() {
      const running = worker;
      if (!running || !alive) {
        alive = false;
        return;
      }
      const stopped = new Promise<void>((resolve) => {
        running.once('message', () => resolve());
        running.once('exit', () => resolve());
      });
      post({ type: 'stop' });
      alive = false;
      await stopped;
      await running.terminate();
    },
  };
}
