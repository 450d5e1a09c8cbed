import { idParamsSchema, pageSchema } from '../api/schemas.js';
import { createHttpError } from '../errors/errors.js';
import type { Logger } from '../http/log.js';
import { type AnyRoute, defineRoute } from '../http/route.js';
import type { Principal } from '../resolve/types.js';
import type { Storage } from '../storage/create-storage.js';
import type { JobQueueDriver, JobRecord } from './driver.js';
import { jobListQuerySchema, jobRecordSchema } from './schemas.js';

/**
 * The dead-letter list and its two remedies, for global admins. Retrying and discarding are audited in the job's
 * tenant (a global job's, in the log: there is no tenant to hold it).
 */
export function jobAdminRoutes(driver: JobQueueDriver, storage: Storage): AnyRoute[] {
  async function deadJob(id: string): Promise<JobRecord> {
    const job = await driver.get(id);
    if (!job) throw createHttpError('NOT_FOUND', `No job with id "${id}".`);
    if (job.status !== 'dead') {
      throw createHttpError('CONFLICT', `Job "${id}" is ${job.status}; only dead jobs are retried or discarded.`);
    }
    return job;
  }

  async function audit(job: JobRecord, action: string, principal: Principal, log: Logger) {
    const actor = { type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId } as const;
    const detail = { job: job.name, lastError: job.lastError };
    if (job.tenantId && (await storage.tenants.get(job.tenantId))) {
      await storage.withTenant(job.tenantId, (scope) =>
        scope.auditEvents.record({ actor, action, target: job.id, detail }),
      );
    } else {
      log.info('audit', { action, actor, jobId: job.id, tenantId: job.tenantId, ...detail });
    }
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/api/admin/jobs',
      auth: 'admin',
      summary: 'Background jobs, newest first; `status=dead` is the dead-letter list',
      tags: ['admin', 'jobs'],
      query: jobListQuerySchema,
      responses: { 200: { description: 'A page of jobs', schema: pageSchema(jobRecordSchema) } },
      handle({ query: { limit, cursor, ...filter } }) {
        return driver.list(filter, { limit, ...(cursor ? { cursor } : {}) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/admin/jobs/:id',
      auth: 'admin',
      summary: 'One job, with its attempts and last error',
      tags: ['admin', 'jobs'],
      params: idParamsSchema,
      responses: { 200: { description: 'The job', schema: jobRecordSchema }, 404: { description: 'No such job' } },
      async handle({ params }) {
        const job = await driver.get(params.id);
        if (!job) throw createHttpError('NOT_FOUND', `No job with id "${params.id}".`);
        return job;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/admin/jobs/:id/retry',
      auth: 'admin',
      summary: 'Run a dead job again, now, with its attempts reset',
      tags: ['admin', 'jobs'],
      params: idParamsSchema,
      responses: {
        200: { description: 'The job, pending again', schema: jobRecordSchema },
        404: { description: 'No such job' },
        409: { description: 'The job is not dead' },
      },
      async handle({ params, principal, log }) {
        const job = await deadJob(params.id);
        const retried = await driver.retry(job.id);
        if (!retried) throw createHttpError('CONFLICT', `Job "${job.id}" changed meanwhile; read it again.`);
        await audit(job, 'job.retried', principal, log);
        return retried;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/admin/jobs/:id',
      auth: 'admin',
      summary: 'Discard a dead job (its idempotency key is free again)',
      tags: ['admin', 'jobs'],
      params: idParamsSchema,
      responses: {
        204: { description: 'Discarded' },
        404: { description: 'No such job' },
        409: { description: 'The job is not dead' },
      },
      async handle({ params, principal, log }) {
        const job = await deadJob(params.id);
        if (!(await driver.discard(job.id))) {
          throw createHttpError('CONFLICT', `Job "${job.id}" changed meanwhile; read it again.`);
        }
        await audit(job, 'job.discarded', principal, log);
      },
    }),
  ];
}
