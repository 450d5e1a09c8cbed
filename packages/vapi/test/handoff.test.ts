import { type Call, type CallHandoffInput, loadVoiceProfile } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { allCalls, createVapiApp, numbers, publicBaseUrl, serverSecret, type VapiTestApp } from './app.js';
import { bypassedCallAnswer, type FakeAnswer, startFakeVapi } from './fake-vapi.js';
import { endOfCallReport, statusUpdate } from './payloads.js';

const apiKey = 'vapi-private-key-0123456789';

/** What Twilio's plugin does first: store the inbound call in the tenant of the number called. */
async function storeTwilioCall(app: VapiTestApp, tenantId: string, to: string): Promise<Call> {
  return app.storage.withTenant(tenantId, (scope) =>
    scope.calls.create({
      provider: 'twilio',
      providerCallId: 'CA11112222333344445555666677778888',
      from: numbers.caller,
      to,
      status: 'ringing',
    }),
  );
}

/** Then it asks the voice plugins to take the call, with the tenant's profile, outside any transaction. */
async function handOff(app: VapiTestApp, call: Call) {
  const profile = await app.storage.withTenant(call.tenantId, (scope) => loadVoiceProfile(scope, app.storage));
  const input: CallHandoffInput = { storage: app.storage, call, profile, publicBaseUrl, tools: app.nuvatra.tools };
  return app.plugin.hooks?.handOffCall?.(input);
}

async function setUp(answer?: FakeAnswer, options: { apiKey?: string } = { apiKey }) {
  const fake = await startFakeVapi(answer);
  const errors: unknown[] = [];
  const app = await createVapiApp({
    vapi: { ...options, baseUrl: fake.url, phoneNumberId: 'pn-9b2e', onError: (error) => errors.push(error) },
  });
  return { app, fake, errors };
}

describe('handOffCall (Twilio-first)', () => {
  it('creates a provider-bypassed Vapi call with the tenant’s transient assistant and returns Vapi’s TwiML', async () => {
    const { app, fake } = await setUp();
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    const handoff = await handOff(app, call);

    expect(handoff).toEqual({
      format: 'twiml',
      body: expect.stringContaining('<Connect><Stream url="wss://phone-call-websocket'),
      agentCallId: 'vapi-call-1',
      agent: 'vapi',
    });
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/call' });
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.body).toMatchObject({
      phoneCallProviderBypassEnabled: true,
      phoneNumberId: 'pn-9b2e',
      customer: { number: numbers.caller },
      assistant: {
        name: 'Sunrise Dental',
        firstMessage: 'Hello, Sunrise Dental, how can I help you today?',
        metadata: { tenantId: app.tenants.sunrise.id, callId: call.id },
        server: { url: `${publicBaseUrl}/api/webhooks/vapi`, headers: { 'x-vapi-secret': serverSecret } },
        voice: { provider: '11labs', voiceId: 'clinic-voice-id' },
      },
    });
    const prompt = (request.body.assistant as { model: { messages: Array<{ content: string }> } }).model.messages[0];
    expect(prompt?.content).toContain('Callers say (ru): "Когда вы работаете?"');

    const [stored] = await allCalls(app);
    expect(stored?.metadata).toEqual({ agent: 'vapi', agentCallId: 'vapi-call-1' });
  });

  it('then takes the Vapi call’s reports on the Twilio call, keeping Twilio’s status', async () => {
    const { app } = await setUp();
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    await handOff(app, call);
    const metadata = { tenantId: app.tenants.sunrise.id, callId: call.id };
    // Vapi reports the bypassed call on the Vapi number it was created on, not the clinic's.
    const shape = { callId: 'vapi-call-1', to: numbers.unknown, metadata };
    expect((await app.send(statusUpdate({ ...shape, status: 'in-progress' }))).status).toBe(200);
    expect((await app.send(endOfCallReport(shape))).status).toBe(200);
    const [stored] = await allCalls(app);
    expect(stored).toMatchObject({
      id: call.id,
      provider: 'twilio',
      status: 'ringing',
      summary: 'The caller booked a check-up for Monday at 10:00.',
      endedReason: 'customer-ended-call',
      startedAt: '2026-03-02T14:00:05.000Z',
    });
  });

  it('refuses a report that names the Twilio call from another Vapi call', async () => {
    const { app } = await setUp();
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    await handOff(app, call);
    const metadata = { tenantId: app.tenants.sunrise.id, callId: call.id };
    const response = await app.send(endOfCallReport({ callId: 'vapi-call-other', metadata }));
    expect(response.status).toBe(403);
    expect((await allCalls(app))[0]?.summary).toBeNull();
  });

  it('passes, telling onError, when Vapi refuses the call', async () => {
    const refuse: FakeAnswer = () => ({
      status: 400,
      body: { message: ['assistant.voice.voiceId must be a string'], error: 'Bad Request', statusCode: 400 },
    });
    const { app, errors } = await setUp(refuse);
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    expect(await handOff(app, call)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/Vapi refused POST \/call \(HTTP 400\).*voiceId must be a string/);
    expect((await allCalls(app))[0]?.metadata).toEqual({});
  });

  it('passes when Vapi answers without TwiML', async () => {
    const noTwiml: FakeAnswer = (request, count) => {
      const { body } = bypassedCallAnswer(request, count);
      return { status: 201, body: { ...(body as object), phoneCallProviderDetails: undefined } };
    };
    const { app, errors } = await setUp(noTwiml);
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    expect(await handOff(app, call)).toBeUndefined();
    expect((errors[0] as Error).message).toMatch(/phoneCallProviderDetails\.twiml/);
  });

  it('passes without an API key, and for a tenant whose voice agent is another provider', async () => {
    const { app, fake } = await setUp(undefined, {});
    const call = await storeTwilioCall(app, app.tenants.sunrise.id, numbers.sunrise);
    expect(await handOff(app, call)).toBeUndefined();

    const keyed = await setUp();
    await keyed.app.storage.withTenant(keyed.app.tenants.harbor.id, (scope) =>
      scope.config.put({
        businessProfile: { name: 'Harbor Bistro' },
        timezone: 'Europe/Lisbon',
        voiceAgent: { provider: 'telnyx' },
      }),
    );
    const harborCall = await storeTwilioCall(keyed.app, keyed.app.tenants.harbor.id, numbers.harbor);
    expect(await handOff(keyed.app, harborCall)).toBeUndefined();
    expect([...fake.requests, ...keyed.fake.requests]).toEqual([]);
  });

  it('uses a tenant’s saved Vapi assistant with our metadata and webhook as overrides', async () => {
    const { app, fake } = await setUp();
    await app.storage.withTenant(app.tenants.harbor.id, (scope) =>
      scope.config.put({
        businessProfile: { name: 'Harbor Bistro' },
        timezone: 'Europe/Lisbon',
        voiceAgent: { provider: 'vapi', assistantId: 'asst-harbor' },
      }),
    );
    const call = await storeTwilioCall(app, app.tenants.harbor.id, numbers.harbor);
    expect(await handOff(app, call)).toMatchObject({ agentCallId: 'vapi-call-1' });
    expect(fake.requests[0]?.body).toEqual({
      assistantId: 'asst-harbor',
      assistantOverrides: {
        metadata: { tenantId: app.tenants.harbor.id, callId: call.id },
        server: { url: `${publicBaseUrl}/api/webhooks/vapi`, headers: { 'x-vapi-secret': serverSecret } },
      },
      phoneNumberId: 'pn-9b2e',
      customer: { number: numbers.caller },
      phoneCallProviderBypassEnabled: true,
    });
  });
});
