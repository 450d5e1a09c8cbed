import { type CallHandoff, parseOrThrow, recordRefusal } from '@nuvatra/core';
import { toCallInput } from './map.js';
import type { TwilioConfig } from './options.js';
import { voiceRequestSchema } from './schemas.js';
import { noAgentTwiml, sayThenHangUp, twimlResponse } from './twiml.js';
import { receiveTwilioWebhook, type WebhookContext } from './verify.js';

/**
 * An incoming call: verify → resolve the tenant → store the call and read its voice profile in one transaction →
 * hand it to the voice agent outside any transaction → answer Twilio with the agent's TwiML, or a polite goodbye.
 */
export async function answerCall(context: WebhookContext, config: TwilioConfig): Promise<Response> {
  const { storage, services, log } = context;
  const { form, channel, resolution } = await receiveTwilioWebhook(context, config, 'voice');
  const params = parseOrThrow(voiceRequestSchema, form, 'Twilio voice request');

  if (resolution.outcome !== 'resolved') {
    await recordRefusal(storage, {
      provider: 'twilio',
      resolution,
      channel: 'voice',
      address: channel,
      from: params.From,
      providerEventId: params.CallSid,
    });
    const suspended = resolution.outcome === 'refused' && resolution.code === 'TENANT_SUSPENDED';
    const message = suspended ? config.messages.unavailable : config.messages.notRegistered;
    return twimlResponse(sayThenHangUp([message], config.speech));
  }

  const { tenantId } = resolution;
  const { call, profile } = await storage.withTenant(tenantId, async (scope) => {
    // Twilio asks again when our answer was lost; the call it names is the one already stored.
    await scope.webhookReceipts.record({ provider: 'twilio', eventId: `${params.CallSid}:voice` });
    const { call: stored } = await scope.calls.createOrGet(toCallInput(params, channel));
    return { call: stored, profile: await services.voiceProfile(scope) };
  });

  let handoff: CallHandoff | null = null;
  try {
    handoff = await services.handOffCall({ call, profile });
  } catch (error) {
    // The caller is on the line: a failing voice agent gets the polite answer, not Twilio's application error.
    log.error('twilio: the voice agent did not take the call', { tenantId, callId: call.id, error });
  }
  if (!handoff) return twimlResponse(noAgentTwiml(profile, config));

  const { agent, agentCallId } = handoff;
  try {
    // The voice plugin may have recorded it already (Vapi does, before its first webhook can arrive): then nothing
    // is written.
    await storage.withTenant(tenantId, (scope) =>
      scope.calls.mergeMetadata(call.id, { agent, agentCallId: agentCallId ?? null }),
    );
  } catch (error) {
    // The agent has the call already; losing its id must not drop the caller.
    log.error('twilio: could not record the voice agent on the call', { tenantId, callId: call.id, error });
  }
  return twimlResponse(handoff.body);
}
