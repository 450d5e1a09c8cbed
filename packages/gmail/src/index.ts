// The public surface of @nuvatra/gmail. test/exports.test.ts snapshots it, so it changes only on purpose.
export type { GmailOAuthEndpoints, GmailOptions, GmailPubSubOptions } from './options.js';
export { gmailPlugin, gmailScopes } from './plugin.js';
export { renewJobName as gmailRenewWatchJobName } from './renew.js';
export { syncJobName as gmailSyncJobName } from './sync.js';
