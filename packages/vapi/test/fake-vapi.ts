import { type JsonAnswer, type RecordedRequest, startFakeJsonApi } from '../../../test-support/fake-json-api.js';

export type { RecordedRequest };

// Test-only: Vapi's REST API as an in-process HTTP server on loopback, the only thing the hand-off tests fake.
// The SDK is pointed at it with `baseUrl`; everything between the SDK and our code is real.

export interface FakeVapi {
  url: string;
  requests: RecordedRequest[];
}

export type FakeAnswer = JsonAnswer;

/**
 * POST /call answers like Vapi does for `phoneCallProviderBypassEnabled: true`: 201 with the call, whose
 * `phoneCallProviderDetails.twiml` connects Twilio's call to a media stream of this Vapi call.
 */
export const bypassedCallAnswer: FakeAnswer = (request, count) => {
  const id = `vapi-call-${count}`;
  return {
    status: 201,
    body: {
      id,
      orgId: 'org-5c4d030f',
      type: 'inboundPhoneCall',
      status: 'queued',
      createdAt: '2026-03-02T14:00:00.000Z',
      updatedAt: '2026-03-02T14:00:00.000Z',
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      phoneCallProviderBypassEnabled: true,
      phoneCallProviderDetails: {
        twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${id}/transport"/></Connect></Response>`,
      },
      assistant: request.body.assistant,
      customer: request.body.customer,
    },
  };
};

export function startFakeVapi(answer: FakeAnswer = bypassedCallAnswer): Promise<FakeVapi> {
  return startFakeJsonApi(answer);
}
