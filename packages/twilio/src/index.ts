// The public surface of @nuvatra/twilio. test/exports.test.ts snapshots it, so it changes only on purpose.
export type { TwilioMessages, TwilioOptions } from './options.js';
export { twilio } from './plugin.js';
