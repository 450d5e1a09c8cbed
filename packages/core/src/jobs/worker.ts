import { z } from 'zod';
import { NuvatraError } from '../errors/errors.js';
import { createId } from '../storage/ids.js';
import type { JobRecord } from './driver.js';
import { type JobRunner, type JobRunOutcome, runClaimedJob } from './run-job.js';

const workerOptionsSchema = z
  .object({
    /** Jobs run at once by this worker (4). */
    concurrency: z.number().int().min(1).max(256).default(4),
    /** How often an idle worker asks for due jobs (1 s); an enqueue in the same process wakes it at once. */
    pollIntervalMs: z.number().int().min(1).max(3_600_000).default(1000),
    /**
     * How long a claimed job is this worker's (5 min). A worker that dies holding it frees it when the lease
     * lapses; a handler that runs longer may be run a second time, so keep handlers idempotent and short.
     */
    leaseMs: z.number().int().min(1).max(86_400_000).default(300_000),
    /** How long `stop()` waits for running handlers before releasing their jobs (10 s). */
    graceMs: z.number().int().min(0).max(3_600_000).default(10_000),
    /** Names this worker in leases and logs (a fresh `wrk_…`). */
    owner: z.string().min(1).max(255).optional(),
    /** Told of every job's outcome (logs, metrics, tests). */
    onOutcome: z.custom<(outcome: JobRunOutcome) => void>((value) => typeof value === 'function').optional(),
  })
  .strict();

export type JobWorkerOptions = z.input<typeof workerOptionsSchema>;

export interface JobWorker {
  readonly owner: string;
  /** Claims now rather than at the next poll. */
  wake(): void;
  /** Stops claiming, aborts running handlers' signals, waits up to `graceMs`, then releases what still runs. */
  stop(): Promise<void>;
}

export function parseWorkerOptions(options: JobWorkerOptions = {}) {
  const result = workerOptionsSchema.safeParse(options);
  if (result.success) return { ...result.data, owner: result.data.owner ?? createId('wrk') };
  const issue = result.error.issues[0];
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `Job worker: ${issue?.path.join('.')}: ${issue?.message}.`,
    cause: result.error,
  });
}

/** Claims due jobs once (up to `limit`) and runs them: the worker's single step, for tests and cron-style runs. */
export async function runDueJobs(
  runner: JobRunner,
  options: { limit?: number; leaseMs?: number; owner?: string; signal?: AbortSignal } = {},
): Promise<JobRunOutcome[]> {
  const owner = options.owner ?? createId('wrk');
  const claimed = await runner.driver.claim({
    names: [...runner.definitions.keys()],
    owner,
    limit: options.limit ?? 100,
    leaseMs: options.leaseMs ?? 300_000,
  });
  const signal = options.signal ?? new AbortController().signal;
  return Promise.all(claimed.map((job) => runClaimedJob(runner, job, owner, signal)));
}

export function startJobWorker(runner: JobRunner, input: JobWorkerOptions = {}): JobWorker {
  const options = parseWorkerOptions(input);
  const { owner, concurrency, leaseMs } = options;
  const names = [...runner.definitions.keys()];
  const running = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  let stopping = false;
  let wakeUp: (() => void) | null = null;
  // A wake-up that came while the loop was busy claiming: the next pause returns at once.
  let woken = false;

  const wake = () => {
    const resume = wakeUp;
    wakeUp = null;
    if (resume) resume();
    else woken = true;
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(wake, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  function start(job: JobRecord) {
    const done = runClaimedJob(runner, job, owner, shutdown.signal)
      .then((outcome) => options.onOutcome?.(outcome))
      .catch((error: unknown) => runner.log.error('job run failed', { jobId: job.id, error }))
      .finally(() => {
        running.delete(job.id);
        wake();
      });
    running.set(job.id, done);
  }

  async function loop() {
    while (!stopping) {
      const free = concurrency - running.size;
      let claimed: JobRecord[] = [];
      if (free > 0 && names.length > 0) {
        try {
          claimed = await runner.driver.claim({ names, owner, limit: free, leaseMs });
        } catch (error) {
          runner.log.error('job claim failed', { owner, error });
        }
        // Claimed while stop() began: give them straight back.
        if (stopping) {
          for (const job of claimed) await runner.driver.release(job.id, owner);
          return;
        }
        for (const job of claimed) start(job);
      }
      // A full batch suggests more are due: ask again at once (or once a slot frees).
      if (claimed.length > 0 && claimed.length === free) continue;
      await pause(options.pollIntervalMs);
    }
  }

  const looping = loop();
  return {
    owner,
    wake,
    async stop() {
      if (stopping) return looping;
      stopping = true;
      shutdown.abort(new Error('The job worker is shutting down.'));
      wake();
      await looping;
      const unfinished = new Map(running);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.graceMs);
      });
      await Promise.race([Promise.allSettled(unfinished.values()), grace]);
      clearTimeout(timer);
      // Handlers that ignored the signal: their jobs go back now; their late results are dropped by owner checks.
      for (const id of running.keys()) await runner.driver.release(id, owner).catch(() => false);
    },
  };
}
