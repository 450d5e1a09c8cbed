import {
  defineJob,
  definePlugin,
  defineRoute,
  type JobRunOutcome,
  metadataSchema,
  readNuvatraEnv,
} from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import { createDeployment, readTemplate } from './client-folder.js';

// A job enqueued by a request runs in the deployment's one business, on the worker the server starts; close()
// stops that worker first, giving back a job still running so the next start runs it.

function jobPlugin(probe: { hold: boolean; onHolding?: () => void }) {
  const note = defineJob({
    name: 'clinic-test.note',
    payload: metadataSchema,
    async handle({ payload, withScope, signal }) {
      if (probe.hold) {
        probe.onHolding?.();
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }
      await withScope((scope) =>
        scope.auditEvents.record({
          actor: { type: 'system', id: 'clinic-test' },
          action: 'clinic_test.noted',
          target: String(payload.note),
        }),
      );
    },
  });
  const route = defineRoute({
    method: 'POST',
    path: '/api/clinic-test/note',
    auth: 'user',
    summary: 'Enqueue a job for this business',
    body: metadataSchema,
    async handle({ body, services }) {
      const { job } = await services.jobs.enqueue(note, body);
      return { jobId: job.id, tenantId: job.tenantId };
    },
  });
  return definePlugin({ name: 'clinic-test', jobs: [note], routes: [route] });
}

function waitFor(outcomes: JobRunOutcome[], status: JobRunOutcome['status']) {
  let onOutcome: (outcome: JobRunOutcome) => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    onOutcome = (outcome) => {
      outcomes.push(outcome);
      if (outcome.status === status) resolve();
    };
  });
  return { reached, onOutcome };
}

describe('background jobs in the single-tenant example', () => {
  it('runs a job in the one business, and close() gives back a job still running for the next start', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const env = readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: deployment.dataDirectory, CLIENT_ID: 'example-clinic' });
    const options = { clientsDirectory: deployment.clientsDirectory, quiet: true, variables: {} };
    let holding: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const probe = { hold: true, onHolding: holding };
    const first: JobRunOutcome[] = [];
    const released = waitFor(first, 'released');
    const server = await startServer(env, {
      ...options,
      plugins: [jobPlugin(probe)],
      worker: { onOutcome: released.onOutcome },
    });
    const response = await fetch(`${server.url}/api/clinic-test/note`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev:front-desk', 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'call back Mrs Diaz' }),
    });
    const { jobId, tenantId } = (await response.json()) as { jobId: string; tenantId: string };
    expect(tenantId).toBe(server.tenant.id);
    await held;
    await server.close();
    await released.reached;
    expect(first).toEqual([{ jobId, name: 'clinic-test.note', status: 'released' }]);

    probe.hold = false;
    const second: JobRunOutcome[] = [];
    const completed = waitFor(second, 'completed');
    const again = await startServer(env, {
      ...options,
      plugins: [jobPlugin(probe)],
      worker: { onOutcome: completed.onOutcome },
    });
    try {
      await completed.reached;
      expect(second).toEqual([{ jobId, name: 'clinic-test.note', status: 'completed' }]);
      const events = await again.storage.withTenant(tenantId, (scope) => scope.auditEvents.list({ limit: 100 }));
      expect(events.items.filter((e) => e.action === 'clinic_test.noted').map((e) => e.target)).toEqual([
        'call back Mrs Diaz',
      ]);
    } finally {
      await again.close();
    }
  });
});
