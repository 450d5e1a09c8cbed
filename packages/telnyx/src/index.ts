// The public surface of @nuvatra/telnyx. test/exports.test.ts snapshots it, so it changes only on purpose.
export type { TelnyxSmsInput } from './jobs.js';
export { sendSmsJobName, sendTelnyxSms } from './jobs.js';
export type { TelnyxOptions } from './options.js';
export { telnyx } from './plugin.js';
