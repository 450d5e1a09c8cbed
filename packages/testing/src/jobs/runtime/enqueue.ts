import { defineJob, e164Schema, isNuvatraError, metadataSchema } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import type { RuntimeContext } from './app.js';

const work = defineJob({ name: 'suite.work', payload: metadataSchema, maxAttempts: 2, handle: () => undefined });
const sweep = defineJob({ name: 'suite.sweep', global: true, payload: metadataSchema, handle: () => undefined });

export function defineEnqueueTests(context: RuntimeContext): void {
  describe('enqueueing', () => {
    it("enqueues for the scope's tenant by default inside a tenant scope, and refuses another tenant's id", async () => {
      const app = await context.start([work]);
      const { a, b } = { a: app.tenantA.id, b: app.tenantB.id };
      const inScope = await app.storage.withTenant(a, () => app.jobs.enqueue(work, { n: 1 }));
      expect(inScope.job.tenantId).toBe(a);
      const refused = await app.storage
        .withTenant(a, () => app.jobs.enqueue(work, { n: 2 }, { tenantId: b }))
        .catch((error: unknown) => error);
      expect(isNuvatraError(refused, 'FORBIDDEN')).toBe(true);
      expect((refused as Error).message).toContain(b);
      expect((await app.driver.list({ tenantId: b })).items).toEqual([]);
    });

    it('needs the id of an existing tenant outside any scope: there is no default tenant', async () => {
      const app = await context.start([work]);
      const missing = await app.jobs.enqueue(work, {}).catch((error: unknown) => error);
      expect(isNuvatraError(missing, 'VALIDATION_FAILED')).toBe(true);
      expect((missing as Error).message).toContain('tenantId');
      const unknown = await app.jobs.enqueue(work, {}, { tenantId: 'ten_nobody' }).catch((error: unknown) => error);
      expect(isNuvatraError(unknown, 'TENANT_NOT_FOUND')).toBe(true);
      expect((await app.driver.list({})).items).toEqual([]);
    });

    it("enqueues a duplicated event's work once", async () => {
      const app = await context.start([work]);
      const options = { tenantId: app.tenantA.id, idempotencyKey: 'CA0001:completed' };
      const first = await app.jobs.enqueue(work, { n: 1 }, options);
      const again = await app.jobs.enqueue(work, { n: 1 }, options);
      expect([first.created, again.created]).toEqual([true, false]);
      expect(again.job.id).toBe(first.job.id);
      expect((await app.driver.list({})).items).toHaveLength(1);
    });

    it("refuses a payload its job's schema does not accept with VALIDATION_FAILED (400), naming the job", async () => {
      const app = await context.start([work]);
      const refused = await app.jobs
        .enqueue('suite.work', 'not an object', { tenantId: app.tenantA.id })
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      expect((refused as Error).message).toContain('payload of job "suite.work"');
      const unknownJob = await app.jobs.enqueue('suite.nope', {}, { tenantId: app.tenantA.id }).catch((e) => e);
      expect(isNuvatraError(unknownJob, 'CONFIG_INVALID')).toBe(true);
    });

    it('puts a job whose stored payload no longer parses on the dead-letter list, without running it', async () => {
      const app = await context.start([work]);
      const { job } = await app.jobs.enqueue(work, { n: 1 }, { tenantId: app.tenantA.id });
      let ran = 0;
      const stricter = defineJob({ name: 'suite.work', payload: e164Schema, handle: () => void ran++ });
      const upgraded = context.restart(app, [stricter]);
      const [outcome] = await upgraded.jobs.runDue();
      expect(ran).toBe(0);
      expect(outcome).toMatchObject({ status: 'dead' });
      expect((await app.driver.get(job.id))?.lastError).toMatch(/payload no longer parses/);
    });

    it('enqueues a global job only as declared and never for a tenant, and audits its enqueue and its run', async () => {
      const app = await context.start([work, sweep]);
      const notDeclared = await app.jobs.enqueue(work, {}, { global: true }).catch((error: unknown) => error);
      expect(isNuvatraError(notDeclared, 'VALIDATION_FAILED')).toBe(true);
      const withoutMarker = await app.jobs.enqueue(sweep, {}).catch((error: unknown) => error);
      expect(isNuvatraError(withoutMarker, 'VALIDATION_FAILED')).toBe(true);
      const fromTenant = await app.storage
        .withTenant(app.tenantA.id, () => app.jobs.enqueue(sweep, {}, { global: true }))
        .catch((error: unknown) => error);
      expect(isNuvatraError(fromTenant, 'FORBIDDEN')).toBe(true);

      const { job } = await app.jobs.enqueue(sweep, { reason: 'nightly' }, { global: true });
      expect(job.tenantId).toBeNull();
      await app.jobs.runDue();
      expect(await app.driver.get(job.id)).toMatchObject({ status: 'completed' });
      const audits = app.logs.filter((line) => line.message === 'audit').map((line) => line.fields);
      expect(audits).toEqual([
        expect.objectContaining({ action: 'job.global_enqueued', jobId: job.id, job: 'suite.sweep' }),
        expect.objectContaining({ action: 'job.global_ran', jobId: job.id, job: 'suite.sweep' }),
      ]);
    });
  });
}
