// The public surface of @nuvatra/clerk. test/exports.test.ts snapshots it, so it changes only on purpose.
export { clerkAuth } from './auth.js';
export type { ClerkAuthOptions, ClerkWebhooksOptions } from './options.js';
export { clerkWebhooks } from './plugin.js';
