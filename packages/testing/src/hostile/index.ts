// `@nuvatra/testing/hostile`: the hostile suite, kept out of the main entry because it signs with the providers'
// own libraries (twilio, svix), which only servers that mount those providers have installed.
export type {
  HostileGoogle,
  HostileSnapshot,
  HostileSuiteOptions,
  HostileTarget,
  HostileTenant,
} from './options.js';
export { runHostileSuite } from './run-hostile-suite.js';
