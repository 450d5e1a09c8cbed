export { runStorageContractTests } from './contract/run-storage-contract-tests.js';
export { runIsolationTests } from './isolation/run-isolation-tests.js';
export type {
  JobIsolationSuiteOptions,
  JobQueueSuiteOptions,
  JobRuntimeSuiteOptions,
  SuiteClock,
} from './jobs/options.js';
export { runJobIsolationTests } from './jobs/run-job-isolation-tests.js';
export { runJobQueueContractTests } from './jobs/run-job-queue-contract-tests.js';
export { runJobRuntimeTests } from './jobs/run-job-runtime-tests.js';
export type { IsolationSuiteOptions, StorageSuiteOptions } from './options.js';
