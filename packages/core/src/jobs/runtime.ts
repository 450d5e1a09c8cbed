import { NuvatraError } from '../errors/errors.js';
import type { Logger } from '../http/log.js';
import type { NuvatraPlugin } from '../http/plugin.js';
import type { NuvatraServices } from '../http/services.js';
import type { Storage } from '../storage/create-storage.js';
import type { AnyJobDefinition } from './define-job.js';
import type { JobQueueDriver } from './driver.js';
import type { JobEnqueuer } from './enqueue.js';
import type { JobRunOutcome } from './run-job.js';
import { type JobWorker, type JobWorkerOptions, parseWorkerOptions, runDueJobs, startJobWorker } from './worker.js';

/** `createNuvatra({ jobs })`: where jobs are kept, and how this process works them off. */
export interface JobsOptions {
  /** The queue adapter: `createSqliteJobQueue({ storage })`, or `@nuvatra/pg-boss`. */
  driver: JobQueueDriver;
  /**
   * The worker `startWorker()` starts by default; `false` says this process serves HTTP only and a separate
   * `nuvatra worker` process works the queue (bindings then start none).
   */
  worker?: JobWorkerOptions | false;
  /** The clock `runAt` is stamped with (tests share one with the adapter). */
  now?: () => Date;
}

/** `nuvatra.jobs`: enqueue, and work the queue in this process. */
export interface NuvatraJobs extends JobEnqueuer {
  readonly driver: JobQueueDriver;
  /** Every plugin's jobs by name. */
  readonly definitions: ReadonlyMap<string, AnyJobDefinition>;
  /** The worker options given to createNuvatra; `false` when this process should not run a worker. */
  readonly worker: JobWorkerOptions | false;
  /** Starts a polling worker (options over those given to createNuvatra); stop it with `await worker.stop()`. */
  startWorker(options?: JobWorkerOptions): JobWorker;
  /** Claims what is due now, once, and runs it: a worker's single step, for tests and cron-style runs. */
  runDue(options?: {
    limit?: number;
    leaseMs?: number;
    owner?: string;
    signal?: AbortSignal;
  }): Promise<JobRunOutcome[]>;
}

const jobNamePattern = /^[A-Za-z][\w.\-/]{0,99}$/;

/** Every plugin's jobs by name; a bad or repeated name stops start-up, like a repeated route or tool. */
export function collectJobs(plugins: readonly NuvatraPlugin[]): Map<string, AnyJobDefinition> {
  const jobs = new Map<string, AnyJobDefinition>();
  const owners = new Map<string, string>();
  const invalid = (message: string) => new NuvatraError({ code: 'CONFIG_INVALID', message });
  for (const plugin of plugins) {
    for (const job of plugin.jobs ?? []) {
      const where = `Plugin "${plugin.name}", job "${job?.name}"`;
      if (typeof job?.name !== 'string' || !jobNamePattern.test(job.name)) {
        throw invalid(`${where}: a job name is 1-100 letters, digits, "_", "-", "." or "/", starting with a letter.`);
      }
      const owner = owners.get(job.name);
      if (owner) throw invalid(`Plugins "${owner}" and "${plugin.name}" both define the job "${job.name}".`);
      if (typeof job.payload?.safeParse !== 'function' || typeof job.handle !== 'function') {
        throw invalid(`${where}: pass defineJob({ name, payload: zodSchema, handle }).`);
      }
      if (job.maxAttempts !== undefined && !(Number.isInteger(job.maxAttempts) && job.maxAttempts >= 1)) {
        throw invalid(`${where}: maxAttempts must be an integer of at least 1.`);
      }
      if (job.backoffMs !== undefined && !(Number.isInteger(job.backoffMs) && job.backoffMs >= 0)) {
        throw invalid(`${where}: backoffMs must be an integer of at least 0.`);
      }
      owners.set(job.name, plugin.name);
      jobs.set(job.name, job);
    }
  }
  return jobs;
}

export function createJobRuntime(options: {
  jobs: JobsOptions;
  definitions: ReadonlyMap<string, AnyJobDefinition>;
  enqueuer: JobEnqueuer;
  storage: Storage;
  services: NuvatraServices;
  log: Logger;
}): NuvatraJobs {
  const { jobs, definitions, enqueuer, storage, services, log } = options;
  const worker = jobs.worker ?? {};
  // Checked now, so a bad setting fails at createNuvatra and not when the server starts its worker.
  if (worker) parseWorkerOptions(worker);
  const running = new Set<JobWorker>();
  const waking = {
    available: true,
    async enqueue(job: Parameters<JobEnqueuer['enqueue']>[0], payload: unknown, enqueueOptions?: object) {
      const result = await enqueuer.enqueue(job as string, payload, enqueueOptions);
      // A worker in this process need not wait for its next poll.
      for (const started of running) started.wake();
      return result;
    },
  } as JobEnqueuer;
  const runner = { definitions, driver: jobs.driver, storage, jobs: waking, services, log };

  return {
    driver: jobs.driver,
    definitions,
    worker,
    enqueue: waking.enqueue,
    startWorker(overrides = {}) {
      const started = startJobWorker(runner, { ...(worker || {}), ...overrides });
      running.add(started);
      return {
        owner: started.owner,
        wake: started.wake,
        async stop() {
          await started.stop();
          running.delete(started);
        },
      };
    },
    runDue: (runOptions) => runDueJobs(runner, runOptions),
  } as NuvatraJobs;
}
