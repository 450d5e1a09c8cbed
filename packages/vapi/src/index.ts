// The public surface of @nuvatra/vapi. test/exports.test.ts snapshots it, so it changes only on purpose.
export type { TransientAssistant, TransientAssistantOptions } from './assistant.js';
export { buildTransientAssistant, vapiWebhookPath } from './assistant.js';
export type { VapiHmacOptions, VapiOptions } from './options.js';
export { vapi } from './plugin.js';
export { renderSystemPrompt } from './prompt.js';
export type { VapiAuthMethod } from './verify.js';
export { verifyVapiRequest } from './verify.js';
