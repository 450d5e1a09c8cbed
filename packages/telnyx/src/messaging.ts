import { parseOrThrow, recordRefusal } from '@nuvatra/core';
import { deliveryStatusOf, numberFromAddress, toInboundMessage, toMessageStatusUpdate } from './map.js';
import { resolveNumber } from './resolve.js';
import { messagePayloadSchema, type TelnyxEvent } from './schemas.js';
import type { WebhookDeps } from './webhook.js';

/**
 * `message.received`: resolve the tenant by the number texted (its Telnyx number, or a legacy Twilio number it
 * registered) → store it once in the sender's SMS conversation (the event id and the message id both deduplicate).
 * A number no tenant holds is kept for admins; a suspended tenant's is refused and audited.
 */
export async function receiveMessage(event: TelnyxEvent, deps: WebhookDeps): Promise<void> {
  const { storage, services } = deps;
  const payload = parseOrThrow(messagePayloadSchema, event.data.payload, 'Telnyx message');
  const rawTo = payload.to[0]?.phone_number ?? '';
  const to = numberFromAddress(rawTo) ?? rawTo;
  const resolution = await services.resolveChannel({ to });
  if (resolution.outcome !== 'resolved') {
    await recordRefusal(storage, {
      provider: 'telnyx',
      resolution,
      channel: 'sms',
      address: { to },
      from: payload.from.phone_number,
      providerEventId: payload.id,
    });
    return;
  }
  const message = toInboundMessage(payload, to);
  await storage.withTenant(resolution.tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'telnyx', eventId: event.data.id });
    if (duplicate) return;
    const conversation = await scope.conversations.findOrCreate('sms', message.from);
    await scope.messages.append(conversation.id, message);
  });
}

/**
 * `message.sent` / `message.finalized`: the delivery of a message we sent. Resolve the tenant by the number it was
 * sent from (ours) → move the stored message's status once per event. Statuses only move forward, so a late
 * `message.sent` after `message.finalized` changes nothing; a status for a message the tenant does not have (not
 * stored yet, or another tenant's) changes nothing either.
 */
export async function recordDeliveryStatus(event: TelnyxEvent, deps: WebhookDeps): Promise<void> {
  const { storage, services, log } = deps;
  const payload = parseOrThrow(messagePayloadSchema, event.data.payload, 'Telnyx message');
  const facts = { eventType: event.data.event_type, messageId: payload.id, status: deliveryStatusOf(payload) };
  const update = toMessageStatusUpdate(payload, event.data.occurred_at);
  if (payload.direction !== 'outbound' || !update) {
    log.info('telnyx: delivery status not used', facts);
    return;
  }
  const { resolution } = await resolveNumber(services, payload.from.phone_number);
  if (resolution.outcome !== 'resolved') {
    // No tenant holds the number (nothing of it is stored), or its tenant is suspended (nothing of it is written).
    log.info('telnyx: delivery status for a number of no tenant', { ...facts, reason: resolution.reason });
    return;
  }
  const message = await storage.withTenant(resolution.tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'telnyx', eventId: event.data.id });
    return duplicate ? undefined : scope.messages.updateStatus('telnyx', payload.id, update);
  });
  if (message === null) log.info('telnyx: delivery status for a message not stored', facts);
}
