import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { createVapiRestClient } from './client.js';
import { createHandOffCall } from './handoff.js';
import { parseVapiOptions, type VapiOptions } from './options.js';
import { vapiRoutes } from './routes.js';

/**
 * Vapi as Nuvatra's voice agent: the server-URL webhook (`POST /api/webhooks/vapi`) for Vapi-first calls and
 * every call's events, and the `handOffCall` hook that takes calls from Twilio's plugin. Options are checked here,
 * at start-up; `apiKey` and `serverSecret` fall back to `VAPI_API_KEY` and `VAPI_SERVER_SECRET`.
 */
export function vapi(options: VapiOptions = {}): NuvatraPlugin {
  const settings = parseVapiOptions(options);
  const client = createVapiRestClient(settings);
  const onError = options.onError ?? ((error: unknown) => console.error('[nuvatra/vapi] hand-off failed:', error));
  return definePlugin({
    name: 'vapi',
    routes: vapiRoutes(settings),
    hooks: { handOffCall: createHandOffCall(settings, client, onError) },
  });
}
