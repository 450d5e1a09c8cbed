import { z } from 'zod';
import { findBoundTenantId, findTenantScope } from '../context/tenant-context.js';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import type { Logger } from '../http/log.js';
import { idSchema } from '../schemas/common.js';
import type { Storage } from '../storage/create-storage.js';
import {
  type AnyJobDefinition,
  defaultBackoffMs,
  defaultMaxAttempts,
  type GlobalJobDefinition,
  type TenantJobDefinition,
} from './define-job.js';
import type { JobPayload, JobQueueDriver, JobRecord } from './driver.js';

const enqueueOptionsSchema = z
  .object({
    /** The tenant the job runs in. Inside a tenant's scope (or job) it defaults to that tenant and must be it. */
    tenantId: idSchema.optional(),
    /** A global job (declared `global: true`): it runs in no tenant. */
    global: z.literal(true).optional(),
    /** Not before this time (default: now). */
    runAt: z.date().optional(),
    /** A second enqueue with the same key (same job, same tenant) stores nothing and answers the first job. */
    idempotencyKey: z.string().min(1).max(255).optional(),
    /** Overrides the job's own `maxAttempts`. */
    maxAttempts: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export type EnqueueOptions = z.input<typeof enqueueOptionsSchema>;

export interface EnqueuedJob {
  job: JobRecord;
  /** false: the idempotency key was used before, and `job` is the job stored then. */
  created: boolean;
}

/** `services.jobs`: what route handlers, hooks, tools and job handlers enqueue through. */
export interface JobEnqueuer {
  /** False when no queue is configured: a plugin may then do the work inline rather than fail. */
  readonly available: boolean;
  enqueue<S extends z.ZodType>(
    job: TenantJobDefinition<S> | GlobalJobDefinition<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<EnqueuedJob>;
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueuedJob>;
}

export interface EnqueuerOptions {
  definitions: ReadonlyMap<string, AnyJobDefinition>;
  driver: JobQueueDriver;
  storage: Storage;
  now: () => Date;
  log: Logger;
}

/** The tenant the calling code runs for: a request's or hook's scope, or the job it is part of. */
function currentTenantId(): string | undefined {
  return findTenantScope()?.tenantId ?? findBoundTenantId();
}

export function createJobEnqueuer(options: EnqueuerOptions): JobEnqueuer {
  const { definitions, driver, storage, log } = options;

  async function tenantOf(definition: AnyJobDefinition, requested: EnqueueOptions): Promise<string | null> {
    const current = currentTenantId();
    if (definition.global) {
      if (!requested.global || requested.tenantId) {
        throw createHttpError(
          'VALIDATION_FAILED',
          `Job "${definition.name}" is global: enqueue it with { global: true } and no tenantId.`,
        );
      }
      // A tenant's request must not start work across every tenant.
      if (current) {
        throw createHttpError('FORBIDDEN', `Global job "${definition.name}" cannot be enqueued for tenant ${current}.`);
      }
      return null;
    }
    if (requested.global) {
      throw createHttpError(
        'VALIDATION_FAILED',
        `Job "${definition.name}" is a tenant job; { global: true } needs a job defined with global: true.`,
      );
    }
    if (current) {
      if (requested.tenantId && requested.tenantId !== current) {
        throw createHttpError(
          'FORBIDDEN',
          `Code running for tenant ${current} cannot enqueue job "${definition.name}" for tenant ${requested.tenantId}.`,
        );
      }
      return current;
    }
    if (!requested.tenantId) {
      throw createHttpError(
        'VALIDATION_FAILED',
        `Job "${definition.name}" runs in a tenant: pass { tenantId } (there is no default tenant).`,
      );
    }
    if (!(await storage.tenants.get(requested.tenantId))) {
      throw createHttpError(
        'TENANT_NOT_FOUND',
        `No tenant with id "${requested.tenantId}" to run "${definition.name}".`,
      );
    }
    return requested.tenantId;
  }

  async function enqueue(job: string | AnyJobDefinition, payload: unknown, input: EnqueueOptions = {}) {
    const name = typeof job === 'string' ? job : job.name;
    const definition = definitions.get(name);
    if (!definition || (typeof job !== 'string' && definition !== job)) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `No job "${name}" is registered: add the plugin that defines it to createNuvatra({ plugins }).`,
      });
    }
    const requested = parseOrThrow(enqueueOptionsSchema, input, `options of job "${name}"`);
    const tenantId = await tenantOf(definition, requested);
    parseOrThrow(definition.payload, payload, `payload of job "${name}"`);
    // The input is stored, not the parsed output: it is parsed again when the job runs, and a transform's output
    // need not parse a second time.
    const stored = toJsonPayload(payload, name);
    const result = await driver.enqueue({
      name,
      tenantId,
      payload: stored,
      runAt: requested.runAt ?? options.now(),
      idempotencyKey: requested.idempotencyKey ?? null,
      maxAttempts: requested.maxAttempts ?? definition.maxAttempts ?? defaultMaxAttempts,
      backoffMs: definition.backoffMs ?? defaultBackoffMs,
    });
    if (tenantId === null) {
      log.info('audit', { action: 'job.global_enqueued', jobId: result.job.id, job: name, created: result.created });
    }
    return result;
  }

  return { enqueue, available: true } as JobEnqueuer;
}

function toJsonPayload(payload: unknown, name: string): JobPayload {
  try {
    return JSON.parse(JSON.stringify(payload ?? null)) as JobPayload;
  } catch (error) {
    throw createHttpError('VALIDATION_FAILED', `The payload of job "${name}" must be JSON.`, { cause: error });
  }
}

/** When no queue is configured: the first enqueue says how to configure one. */
export const unconfiguredJobs: JobEnqueuer = {
  available: false,
  enqueue: () =>
    Promise.reject(
      new NuvatraError({
        code: 'CONFIG_INVALID',
        message: 'No job queue: pass createNuvatra({ jobs: { driver } }), e.g. createSqliteJobQueue({ storage }).',
      }),
    ),
};
