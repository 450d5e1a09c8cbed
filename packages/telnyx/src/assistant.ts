import { json, parseOrThrow } from '@nuvatra/core';
import { assistantIdFor } from './client.js';
import { numberFromAddress, toDynamicVariables } from './map.js';
import { assistantInitializationPayloadSchema, type TelnyxEvent } from './schemas.js';
import type { WebhookDeps } from './webhook.js';

const noTenant = () => json({ dynamic_variables: {} });

/**
 * `assistant.initialization`, the AI Assistant's dynamic-variables webhook: answered with the business of the
 * number that was called (`telnyx_agent_target`), never of the caller. Telnyx waits about a second, so this only
 * reads: no receipt, no REST call. An unknown number, a suspended business, or an assistant that is not the one
 * registered for it gets no business's data at all, and the assistant speaks its own defaults.
 */
export async function answerDynamicVariables(event: TelnyxEvent, deps: WebhookDeps): Promise<Response> {
  const { storage, services, config, log } = deps;
  const payload = parseOrThrow(assistantInitializationPayloadSchema, event.data.payload, 'Telnyx assistant event');
  const to = numberFromAddress(payload.telnyx_agent_target);
  if (!to) return noTenant();
  const resolution = await services.resolveChannel({ to });
  if (resolution.outcome !== 'resolved') {
    log.info('telnyx: dynamic variables for a number of no active tenant', { to, reason: resolution.reason });
    return noTenant();
  }
  const profile = await storage.withTenant(resolution.tenantId, async (scope) => {
    if (payload.assistant_id) {
      const registered = await assistantIdFor(scope, config, services.secretBox);
      if (registered !== payload.assistant_id) return null;
    }
    return services.voiceProfile(scope);
  });
  if (!profile) {
    log.warn('telnyx: dynamic variables asked by an assistant not registered for the number', {
      to,
      assistantId: payload.assistant_id,
    });
    return noTenant();
  }
  return json({ dynamic_variables: toDynamicVariables(profile) });
}
