import { runBoundToTenant } from '../context/tenant-context.js';
import type { Logger } from '../http/log.js';
import type { NuvatraServices } from '../http/services.js';
import type { Storage } from '../storage/create-storage.js';
import type { AnyJobDefinition } from './define-job.js';
import type { JobQueueDriver, JobRecord } from './driver.js';
import type { JobEnqueuer } from './enqueue.js';

/** What became of one claimed job. */
export type JobRunOutcome =
  | { jobId: string; name: string; status: 'completed' }
  /** Failed; pending again after its backoff (`retrying`) or out of attempts, or refused outright (`dead`). */
  | { jobId: string; name: string; status: 'retrying' | 'dead'; error: string }
  /** Given back unfinished by a shutting-down worker; its attempt does not count. */
  | { jobId: string; name: string; status: 'released' }
  /** The worker no longer held it (its lease lapsed and another worker claimed it): the result was dropped. */
  | { jobId: string; name: string; status: 'lost' };

export interface JobRunner {
  definitions: ReadonlyMap<string, AnyJobDefinition>;
  driver: JobQueueDriver;
  storage: Storage;
  jobs: JobEnqueuer;
  services: NuvatraServices;
  log: Logger;
}

/** Thrown inside the runner for a job that must not run at all: it goes dead at once with this reason. */
class RefusedJob extends Error {}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * Runs one claimed job where it belongs: a tenant job only after re-reading its tenant (gone or suspended: dead
 * with the reason, the handler never called), bound to that tenant; a global job in no tenant, audited.
 */
export async function runClaimedJob(
  runner: JobRunner,
  job: JobRecord,
  owner: string,
  signal: AbortSignal,
): Promise<JobRunOutcome> {
  const { driver, log } = runner;
  const base = { jobId: job.id, name: job.name };
  try {
    await invoke(runner, job, signal);
  } catch (error) {
    if (signal.aborted && !(error instanceof RefusedJob)) {
      return (await driver.release(job.id, owner)) ? { ...base, status: 'released' } : { ...base, status: 'lost' };
    }
    const message = messageOf(error);
    const failed = await driver.fail(job.id, owner, { error: message, final: error instanceof RefusedJob });
    if (!failed) return { ...base, status: 'lost' };
    const status = failed.status === 'dead' ? 'dead' : 'retrying';
    log[status === 'dead' ? 'error' : 'warn'](`job ${status}`, { ...base, tenantId: job.tenantId, error: message });
    return { ...base, status, error: message };
  }
  return (await driver.complete(job.id, owner)) ? { ...base, status: 'completed' } : { ...base, status: 'lost' };
}

async function invoke(runner: JobRunner, job: JobRecord, signal: AbortSignal): Promise<void> {
  const { storage, jobs, services, log } = runner;
  const definition = runner.definitions.get(job.name);
  if (!definition) throw new RefusedJob(`No handler for job "${job.name}" in this worker.`);
  const parsed = definition.payload.safeParse(job.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedJob(
      `The payload no longer parses as job "${job.name}" (${issue?.path.join('.') || '(root)'}: ${issue?.message}); the job did not run.`,
    );
  }
  const common = { job, payload: parsed.data, attempt: job.attempts, jobs, services, signal, log };
  if (definition.global) {
    if (job.tenantId !== null) throw new RefusedJob(`Job "${job.name}" is global but was stored for a tenant.`);
    log.info('audit', { action: 'job.global_ran', jobId: job.id, job: job.name, attempt: job.attempts });
    await definition.handle({ ...common, tenantId: null, storage });
    return;
  }
  const tenantId = job.tenantId;
  if (tenantId === null) throw new RefusedJob(`Job "${job.name}" runs in a tenant but was stored without one.`);
  // Read again at every attempt: a tenant suspended or deleted since the enqueue runs nothing more.
  const tenant = await storage.tenants.get(tenantId);
  if (!tenant) throw new RefusedJob(`tenant ${tenantId} does not exist; the job did not run`);
  if (tenant.status !== 'active') throw new RefusedJob(`tenant ${tenantId} is ${tenant.status}; the job did not run`);
  await runBoundToTenant(tenantId, () =>
    definition.handle({
      ...common,
      tenantId,
      tenant,
      withScope: (fn) => storage.withTenant(tenantId, fn),
    }),
  );
}
