import { createHttpError, parseOrThrow, recordRefusal } from '@nuvatra/core';
import { assistantIdFor } from './client.js';
import { numberFromAddress, toCallInput, toCallUpdate, toConversationEndedUpdate } from './map.js';
import { resolveNumber } from './resolve.js';
import { callPayloadSchema, conversationEndedPayloadSchema, type TelnyxEvent } from './schemas.js';
import type { WebhookDeps } from './webhook.js';

const occurredAtOf = (event: TelnyxEvent) => event.data.occurred_at ?? new Date().toISOString();

/**
 * `call.initiated`, `call.answered`, `call.hangup`: resolve the tenant by its own number (the called one for an
 * incoming call) → create or update the call once per event. A call to a number nobody holds is kept for admins
 * when it starts; its later events belong to no tenant either.
 */
export async function recordCallEvent(event: TelnyxEvent, deps: WebhookDeps): Promise<void> {
  const { storage, services, log } = deps;
  const payload = parseOrThrow(callPayloadSchema, event.data.payload, 'Telnyx call event');
  const incoming = payload.direction !== 'outgoing';
  const { number: ours, resolution } = await resolveNumber(services, incoming ? payload.to : payload.from);
  const other = numberFromAddress(incoming ? payload.from : payload.to);
  if (resolution.outcome !== 'resolved' || !ours) {
    if (event.data.event_type === 'call.initiated' && resolution.outcome !== 'resolved') {
      await recordRefusal(storage, {
        provider: 'telnyx',
        resolution,
        channel: 'voice',
        address: { to: ours ?? (incoming ? payload.to : payload.from) },
        from: payload.from,
        providerEventId: payload.call_control_id,
      });
    } else {
      log.info('telnyx: call event for a call of no tenant', { callControlId: payload.call_control_id });
    }
    return;
  }
  const occurredAt = occurredAtOf(event);
  await storage.withTenant(resolution.tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'telnyx', eventId: event.data.id });
    if (duplicate) return;
    const to = incoming ? ours : other;
    if (!to) return;
    const stored =
      (await scope.calls.getByProviderCallId('telnyx', payload.call_control_id)) ??
      (await scope.calls.create(toCallInput(payload, { from: incoming ? other : ours, to })));
    const update = toCallUpdate(stored, event.data.event_type, payload, occurredAt);
    if (Object.keys(update).length > 0) await scope.calls.update(stored.id, update);
  });
}

/**
 * `call.conversation.ended`: an AI Assistant's conversation is over. The tenant comes from the called number and
 * the assistant must be the one registered for that tenant: anything else is 403, audited, and nothing is stored.
 * The call is marked ended now; its transcript and summary are fetched from Telnyx by a job.
 */
export async function recordConversationEnded(event: TelnyxEvent, deps: WebhookDeps): Promise<void> {
  const { storage, services, config, jobs } = deps;
  const payload = parseOrThrow(conversationEndedPayloadSchema, event.data.payload, 'Telnyx conversation');
  const { number: to, resolution } = await resolveNumber(services, payload.to);
  if (resolution.outcome !== 'resolved' || !to) {
    if (resolution.outcome !== 'resolved') {
      await recordRefusal(storage, {
        provider: 'telnyx',
        resolution,
        channel: 'voice',
        address: { to: to ?? payload.to },
        from: payload.from,
        providerEventId: payload.call_control_id,
      });
    }
    return;
  }
  const { tenantId } = resolution;
  const registered = await storage.withTenant(tenantId, (scope) => assistantIdFor(scope, config, services.secretBox));
  if (registered !== payload.assistant_id) {
    // Its own transaction: the record stays although the request fails.
    await storage.withTenant(tenantId, (scope) =>
      scope.auditEvents.record({
        actor: { type: 'provider', id: 'telnyx' },
        action: 'call.assistant_mismatch',
        target: payload.call_control_id,
        detail: { assistantId: payload.assistant_id, registered, to },
      }),
    );
    throw createHttpError(
      'FORBIDDEN',
      `Assistant ${payload.assistant_id} is not the one registered for the business at ${to}.`,
    );
  }
  const occurredAt = occurredAtOf(event);
  await storage.withTenant(tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'telnyx', eventId: event.data.id });
    if (duplicate) return;
    const stored =
      (await scope.calls.getByProviderCallId('telnyx', payload.call_control_id)) ??
      (await scope.calls.create({
        provider: 'telnyx',
        providerCallId: payload.call_control_id,
        from: numberFromAddress(payload.from),
        to,
        status: 'in-progress',
      }));
    await scope.calls.update(stored.id, toConversationEndedUpdate(stored, payload, occurredAt));
    await services.jobs.enqueue(
      jobs.fetchTranscript,
      { callId: stored.id, conversationId: payload.conversation_id },
      { idempotencyKey: `conversation:${payload.conversation_id}` },
    );
  });
}
