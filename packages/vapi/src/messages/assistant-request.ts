import { json, type TenantResolution } from '@nuvatra/core';
import { toCallFacts, type VapiCallFacts } from '../map.js';
import type { AssistantRequest } from '../schemas.js';
import { assistantChoice } from '../session.js';
import { type MessageContext, vapiActor } from './context.js';
import { recordUnrouted } from './locate.js';

/**
 * `assistant-request`: a call reached a Vapi number with no assistant of its own, and Vapi asks us which to use
 * (docs.vapi.ai/server-url/events). The tenant comes from the number called (and the forwarding line, on a shared
 * number); the answer is `{ assistant }` with that tenant's transient assistant, or `{ error }`, which Vapi speaks
 * to the caller before hanging up. Vapi waits 7.5 seconds at most, so this does local reads and writes only.
 */
export async function answerAssistantRequest(context: MessageContext, message: AssistantRequest): Promise<Response> {
  const facts = toCallFacts(message);
  const { to } = facts;
  if (!to) {
    return refuse(context, facts, { outcome: 'unresolved', reason: 'the message names no phone number', trace: [] });
  }
  const resolution = await context.services.resolveChannel({ to, forwardedFrom: facts.forwardedFrom });
  if (resolution.outcome !== 'resolved') return refuse(context, facts, resolution);

  return context.storage.withTenant(resolution.tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({
      provider: 'vapi',
      eventId: `${facts.vapiCallId}:assistant-request`,
    });
    // A repeated request (Vapi retried) answers again, from the call stored the first time.
    const existing = duplicate ? await scope.calls.getByProviderCallId('vapi', facts.vapiCallId) : null;
    const call =
      existing ??
      (await scope.calls.create({
        provider: 'vapi',
        providerCallId: facts.vapiCallId,
        direction: facts.direction,
        from: facts.from,
        to,
        forwardedFrom: facts.forwardedFrom,
        status: 'ringing',
        metadata: { agent: 'vapi' },
      }));
    const profile = await context.services.voiceProfile(scope);
    const publicBaseUrl = context.services.publicBaseUrl ?? '';
    const tools = context.services.toolsFor(profile.tenant);
    return json(assistantChoice(profile, call.id, { ...context, publicBaseUrl, tools }));
  });
}

async function refuse(
  context: MessageContext,
  facts: VapiCallFacts,
  resolution: Exclude<TenantResolution, { outcome: 'resolved' }>,
): Promise<Response> {
  const code = resolution.outcome === 'refused' ? resolution.code : 'TENANT_NOT_RESOLVED';
  await recordUnrouted(context, facts, code, resolution.reason);
  // A suspended tenant hears about its refused callers in its own audit log.
  if (resolution.outcome === 'refused' && resolution.tenantId) {
    await context.storage.withTenant(resolution.tenantId, (scope) =>
      scope.auditEvents.record({
        actor: vapiActor,
        action: 'call.refused',
        target: facts.vapiCallId,
        detail: { code, reason: resolution.reason, from: facts.from, to: facts.to },
      }),
    );
  }
  context.log.info('vapi assistant-request refused', { vapiCallId: facts.vapiCallId, code });
  return json({ error: context.settings.unavailableMessage });
}
