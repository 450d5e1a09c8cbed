import { definePlugin, isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { allCalls, auditEvents, createVapiApp, hmacSecret, numbers, serverSecret, type VapiTestApp } from './app.js';
import { assistantRequest, endOfCallReport, statusUpdate, toolCalls } from './payloads.js';

interface AssistantAnswer {
  assistant: {
    firstMessage?: string;
    metadata: { tenantId: string; callId: string };
    model: { messages: Array<{ content: string }>; tools?: Array<{ function: { name: string } }> };
    server: { url: string; headers: Record<string, string> };
  };
}

/** Vapi-first: Vapi asks for an assistant for a call to the clinic's number; answers with the call we stored. */
async function startVapiCall(app: VapiTestApp, callId: string) {
  const response = await app.send(assistantRequest({ callId, to: numbers.sunrise }));
  expect(response.status).toBe(200);
  return ((await response.json()) as AssistantAnswer).assistant;
}

async function unrouted(app: VapiTestApp) {
  return (await app.storage.unrouted.list()).items;
}

describe('assistant-request (Vapi-first)', () => {
  it('answers a call to the tenant’s own number with its assistant: intents in both languages, its hours', async () => {
    const app = await createVapiApp();
    const assistant = await startVapiCall(app, 'vapi-call-1');
    const prompt = assistant.model.messages[0]?.content ?? '';
    expect(prompt).toContain('Callers say (en): "I would like to book a check-up"');
    expect(prompt).toContain('Callers say (ru): "Хочу записаться на приём"');
    expect(prompt).toContain('Answer (ru): Мы работаем в понедельник, вторник и пятницу.');
    expect(prompt).toContain('Tuesday: 09:00-12:00, 13:00-17:00');
    expect(prompt).toContain('- 2026-12-25: closed (Christmas)');
    expect(prompt).toContain('Never give medical advice.');
    expect(assistant.firstMessage).toBe('Hello, Sunrise Dental, how can I help you today?');
    expect(assistant.server).toEqual({
      url: 'https://voice.example.com/api/webhooks/vapi',
      headers: { 'x-vapi-secret': serverSecret },
    });

    const [call] = await allCalls(app);
    expect(call).toMatchObject({
      tenantId: app.tenants.sunrise.id,
      provider: 'vapi',
      providerCallId: 'vapi-call-1',
      to: numbers.sunrise,
      from: numbers.caller,
      status: 'ringing',
    });
    expect(assistant.metadata).toEqual({ tenantId: app.tenants.sunrise.id, callId: call?.id });
  });

  it('answers a repeated request from the call stored the first time, storing it once', async () => {
    const app = await createVapiApp();
    const first = await startVapiCall(app, 'vapi-call-1');
    const second = await startVapiCall(app, 'vapi-call-1');
    expect(second.metadata).toEqual(first.metadata);
    expect(await allCalls(app)).toHaveLength(1);
  });

  it('offers every plugin tool to the model', async () => {
    const tools = definePlugin({
      name: 'clinic-tools',
      tools: { book_appointment: { description: 'Books an appointment', handle: () => 'booked' } },
    });
    const app = await createVapiApp({ plugins: [tools] });
    const assistant = await startVapiCall(app, 'vapi-call-1');
    expect(assistant.model.tools?.map((tool) => tool.function.name)).toEqual(['book_appointment']);
  });

  it('offers only the tools of the plugins that apply to the call’s tenant', async () => {
    const onlyHarbor = definePlugin({
      name: 'bistro-tools',
      appliesTo: (tenant) => tenant.slug === 'harbor-bistro',
      tools: { reserve_table: { description: 'Reserves a table', handle: () => 'reserved' } },
    });
    const everyone = definePlugin({
      name: 'clinic-tools',
      tools: { book_appointment: { description: 'Books an appointment', handle: () => 'booked' } },
    });
    const app = await createVapiApp({ plugins: [onlyHarbor, everyone] });
    const sunrise = await startVapiCall(app, 'vapi-call-1');
    expect(sunrise.model.tools?.map((tool) => tool.function.name)).toEqual(['book_appointment']);
    const harbor = (await (
      await app.send(assistantRequest({ callId: 'vapi-call-2', to: numbers.harbor }))
    ).json()) as AssistantAnswer;
    expect(harbor.assistant.model.tools?.map((tool) => tool.function.name)).toEqual([
      'reserve_table',
      'book_appointment',
    ]);
  });

  it('finds the tenant of a call to the shared number by the line it was forwarded from', async () => {
    const app = await createVapiApp();
    const response = await app.send(
      assistantRequest({ callId: 'vapi-call-fwd', to: numbers.shared, forwardedFrom: numbers.sunriseForwarding }),
    );
    const { assistant } = (await response.json()) as AssistantAnswer;
    expect(assistant.metadata.tenantId).toBe(app.tenants.sunrise.id);
    expect((await allCalls(app))[0]).toMatchObject({ to: numbers.shared, forwardedFrom: numbers.sunriseForwarding });
  });

  it('answers an unknown number with the error Vapi speaks, and keeps the call for admins', async () => {
    const app = await createVapiApp();
    const response = await app.send(assistantRequest({ callId: 'vapi-call-x', to: numbers.unknown }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      error: 'Sorry, we cannot take your call right now. Please try again later.',
    });
    expect(await allCalls(app)).toEqual([]);
    expect(await unrouted(app)).toMatchObject([
      { provider: 'vapi', to: numbers.unknown, code: 'TENANT_NOT_RESOLVED', providerEventId: 'vapi-call-x' },
    ]);
  });

  it('answers a shared-number call with no forwarding line with the error, never a guessed tenant', async () => {
    const app = await createVapiApp();
    const response = await app.send(assistantRequest({ callId: 'vapi-call-s', to: numbers.shared }));
    expect(await response.json()).toHaveProperty('error');
    expect(await allCalls(app)).toEqual([]);
  });

  it('answers a suspended tenant’s number with the error, audited in that tenant', async () => {
    const app = await createVapiApp();
    const response = await app.send(assistantRequest({ callId: 'vapi-call-z', to: numbers.suspended }));
    expect(await response.json()).toEqual({
      error: 'Sorry, we cannot take your call right now. Please try again later.',
    });
    expect(await allCalls(app)).toEqual([]);
    expect(await auditEvents(app, app.tenants.suspended.id)).toMatchObject([
      { action: 'call.refused', actor: { type: 'provider', id: 'vapi' }, target: 'vapi-call-z' },
    ]);
    expect(await unrouted(app)).toMatchObject([{ code: 'TENANT_SUSPENDED' }]);
  });
});

describe('authentication', () => {
  it('refuses a wrong secret with 403 and a missing one with 401, storing nothing', async () => {
    const app = await createVapiApp();
    const wrong = await app.send(assistantRequest({ callId: 'vapi-call-1', to: numbers.sunrise }), {
      secret: 'not-the-secret',
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
    const missing = await app.send(endOfCallReport({ callId: 'vapi-call-1', to: numbers.sunrise }), {
      secret: null,
    });
    expect(missing.status).toBe(401);
    expect(await allCalls(app)).toEqual([]);
    expect(await unrouted(app)).toEqual([]);
  });

  it('checks the secret before reading the body: a wrong secret with broken JSON is still 403', async () => {
    const app = await createVapiApp();
    const response = await app.nuvatra.handle(
      new Request('https://voice.example.com/api/webhooks/vapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': 'nope' },
        body: '{"message":',
      }),
    );
    expect(response.status).toBe(403);
  });

  it('accepts a Bearer credential carrying the server secret, and an HMAC-signed message', async () => {
    const app = await createVapiApp();
    const bearer = await app.send(assistantRequest({ callId: 'vapi-call-b', to: numbers.sunrise }), {
      bearer: serverSecret,
    });
    expect(await bearer.json()).toHaveProperty('assistant');
    const signed = await app.send(assistantRequest({ callId: 'vapi-call-h', to: numbers.sunrise }), {
      hmac: { secret: hmacSecret },
    });
    expect(await signed.json()).toHaveProperty('assistant');
  });

  it('refuses an HMAC signature over another body, by another key, or from long ago', async () => {
    const app = await createVapiApp();
    const payload = assistantRequest({ callId: 'vapi-call-h', to: numbers.sunrise });
    const tampered = await app.send(payload, { hmac: { secret: hmacSecret, body: '{"message":{}}' } });
    const otherKey = await app.send(payload, { hmac: { secret: 'another-key-0123456789' } });
    const stale = await app.send(payload, {
      hmac: { secret: hmacSecret, timestamp: Math.floor(Date.now() / 1000) - 3600 },
    });
    expect([tampered.status, otherKey.status, stale.status]).toEqual([403, 403, 403]);
    expect(await allCalls(app)).toEqual([]);
  });
});

describe('end-of-call-report', () => {
  it('lands on the call it belongs to, and a repeated report is stored once', async () => {
    const app = await createVapiApp();
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const report = endOfCallReport({ callId: 'vapi-call-1', to: numbers.sunrise, metadata });
    expect((await app.send(report)).status).toBe(200);
    const [stored] = await allCalls(app);
    expect(stored).toMatchObject({
      id: metadata.callId,
      status: 'completed',
      endedReason: 'customer-ended-call',
      cost: 0.1234,
      durationSeconds: 95.5,
      startedAt: '2026-03-02T14:00:05.000Z',
      endedAt: '2026-03-02T14:01:40.500Z',
      recordingUrl: 'https://storage.vapi.ai/5c4d030f-mono.wav',
      summary: 'The caller booked a check-up for Monday at 10:00.',
      transcript: expect.stringContaining('Хочу записаться на приём.'),
      messages: [
        { role: 'system', text: 'You are the receptionist…', secondsFromStart: 0 },
        { role: 'assistant', text: 'Hello, Sunrise Dental, how can I help you today?', secondsFromStart: 0.5 },
        { role: 'user', text: 'Хочу записаться на приём.', secondsFromStart: 4 },
        { role: 'tool', text: 'booked', secondsFromStart: 7.5 },
      ],
    });

    const again = endOfCallReport({ callId: 'vapi-call-1', to: numbers.sunrise, metadata, summary: 'Changed.' });
    const repeated = await app.send(again);
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toEqual({});
    expect(await allCalls(app)).toEqual([stored]);
  });

  it('refuses a report whose metadata names another tenant: audited there and kept unrouted, nothing stored', async () => {
    const app = await createVapiApp();
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const before = await allCalls(app);
    const forged = { tenantId: app.tenants.harbor.id, callId: metadata.callId };
    const response = await app.send(endOfCallReport({ callId: 'vapi-call-1', to: numbers.sunrise, metadata: forged }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await allCalls(app)).toEqual(before);
    expect(await auditEvents(app, app.tenants.harbor.id)).toMatchObject([
      { action: 'vapi.metadata_refused', target: 'vapi-call-1', detail: { type: 'end-of-call-report' } },
    ]);
    expect(await auditEvents(app, app.tenants.sunrise.id)).toEqual([]);
    expect(await unrouted(app)).toMatchObject([
      { provider: 'vapi', code: 'FORBIDDEN', providerEventId: 'vapi-call-1' },
    ]);
  });

  it('refuses metadata naming a call of the right tenant that is another Vapi call', async () => {
    const app = await createVapiApp();
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    await startVapiCall(app, 'vapi-call-2');
    const response = await app.send(endOfCallReport({ callId: 'vapi-call-2', to: numbers.sunrise, metadata }));
    expect(response.status).toBe(403);
    expect((await allCalls(app)).every((call) => call.summary === null)).toBe(true);
  });

  it('refuses metadata naming a tenant that does not exist, keeping it for admins only', async () => {
    const app = await createVapiApp();
    const metadata = { tenantId: 'ten_nobody', callId: 'call_nothing' };
    const response = await app.send(endOfCallReport({ callId: 'vapi-call-9', to: numbers.sunrise, metadata }));
    expect(response.status).toBe(403);
    expect(await allCalls(app)).toEqual([]);
    expect(await unrouted(app)).toHaveLength(1);
  });

  it('stores a report for a call we never saw under the tenant of the number called', async () => {
    const app = await createVapiApp();
    expect((await app.send(endOfCallReport({ callId: 'vapi-call-7', to: numbers.harbor }))).status).toBe(200);
    expect(await allCalls(app)).toMatchObject([
      {
        tenantId: app.tenants.harbor.id,
        provider: 'vapi',
        providerCallId: 'vapi-call-7',
        to: numbers.harbor,
        status: 'completed',
        summary: 'The caller booked a check-up for Monday at 10:00.',
      },
    ]);
  });

  it('does not store a report for a call we never saw when no tenant holds the number, or there is none', async () => {
    const app = await createVapiApp();
    expect((await app.send(endOfCallReport({ callId: 'vapi-call-7', to: numbers.unknown }))).status).toBe(200);
    expect((await app.send(endOfCallReport({ callId: 'vapi-call-8' }))).status).toBe(200);
    expect(await allCalls(app)).toEqual([]);
    expect(await unrouted(app)).toHaveLength(2);
  });
});

describe('status-update', () => {
  it('moves the call forward once per status, never back', async () => {
    const app = await createVapiApp();
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const send = (status: string, endedReason?: string) =>
      app.send(
        statusUpdate({
          callId: 'vapi-call-1',
          to: numbers.sunrise,
          metadata,
          status,
          ...(endedReason ? { endedReason } : {}),
        }),
      );
    expect((await send('in-progress')).status).toBe(200);
    expect((await allCalls(app))[0]?.status).toBe('in-progress');
    await send('ended', 'customer-busy');
    await send('ringing');
    expect((await allCalls(app))[0]).toMatchObject({ status: 'busy', endedReason: 'customer-busy' });
  });
});

describe('tool-calls', () => {
  const bookings: Array<{ tenant: string; args: unknown }> = [];
  const clinicTools = definePlugin({
    name: 'clinic-tools',
    tools: {
      book_appointment: {
        description: 'Books an appointment',
        parameters: { type: 'object', properties: { date: { type: 'string' } } },
        async handle({ scope }, args) {
          await scope.auditEvents.record({ actor: { type: 'system', id: 'test' }, action: 'appointment.booked' });
          bookings.push({ tenant: scope.tenant.slug, args });
          return { booked: true, date: (args as { date: string }).date };
        },
      },
      always_fails: {
        description: 'Fails after writing',
        async handle({ scope }) {
          await scope.auditEvents.record({ actor: { type: 'system', id: 'test' }, action: 'tool.half_done' });
          throw new Error('database on fire');
        },
      },
    },
  });

  it('runs a registered tool in the call’s tenant and answers { results: [{ toolCallId, result }] }', async () => {
    bookings.length = 0;
    const app = await createVapiApp({ plugins: [clinicTools] });
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const message = toolCalls({
      callId: 'vapi-call-1',
      to: numbers.sunrise,
      metadata,
      calls: [
        { id: 'toolcall-1', name: 'book_appointment', args: { date: '2026-03-09' } },
        { id: 'toolcall-2', name: 'always_fails', args: {} },
        { id: 'toolcall-3', name: 'no_such_tool', args: {} },
      ],
    });
    const response = await app.send(message);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        { toolCallId: 'toolcall-1', name: 'book_appointment', result: '{"booked":true,"date":"2026-03-09"}' },
        { toolCallId: 'toolcall-2', name: 'always_fails', error: 'The tool failed; please try again later.' },
        { toolCallId: 'toolcall-3', name: 'no_such_tool', error: 'There is no tool named "no_such_tool".' },
      ],
    });
    expect(bookings).toEqual([{ tenant: 'sunrise-dental', args: { date: '2026-03-09' } }]);
    // The failing tool's write was rolled back with it.
    expect((await auditEvents(app, app.tenants.sunrise.id)).map((event) => event.action)).toEqual([
      'appointment.booked',
    ]);

    const repeated = (await (await app.send(message)).json()) as { results: Array<{ error?: string }> };
    expect(repeated.results[0]?.error).toBe('This tool call was already handled.');
    expect(bookings).toHaveLength(1);
  });

  it('does not run a tool of a plugin that does not apply to the call’s tenant, and tells the tool the Vapi call', async () => {
    const seen: unknown[] = [];
    const onlyHarbor = definePlugin({
      name: 'bistro-tools',
      appliesTo: (tenant) => tenant.slug === 'harbor-bistro',
      tools: { reserve_table: { description: 'Reserves a table', handle: () => void seen.push('reserved') } },
    });
    const everyone = definePlugin({
      name: 'clinic-tools',
      tools: { who_calls: { description: 'Names the call', handle: ({ call }) => void seen.push(call) } },
    });
    const app = await createVapiApp({ plugins: [onlyHarbor, everyone] });
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const response = await app.send(
      toolCalls({
        callId: 'vapi-call-1',
        to: numbers.sunrise,
        metadata,
        calls: [
          { id: 'toolcall-1', name: 'reserve_table', args: {} },
          { id: 'toolcall-2', name: 'who_calls', args: {} },
        ],
      }),
    );
    const { results } = (await response.json()) as { results: Array<{ error?: string }> };
    expect(results[0]?.error).toBe('There is no tool named "reserve_table".');
    expect(seen).toEqual([{ provider: 'vapi', providerCallId: 'vapi-call-1' }]);
  });

  it('refuses tool calls whose metadata names another tenant, running nothing', async () => {
    bookings.length = 0;
    const app = await createVapiApp({ plugins: [clinicTools] });
    const { metadata } = await startVapiCall(app, 'vapi-call-1');
    const response = await app.send(
      toolCalls({
        callId: 'vapi-call-1',
        metadata: { ...metadata, tenantId: app.tenants.harbor.id },
        calls: [{ id: 'toolcall-1', name: 'book_appointment', args: { date: '2026-03-09' } }],
      }),
    );
    expect(response.status).toBe(403);
    expect(bookings).toEqual([]);
  });
});

describe('other messages', () => {
  it('answers message types the plugin does not handle with {}', async () => {
    const app = await createVapiApp();
    const response = await app.send({ message: { type: 'speech-update', status: 'started', role: 'assistant' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('refuses a message that is not a Vapi server message with 400', async () => {
    const app = await createVapiApp();
    expect((await app.send({ hello: 'world' })).status).toBe(400);
    expect((await app.send({ message: { type: 'end-of-call-report' } })).status).toBe(400);
  });
});

describe('options', () => {
  it('need a server secret, naming VAPI_SERVER_SECRET', async () => {
    const caught = await createVapiApp({ vapi: { serverSecret: undefined } }).catch((error: unknown) => error);
    expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/serverSecret or set VAPI_SERVER_SECRET/);
  });
});
