import { NuvatraError } from '@nuvatra/core';
import { type Vapi, VapiClient, VapiError, VapiTimeoutError } from '@vapi-ai/server-sdk';
import { z } from 'zod';
import type { VapiSettings } from './options.js';
import type { AssistantChoice } from './session.js';

/** Vapi's REST API, as far as the plugin uses it. */
export interface VapiRestClient {
  /** Creates a call Vapi does not place itself and answers with the TwiML that joins it to a live Twilio call. */
  createBypassedCall(request: BypassedCallRequest): Promise<{ id: string; twiml: string }>;
}

export type BypassedCallRequest = AssistantChoice & { customerNumber: string | null };

// POST /call with `phoneCallProviderBypassEnabled: true` answers with the call, whose
// `phoneCallProviderDetails.twiml` connects the Twilio call to it. Vapi's phone-call-provider-bypass example
// (github.com/VapiAI/example-phone-call-provider-bypass) and its support answers use exactly this; the two
// fields are missing from the SDK's published types, so the response is checked here rather than trusted.
const bypassedCallSchema = z.looseObject({
  id: z.string().min(1).max(255),
  phoneCallProviderDetails: z.looseObject({ twiml: z.string().min(1) }),
});

/** The SDK client on the plugin's key; null without one, so the plugin passes hand-offs on. */
export function createVapiRestClient(settings: VapiSettings): VapiRestClient | null {
  if (!settings.apiKey) return null;
  const client = new VapiClient({
    token: settings.apiKey,
    baseUrl: settings.baseUrl,
    timeoutInSeconds: settings.requestTimeoutSeconds,
    // A retried POST /call could start a second call on the same caller; a failed hand-off falls back instead.
    maxRetries: 0,
  });
  return {
    async createBypassedCall({ customerNumber, ...choice }) {
      const body: Vapi.CreateCallDto & { phoneCallProviderBypassEnabled: true } = {
        ...choice,
        ...(settings.phoneNumberId ? { phoneNumberId: settings.phoneNumberId } : {}),
        ...(customerNumber ? { customer: { number: customerNumber } } : {}),
        phoneCallProviderBypassEnabled: true,
      };
      let response: unknown;
      try {
        response = await client.calls.create(body);
      } catch (error) {
        throw toHandoffError(error);
      }
      const parsed = bypassedCallSchema.safeParse(response);
      if (!parsed.success) {
        throw new NuvatraError({
          code: 'INTERNAL',
          message: 'Vapi created the call but answered without phoneCallProviderDetails.twiml.',
          cause: parsed.error,
        });
      }
      return { id: parsed.data.id, twiml: parsed.data.phoneCallProviderDetails.twiml };
    },
  };
}

function toHandoffError(error: unknown): NuvatraError {
  if (error instanceof VapiTimeoutError) {
    return new NuvatraError({ code: 'INTERNAL', message: 'Vapi did not answer POST /call in time.', cause: error });
  }
  if (error instanceof VapiError) {
    const detail = JSON.stringify(error.body ?? null).slice(0, 500);
    return new NuvatraError({
      code: 'INTERNAL',
      message: `Vapi refused POST /call (HTTP ${error.statusCode ?? 'error'}): ${detail}`,
      cause: error,
    });
  }
  return new NuvatraError({ code: 'INTERNAL', message: 'POST /call to Vapi failed.', cause: error });
}
