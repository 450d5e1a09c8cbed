import { readNuvatraEnv } from '@nuvatra/core';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { startFakeJsonApi } from '../../../test-support/fake-json-api.js';
import { startServer } from '../src/server.js';
import { createDeployment, readTemplate } from './client-folder.js';

// Only when TWILIO_* and VAPI_* are set does the example mount the voice path; these tests set them.

const accountSid = `AC${'1'.repeat(32)}`;
const authToken = 'example-auth-token-0123456789abcd';
const publicBaseUrl = 'https://clinic.example.com';
const voicePath = '/api/webhooks/twilio/voice';

/** POST /call answered the way Vapi answers a provider-bypassed call: with TwiML that streams the call to it. */
async function startFakeVapi() {
  return startFakeJsonApi((_request, count) => ({
    status: 201,
    body: {
      id: `vapi-call-${count}`,
      orgId: 'org-5c4d030f',
      type: 'inboundPhoneCall',
      status: 'queued',
      createdAt: '2026-03-02T14:00:00.000Z',
      updatedAt: '2026-03-02T14:00:00.000Z',
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      phoneCallProviderBypassEnabled: true,
      phoneCallProviderDetails: {
        twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://phone-call-websocket.vapi.ai/vapi-call-${count}/transport"/></Connect></Response>`,
      },
    },
  }));
}

/** A call as Twilio posts it, signed with the twilio library against the public URL. */
function twilioCall(to: string, callSid: string) {
  const params = {
    AccountSid: accountSid,
    CallSid: callSid,
    CallStatus: 'ringing',
    From: '+15550100999',
    To: to,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${voicePath}`, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

describe('the single-tenant example with Twilio and Vapi configured', () => {
  it('hands a signed call to the configured number to Vapi and stores it under the business', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const fakeVapi = await startFakeVapi();
    const errors: unknown[] = [];
    const env = readNuvatraEnv({
      PORT: '0',
      CLIENT_ID: 'example-clinic',
      NUVATRA_DATA_DIR: deployment.dataDirectory,
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      VAPI_API_KEY: 'vapi-private-key-0123456789',
      VAPI_SERVER_SECRET: 'vapi-server-secret-0123456789',
    });
    const server = await startServer(env, {
      clientsDirectory: deployment.clientsDirectory,
      quiet: true,
      variables: {},
      vapi: { baseUrl: fakeVapi.url, onError: (error) => errors.push(error) },
    });
    try {
      const callSid = `CA${'2'.repeat(32)}`;
      const response = await fetch(`${server.url}${voicePath}`, twilioCall('+15550100140', callSid));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(
        '<Stream url="wss://phone-call-websocket.vapi.ai/vapi-call-1/transport"/>',
      );
      expect(errors).toEqual([]);

      // Vapi got the clinic's assistant, built from the config file.
      expect(fakeVapi.requests).toHaveLength(1);
      expect(fakeVapi.requests[0]?.body).toMatchObject({
        assistant: {
          name: 'Maple Street Dental',
          metadata: { tenantId: server.tenant.id },
          server: { url: `${publicBaseUrl}/api/webhooks/vapi` },
        },
      });

      const calls = (await (
        await fetch(`${server.url}/api/calls`, { headers: { authorization: 'Bearer dev:front-desk' } })
      ).json()) as { items: Array<{ tenantId: string; providerCallId: string; to: string }> };
      expect(calls.items).toEqual([
        expect.objectContaining({ tenantId: server.tenant.id, providerCallId: callSid, to: '+15550100140' }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('refuses a call whose signature does not match, storing nothing', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const env = readNuvatraEnv({
      PORT: '0',
      CLIENT_ID: 'example-clinic',
      NUVATRA_DATA_DIR: deployment.dataDirectory,
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
    });
    const server = await startServer(env, {
      clientsDirectory: deployment.clientsDirectory,
      quiet: true,
      variables: {},
    });
    try {
      const call = twilioCall('+15550100140', `CA${'3'.repeat(32)}`);
      const forged = { ...call, headers: { ...call.headers, 'x-twilio-signature': 'bm90LWEtc2lnbmF0dXJl' } };
      expect((await fetch(`${server.url}${voicePath}`, forged)).status).toBe(403);
      const calls = (await (
        await fetch(`${server.url}/api/calls`, { headers: { authorization: 'Bearer dev:front-desk' } })
      ).json()) as { items: unknown[] };
      expect(calls.items).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
