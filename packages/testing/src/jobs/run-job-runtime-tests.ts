import { describe } from 'vitest';
import { checkJobSuiteOptions, type JobRuntimeSuiteOptions } from './options.js';
import { useJobRuntime } from './runtime/app.js';
import { defineEnqueueTests } from './runtime/enqueue.js';
import { defineTenantRunTests } from './runtime/tenants.js';
import { defineWorkerTests } from './runtime/worker.js';

/**
 * Core's job runtime (createNuvatra's `jobs`) over a queue adapter and a storage: jobs run only inside their own
 * tenant, never for a suspended or deleted one, payloads are checked twice, and a stopping worker gives back what it
 * holds. Every queue adapter runs it, with the storage it is deployed with.
 */
export function runJobRuntimeTests(options: JobRuntimeSuiteOptions): void {
  checkJobSuiteOptions('runJobRuntimeTests', options, 'create');
  describe(`${options.name}: job runtime`, () => {
    const context = useJobRuntime(options);
    defineTenantRunTests(context);
    defineEnqueueTests(context);
    defineWorkerTests(context);
  });
}
