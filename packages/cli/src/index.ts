// The public surface of @nuvatra/cli. test/exports.test.ts snapshots it, so it changes only on purpose.
export type { DevelopmentProviders } from './credentials/development-providers.js';
export {
  createDevelopmentProviders,
  developmentProvidersFile,
  developmentProvidersSchema,
  readDevelopmentProviders,
} from './credentials/development-providers.js';
export type { CliIo } from './io.js';
export { runCli } from './run.js';
export type { CreateWorkerApp, WorkerApp } from './worker/app-module.js';
