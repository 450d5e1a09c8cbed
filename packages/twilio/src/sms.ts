import { parseOrThrow, recordRefusal } from '@nuvatra/core';
import { toInboundMessage } from './map.js';
import type { TwilioConfig } from './options.js';
import { messageRequestSchema } from './schemas.js';
import { emptyMessagingResponse, twimlResponse } from './twiml.js';
import { receiveTwilioWebhook, type WebhookContext } from './verify.js';

/**
 * An inbound SMS/MMS: verify → resolve the tenant by the number texted → store it in the sender's SMS
 * conversation (a repeated MessageSid is stored once) → answer `<Response/>`, no automatic reply.
 */
export async function receiveMessage(context: WebhookContext, config: TwilioConfig): Promise<Response> {
  const { storage } = context;
  const { form, channel, resolution } = await receiveTwilioWebhook(context, config, 'sms');
  const params = parseOrThrow(messageRequestSchema, form, 'Twilio message request');

  if (resolution.outcome !== 'resolved') {
    await recordRefusal(storage, {
      provider: 'twilio',
      resolution,
      channel: 'sms',
      address: channel,
      from: params.From,
      providerEventId: params.MessageSid,
    });
    return twimlResponse(emptyMessagingResponse());
  }

  const message = toInboundMessage(params, channel);
  await storage.withTenant(resolution.tenantId, async (scope) => {
    const conversation = await scope.conversations.findOrCreate('sms', message.from);
    await scope.messages.append(conversation.id, message);
  });
  return twimlResponse(emptyMessagingResponse());
}
