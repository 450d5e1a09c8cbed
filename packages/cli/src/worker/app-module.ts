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

/** An app module's app as imported, before a command checks it has what the command needs. */
export interface LoadedApp {
  nuvatra: Partial<Nuvatra>;
  close(): Promise<void>;
}

/**
 * Imports the app module (relative to the working directory) and builds its app with the command's environment:
 * what `nuvatra worker` and `nuvatra tools urls` share. Exit 2 when the module is missing or does not fit.
 */
export async function loadAppModule(path: string, io: CliIo): Promise<LoadedApp> {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw usageError(`--app: there is no file ${file}.`);
  const module = (await import(pathToFileURL(file).href)) as { createApp?: unknown };
  if (typeof module.createApp !== 'function') {
    throw configError(
      `${path} does not export createApp(env): export a function that builds the app (storage, plugins, createNuvatra(...)) without listening and answers { nuvatra, close }.`,
    );
  }
  const create = module.createApp as (env: Record<string, string | undefined>) => unknown;
  const app = (await create(io.env)) as Partial<LoadedApp> | null;
  if (!app?.nuvatra || typeof app.close !== 'function') {
    throw configError(`createApp(env) of ${path} must answer { nuvatra, close() }.`);
  }
  return app as LoadedApp;
}

/** The app of `nuvatra worker --app`: it must have a job queue (`createNuvatra({ jobs })`). */
export async function loadWorkerApp(path: string, io: CliIo): Promise<{ app: WorkerApp; jobs: NuvatraJobs }> {
  const app = await loadAppModule(path, io);
  const jobs = app.nuvatra.jobs;
  if (!jobs) {
    await app.close();
    throw configError(
      `The app of ${path} has no job queue: pass createNuvatra({ jobs: { driver } }), e.g. createSqliteJobQueue({ storage }).`,
    );
  }
  return { app: { nuvatra: { jobs }, close: () => app.close() }, jobs };
}
