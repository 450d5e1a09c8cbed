import { describe } from 'vitest';
import { useFreshQueue } from './contract/context.js';
import { defineFailureTests } from './contract/failures.js';
import { defineLeaseTests } from './contract/leases.js';
import { defineLifecycleTests } from './contract/lifecycle.js';
import { defineListingTests } from './contract/listing.js';
import { checkJobSuiteOptions, type JobQueueSuiteOptions } from './options.js';

/**
 * The job queue port's documented behaviour, as one Vitest suite every queue adapter runs. Each test gets a fresh
 * queue; time moves only through the suite's clock (and the adapter's `advanceTime`), so no test sleeps.
 *
 * @example
 * runJobQueueContractTests({
 *   name: 'sqlite',
 *   createDriver: async ({ now }) => { const q = createSqliteJobQueue({ filename: ':memory:', now }); await q.migrate(); return q; },
 * });
 */
export function runJobQueueContractTests(options: JobQueueSuiteOptions): void {
  checkJobSuiteOptions('runJobQueueContractTests', options, 'createDriver');
  describe(`${options.name}: job queue contract`, () => {
    const context = useFreshQueue(options);
    defineLifecycleTests(context);
    defineFailureTests(context);
    defineLeaseTests(context);
    defineListingTests(context);
  });
}
