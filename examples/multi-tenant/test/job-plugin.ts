import { defineJob, definePlugin, defineRoute, metadataSchema } from '@nuvatra/core';

// Test-only: a plugin that brings a job and a route to enqueue it, as a real plugin would. The job records an
// audit event in the tenant it runs in; a payload with `hold` waits for the worker to shut down instead.

export interface JobProbe {
  /** While true, a job with `hold: true` waits for the worker to shut down; once false, it completes at once. */
  hold: boolean;
  /** Told when a held job is running. */
  onHolding?: (jobId: string) => void;
}

export function createJobPlugin(probe: JobProbe = { hold: false }) {
  const remember = defineJob({
    name: 'example-test.remember',
    payload: metadataSchema,
    backoffMs: 0,
    async handle({ job, payload, withScope, signal }) {
      if (payload.hold === true && probe.hold) {
        probe.onHolding?.(job.id);
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }
      await withScope((scope) =>
        scope.auditEvents.record({
          actor: { type: 'system', id: 'example-test' },
          action: 'example_test.remembered',
          target: String(payload.note),
        }),
      );
    },
  });
  return definePlugin({
    name: 'example-test',
    jobs: [remember],
    routes: [
      defineRoute({
        method: 'POST',
        path: '/api/example-test/remember',
        auth: 'user',
        summary: 'Enqueue a job for the caller’s business',
        body: metadataSchema,
        async handle({ body, services }) {
          const { job } = await services.jobs.enqueue(remember, body);
          return { jobId: job.id, tenantId: job.tenantId };
        },
      }),
    ],
  });
}
