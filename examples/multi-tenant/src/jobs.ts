import { type JobQueueDriver, type JobWorkerOptions, type NuvatraEnv, NuvatraError, type Storage } from '@nuvatra/core';
import { createPgBossJobQueue } from '@nuvatra/pg-boss';
import { createSqliteJobQueue } from '@nuvatra/storage-sqlite';

/**
 * The background job queue, kept where the storage is: the `jobs` table of the SQLite storage (its control file in
 * file-per-tenant mode), or pg-boss in the Postgres database at DATABASE_URL, shared by every app node.
 */
export function openJobQueue(env: NuvatraEnv, storage: Storage): JobQueueDriver {
  return env.databaseUrl
    ? createPgBossJobQueue({ connectionString: env.databaseUrl })
    : createSqliteJobQueue({ storage });
}

/**
 * NUVATRA_WORKER: unset or `1` works the queue in the server's process; `0` serves HTTP only, for deployments that
 * run `nuvatra worker --app src/app.ts` as a process of its own.
 */
export function workerSetting(variables: Record<string, string | undefined>): JobWorkerOptions | false {
  const value = variables.NUVATRA_WORKER?.trim();
  if (!value || value === '1') return {};
  if (value === '0') return false;
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `NUVATRA_WORKER must be 1 (a job worker in the server, the default) or 0 (none: run nuvatra worker); got "${value}".`,
  });
}
