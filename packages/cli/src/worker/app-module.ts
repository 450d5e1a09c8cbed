import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Nuvatra, NuvatraJobs } from '@nuvatra/core';
import { type CliIo, configError, usageError } from '../io.js';

/**
 * What `nuvatra worker --app <module>` needs: the module exports `createApp(env)`, which builds the deployment's
 * app (storage, job queue, plugins, `createNuvatra`) without listening, the same definition the server uses.
 */
export interface WorkerApp {
  nuvatra: Pick<Nuvatra, 'jobs'>;
  /** Closes what the app opened (queue, storage); called once the worker has stopped. */
  close(): Promise<void>;
}

/** The `createApp` export of an app module: the environment's variables in (`process.env` in a real run). */
export type CreateWorkerApp = (env: Record<string, string | undefined>) => WorkerApp | Promise<WorkerApp>;

/** Imports the app module (relative to the working directory) and builds its app; exit 2 when it does not fit. */
export async function loadWorkerApp(path: string, io: CliIo): Promise<{ app: WorkerApp; jobs: NuvatraJobs }> {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw usageError(`--app: there is no file ${file}.`);
  const module = (await import(pathToFileURL(file).href)) as { createApp?: unknown };
  if (typeof module.createApp !== 'function') {
    throw configError(
      `${path} does not export createApp(env): export a function that builds the app (storage, plugins, createNuvatra({ jobs })) and answers { nuvatra, close }.`,
    );
  }
  const app = (await (module.createApp as CreateWorkerApp)(io.env)) as Partial<WorkerApp> | null;
  if (!app?.nuvatra || typeof app.close !== 'function') {
    throw configError(`createApp(env) of ${path} must answer { nuvatra, close() }.`);
  }
  const jobs = app.nuvatra.jobs;
  if (!jobs) {
    await app.close();
    throw configError(
      `The app of ${path} has no job queue: pass createNuvatra({ jobs: { driver } }), e.g. createSqliteJobQueue({ storage }).`,
    );
  }
  return { app: app as WorkerApp, jobs };
}
