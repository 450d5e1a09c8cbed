import {
  currentTenantScope,
  defineJob,
  findTenantScope,
  isNuvatraError,
  metadataSchema,
  type TenantJobContext,
} from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { drain, type RuntimeContext } from './app.js';

interface Seen {
  attempt: number;
  tenantId: string;
  scopeTenant: string;
  currentTenant: string;
  callTenants: string[];
  providerCallIds: string[];
}

/** Reads everything the job can reach in its scope, from the scope and from the context. */
async function look(context: TenantJobContext<Record<string, unknown>>): Promise<Seen> {
  expect(findTenantScope()).toBeUndefined();
  return context.withScope(async (scope) => {
    const calls = (await scope.calls.list({ limit: 200 })).items;
    return {
      attempt: context.attempt,
      tenantId: context.tenantId,
      scopeTenant: scope.tenantId,
      currentTenant: currentTenantScope().tenantId,
      callTenants: calls.map((call) => call.tenantId),
      providerCallIds: calls.map((call) => call.providerCallId),
    };
  });
}

export function defineTenantRunTests(context: RuntimeContext): void {
  describe('running jobs inside their tenant', () => {
    it("runs a job that fails twice and succeeds on the third try all three times inside its tenant, never seeing another tenant's rows", async () => {
      const seen: Seen[] = [];
      const flaky = defineJob({
        name: 'suite.flaky',
        payload: metadataSchema,
        maxAttempts: 3,
        backoffMs: 1000,
        async handle(job) {
          seen.push(await look(job));
          if (job.attempt < 3) throw new Error(`provider unavailable (attempt ${job.attempt})`);
        },
      });
      const app = await context.start([flaky]);
      const { job } = await app.jobs.enqueue(flaky, {}, { tenantId: app.tenantA.id });
      await drain(app, 60_000, 4);
      const a = app.tenantA.id;
      expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
      for (const s of seen) {
        expect(s).toMatchObject({ tenantId: a, scopeTenant: a, currentTenant: a });
        expect(s.callTenants).toEqual([a]);
        expect(s.providerCallIds).toEqual(['seed-tenant-a']);
      }
      expect(await app.driver.get(job.id)).toMatchObject({ status: 'completed', attempts: 3 });
    });

    it('does not run a job whose tenant was suspended after the enqueue, and says why on the dead-letter list', async () => {
      let ran = 0;
      const work = defineJob({ name: 'suite.work', payload: metadataSchema, handle: () => void ran++ });
      const app = await context.start([work]);
      const { job } = await app.jobs.enqueue(work, {}, { tenantId: app.tenantA.id });
      await app.storage.tenants.update(app.tenantA.id, { status: 'suspended' });
      const outcomes = await app.jobs.runDue();
      expect(ran).toBe(0);
      const reason = `tenant ${app.tenantA.id} is suspended; the job did not run`;
      expect(outcomes).toEqual([{ jobId: job.id, name: 'suite.work', status: 'dead', error: reason }]);
      const dead = await app.driver.list({ status: 'dead' });
      expect(dead.items).toMatchObject([{ id: job.id, lastError: reason, attempts: 1 }]);
    });

    it('does not run a job whose tenant no longer exists', async () => {
      let ran = 0;
      const work = defineJob({ name: 'suite.work', payload: metadataSchema, handle: () => void ran++ });
      const app = await context.start([work]);
      const gone = await app.storage.tenants.create({ slug: 'short-lived', name: 'Short Lived' });
      const { job } = await app.jobs.enqueue(work, {}, { tenantId: gone.id });
      await app.storage.tenants.discard(gone.id);
      await app.jobs.runDue();
      expect(ran).toBe(0);
      expect(await app.driver.get(job.id)).toMatchObject({
        status: 'dead',
        lastError: `tenant ${gone.id} does not exist; the job did not run`,
      });
    });

    it("refuses, inside a job, another tenant's scope and work for another tenant; follow-ups stay in the job's tenant", async () => {
      const errors: unknown[] = [];
      const followUp = defineJob({ name: 'suite.follow-up', payload: metadataSchema, handle: () => undefined });
      const app = await context.start([]);
      const b = app.tenantB.id;
      const first = defineJob({
        name: 'suite.first',
        payload: metadataSchema,
        maxAttempts: 1,
        async handle(job) {
          errors.push(await app.storage.withTenant(b, () => 'reached').catch((error: unknown) => error));
          errors.push(await job.jobs.enqueue(followUp, {}, { tenantId: b }).catch((error: unknown) => error));
          await job.jobs.enqueue(followUp, { from: job.job.id });
        },
      });
      const deployed = context.restart(app, [first, followUp]);
      await deployed.jobs.enqueue(first, {}, { tenantId: app.tenantA.id });
      await deployed.jobs.runDue();
      expect(isNuvatraError(errors[0], 'TENANT_SCOPE_NESTED')).toBe(true);
      expect(isNuvatraError(errors[1], 'FORBIDDEN')).toBe(true);
      const followUps = await app.driver.list({ name: 'suite.follow-up' });
      expect(followUps.items.map((job) => job.tenantId)).toEqual([app.tenantA.id]);
    });
  });
}
