import { defineJob, definePlugin, metadataSchema } from '@nuvatra/core';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { createTestApp, seedTwoTenants } from './app.js';

/** A deployment with a job queue and one job whose provider fails until `state.providerUp`. */
async function createJobsApp() {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  const queue = createSqliteJobQueue({ storage });
  await queue.migrate();
  const state = { providerUp: false, sent: [] as string[] };
  const reminders = definePlugin({
    name: 'reminders',
    jobs: [
      defineJob({
        name: 'reminders.send',
        payload: metadataSchema,
        maxAttempts: 1,
        handle({ tenantId }) {
          if (!state.providerUp) throw new Error('SMS provider answered 503');
          state.sent.push(tenantId);
        },
      }),
    ],
  });
  const app = await createTestApp({ storage, plugins: [reminders], jobs: { driver: queue } });
  const tenants = await seedTwoTenants(app);
  const jobs = app.nuvatra.jobs;
  if (!jobs) throw new Error('the deployment has no job queue');
  return { app, jobs, state, tenants };
}

describe('the dead-letter list in the admin API', () => {
  it('shows a failed job with its error, and retrying it from the admin API runs it again', async () => {
    const { app, jobs, state, tenants } = await createJobsApp();
    const { job } = await jobs.enqueue('reminders.send', { to: '+15550109999' }, { tenantId: tenants.sunrise.id });
    await jobs.runDue();

    const dead = await app.request('GET', `/api/admin/jobs?status=dead&tenantId=${tenants.sunrise.id}`);
    expect(dead.status).toBe(200);
    const page = (await dead.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(page).toEqual({
      items: [
        expect.objectContaining({
          id: job.id,
          name: 'reminders.send',
          tenantId: tenants.sunrise.id,
          status: 'dead',
          attempts: 1,
          lastError: 'SMS provider answered 503',
        }),
      ],
      nextCursor: null,
    });
    expect(
      ((await (await app.request('GET', '/api/admin/jobs?status=dead&name=other')).json()) as { items: [] }).items,
    ).toEqual([]);

    state.providerUp = true;
    const retried = await app.request('POST', `/api/admin/jobs/${job.id}/retry`);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: job.id, status: 'pending', attempts: 0 });
    expect(await jobs.runDue()).toEqual([{ jobId: job.id, name: 'reminders.send', status: 'completed' }]);
    expect(state.sent).toEqual([tenants.sunrise.id]);
    expect(await (await app.request('GET', `/api/admin/jobs/${job.id}`)).json()).toMatchObject({ status: 'completed' });

    const audit = (await (await app.request('GET', `/api/admin/audit?tenantId=${tenants.sunrise.id}`)).json()) as {
      items: Array<{ action: string; target: string; actor: { id: string } }>;
    };
    expect(audit.items[0]).toMatchObject({ action: 'job.retried', target: job.id, actor: { id: 'root' } });
  });

  it('discards a dead job, and refuses to retry or discard one that is not dead', async () => {
    const { app, jobs, tenants } = await createJobsApp();
    const { job } = await jobs.enqueue('reminders.send', {}, { tenantId: tenants.harbor.id });
    expect((await app.request('POST', `/api/admin/jobs/${job.id}/retry`)).status).toBe(409);
    expect((await app.request('DELETE', `/api/admin/jobs/${job.id}`)).status).toBe(409);
    await jobs.runDue();
    expect((await app.request('DELETE', `/api/admin/jobs/${job.id}`)).status).toBe(204);
    expect((await app.request('GET', `/api/admin/jobs/${job.id}`)).status).toBe(404);
    expect((await app.request('DELETE', `/api/admin/jobs/${job.id}`)).status).toBe(404);
    expect((await app.request('POST', '/api/admin/jobs/job_nothing/retry')).status).toBe(404);
  });

  it('is for global admins only, and documented in the OpenAPI document', async () => {
    const { app } = await createJobsApp();
    const asOwner = await app.request('GET', '/api/admin/jobs', { as: 'alice' });
    expect(asOwner.status).toBe(403);
    expect((await app.request('GET', '/api/admin/jobs', { as: null })).status).toBe(401);
    expect((await app.request('GET', '/api/admin/jobs?status=lost')).status).toBe(400);
    const document = (await (await app.request('GET', '/api/openapi.json', { as: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/admin/jobs'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/admin/jobs/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(document.paths['/api/admin/jobs/{id}/retry'] ?? {})).toEqual(['post']);
  });
});
