import type { CallHandoff, CallHandoffInput } from '@nuvatra/core';
import type { VapiRestClient } from './client.js';
import type { VapiSettings } from './options.js';
import { assistantChoice } from './session.js';

/**
 * The `handOffCall` hook (Twilio-first): Twilio's plugin stored a call and asks for a voice agent. We create a
 * provider-bypassed Vapi call with the tenant's transient assistant (metadata `{ tenantId, callId }`), note Vapi's
 * call id on our record (`metadata.agentCallId`, which the webhook checks echoed metadata against), and return the
 * TwiML Vapi answered with.
 *
 * It passes (`undefined`) when there is no API key, when the tenant's voice agent is another provider, and when
 * Vapi fails: the failure goes to `onError`, and Twilio's plugin answers the caller as it does when no voice
 * plugin takes a call. It never throws for Vapi's sake.
 */
export function createHandOffCall(
  settings: VapiSettings,
  client: VapiRestClient | null,
  onError: (error: unknown) => void,
) {
  return async function handOffCall(input: CallHandoffInput): Promise<CallHandoff | undefined> {
    const { call, profile, storage, publicBaseUrl } = input;
    if (!client || (profile.config && profile.config.voiceAgent.provider !== 'vapi')) return undefined;
    const choice = assistantChoice(profile, call.id, { settings, publicBaseUrl, tools: input.tools });
    let created: { id: string; twiml: string };
    try {
      created = await client.createBypassedCall({ ...choice, customerNumber: call.from });
    } catch (error) {
      onError(error);
      return undefined;
    }
    try {
      // Before Twilio hears the TwiML, so Vapi's first message about the call already finds its id here.
      await storage.withTenant(call.tenantId, async (scope) => {
        const current = await scope.calls.get(call.id);
        if (current) {
          await scope.calls.update(call.id, {
            metadata: { ...current.metadata, agent: 'vapi', agentCallId: created.id },
          });
        }
      });
    } catch (error) {
      // The call goes ahead: Twilio's plugin keeps agentCallId from the hand-off too.
      onError(error);
    }
    return { format: 'twiml', body: created.twiml, agentCallId: created.id, agent: 'vapi' };
  };
}
