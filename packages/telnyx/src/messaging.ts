import { parseOrThrow } from '@nuvatra/core';
import { deliveryStatusOf, numberFromAddress, toInboundMessage } from './map.js';
import { recordRefusal } from './refusal.js';
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
 * `message.sent` / `message.finalized`: the delivery of a message we sent. Verified and acknowledged; the status is
 * not stored yet, because core's messages repository has no update (see the README's "Not yet").
 */
export function recordDeliveryStatus(event: TelnyxEvent, deps: WebhookDeps): void {
  const payload = parseOrThrow(messagePayloadSchema, event.data.payload, 'Telnyx message');
  deps.log.info('telnyx: delivery status received', {
    eventType: event.data.event_type,
    messageId: payload.id,
    status: deliveryStatusOf(payload),
  });
}
