export { runStorageContractTests } from './contract/run-storage-contract-tests.js';
export { runIsolationTests } from './isolation/run-isolation-tests.js';
export type { IsolationSuiteOptions, StorageSuiteOptions } from './options.js';
