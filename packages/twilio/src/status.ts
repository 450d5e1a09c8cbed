import { parseOrThrow } from '@nuvatra/core';
import { toCallInput, toStatusUpdate } from './map.js';
import type { TwilioConfig } from './options.js';
import { statusCallbackSchema } from './schemas.js';
import { emptyVoiceResponse, twimlResponse } from './twiml.js';
import { receiveTwilioWebhook, type WebhookContext } from './verify.js';

/**
 * A call's status callback: verify → resolve → update the stored call once per (CallSid, CallStatus). A replayed
 * callback changes nothing; a call never seen before is created. Twilio only needs a 200 back.
 */
export async function recordCallStatus(context: WebhookContext, config: TwilioConfig): Promise<Response> {
  const { storage, log } = context;
  const { form, channel, resolution } = await receiveTwilioWebhook(context, config, 'voice');
  const params = parseOrThrow(statusCallbackSchema, form, 'Twilio status callback');

  if (resolution.outcome !== 'resolved') {
    // The call was refused when it came in (and recorded then); its later statuses belong to no tenant either.
    log.info('twilio: status callback for a call of no tenant', { callSid: params.CallSid, reason: resolution.reason });
    return twimlResponse(emptyVoiceResponse());
  }

  const receivedAt = new Date();
  await storage.withTenant(resolution.tenantId, async (scope) => {
    const eventId = `${params.CallSid}:${params.CallStatus}`;
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'twilio', eventId });
    if (duplicate) return;
    const stored = await scope.calls.getByProviderCallId('twilio', params.CallSid);
    if (stored) {
      const update = toStatusUpdate(stored, params, receivedAt);
      if (Object.keys(update).length > 0) await scope.calls.update(stored.id, update);
      return;
    }
    await scope.calls.create({ ...toCallInput(params, channel), ...toStatusUpdate(null, params, receivedAt) });
  });
  return twimlResponse(emptyVoiceResponse());
}
