import { createDevAuth, createNuvatra, type Nuvatra, type Storage } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import twilioSdk from 'twilio';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeVapi, startFakeVapi } from '../../packages/vapi/test/fake-vapi.js';
import { endOfCallReport } from '../../packages/vapi/test/payloads.js';

// Seed 001's multi-user isolation test, end to end over HTTP with both provider plugins mounted: clinics A and B
// forward their own lines to one shared assistant number; Twilio calls in (signed), Nuvatra hands each call to
// Vapi (its REST API faked on loopback, the only fake), and Vapi's end-of-call reports come back (authenticated).

const publicBaseUrl = 'https://voice.example.com';
const account = { accountSid: `AC${'e'.repeat(32)}`, authToken: 'deployment-auth-token-0123456789ef' };
const serverSecret = 'vapi-server-secret-seed-001-0123456789';
const numbers = { shared: '+15559999999', clinicA: '+15551111111', clinicB: '+15552222222', solo: '+15553333333' };

let storage: Storage;
let nuvatra: Nuvatra;
let fake: FakeVapi;
let tenants: Record<'a' | 'b' | 'solo', string>;
let sequence = 0;

beforeEach(async () => {
  fake = await startFakeVapi();
  storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    adminUserIds: ['root'],
    plugins: [twilio(account), vapi({ serverSecret, apiKey: 'vapi-private-key', baseUrl: fake.url, env: {} })],
    publicBaseUrl,
    logger: false,
  });
  await storage.sharedNumbers.add({ number: numbers.shared, provider: 'twilio' });
  const clinic = async (slug: string, owner: string, line: string, kind: 'owned' | 'forwarding') => {
    const tenant = await storage.tenants.create({ slug, name: slug });
    await storage.withTenant(tenant.id, async (scope) => {
      await scope.members.add({ userId: owner, role: 'owner' });
      await scope.phoneNumbers.create({ number: line, kind });
      await scope.config.put({
        businessProfile: { name: slug },
        timezone: 'Europe/Moscow',
        languages: ['en', 'ru'],
        workingHours: { weekly: { mon: [{ open: '09:00', close: '18:00' }] } },
      });
      await scope.intents.create({
        name: 'book_appointment',
        examplePhrases: { en: ['I want to book a visit'], ru: ['Хочу записаться на приём'] },
        responses: { en: 'Which day suits you?', ru: 'Какой день вам удобен?' },
      });
    });
    return tenant.id;
  };
  tenants = {
    a: await clinic('clinic-a', 'alice', numbers.clinicA, 'forwarding'),
    b: await clinic('clinic-b', 'bob', numbers.clinicB, 'forwarding'),
    solo: await clinic('solo-physio', 'sam', numbers.solo, 'owned'),
  };
});

/** Twilio's incoming-call webhook, signed over the public URL as Twilio signs it. */
function twilioCall(to: string, forwardedFrom?: string) {
  sequence += 1;
  const params: Record<string, string> = {
    AccountSid: account.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: `CA${sequence.toString(16).padStart(32, '0')}`,
    CallStatus: 'ringing',
    Called: to,
    Caller: '+14155550123',
    Direction: 'inbound',
    From: '+14155550123',
    To: to,
    ToCountry: 'US',
    ...(forwardedFrom ? { ForwardedFrom: forwardedFrom } : {}),
  };
  const path = '/api/webhooks/twilio/voice';
  const signature = twilioSdk.getExpectedTwilioSignature(account.authToken, `${publicBaseUrl}${path}`, params);
  return nuvatra.handle(
    new Request(`http://internal:3000${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

function vapiMessage(payload: unknown, secret = serverSecret) {
  return nuvatra.handle(
    new Request(`${publicBaseUrl}/api/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
      body: JSON.stringify(payload),
    }),
  );
}

async function callLog(user: string) {
  const response = await nuvatra.handle(
    new Request('http://localhost/api/calls', { headers: { authorization: `Bearer dev:${user}` } }),
  );
  return (
    (await response.json()) as { items: Array<{ id: string; summary: string | null; forwardedFrom: string | null }> }
  ).items;
}

/** What the voice webhook sent Vapi for the n-th call: the transient assistant and its echoed metadata. */
function vapiCall(n: number) {
  const body = fake.requests.filter((request) => request.method === 'POST')[n]?.body as {
    assistant: { metadata: { tenantId: string; callId: string }; model?: { messages?: Array<{ content: string }> } };
  };
  return { vapiCallId: `vapi-call-${n + 1}`, ...body.assistant.metadata, assistant: body.assistant };
}

describe('seed 001: two clinics forward to one shared number', () => {
  it('puts each forwarded call, and its end-of-call report, in that clinic’s call log only', async () => {
    const fromA = await twilioCall(numbers.shared, numbers.clinicA);
    const fromB = await twilioCall(numbers.shared, numbers.clinicB);
    for (const response of [fromA, fromB]) {
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<Stream url="wss://phone-call-websocket');
    }
    const [callA, callB] = [vapiCall(0), vapiCall(1)];
    expect(callA.tenantId).toBe(tenants.a);
    expect(callB.tenantId).toBe(tenants.b);

    for (const [call, summary] of [
      [callA, 'Clinic A booked a cleaning.'],
      [callB, 'Clinic B moved an appointment.'],
    ] as const) {
      const report = endOfCallReport({
        callId: call.vapiCallId,
        to: null,
        metadata: { tenantId: call.tenantId, callId: call.callId },
        summary,
      });
      expect((await vapiMessage(report)).status).toBe(200);
    }

    const alice = await callLog('alice');
    const bob = await callLog('bob');
    expect(alice).toEqual([
      expect.objectContaining({
        id: callA.callId,
        summary: 'Clinic A booked a cleaning.',
        forwardedFrom: numbers.clinicA,
      }),
    ]);
    expect(bob).toEqual([
      expect.objectContaining({
        id: callB.callId,
        summary: 'Clinic B moved an appointment.',
        forwardedFrom: numbers.clinicB,
      }),
    ]);
  });

  it('refuses a report whose metadata names the other clinic, stores a duplicated report once', async () => {
    await twilioCall(numbers.shared, numbers.clinicA);
    await twilioCall(numbers.shared, numbers.clinicB);
    const [callA, callB] = [vapiCall(0), vapiCall(1)];
    const forged = endOfCallReport({
      callId: callB.vapiCallId,
      to: null,
      metadata: { tenantId: tenants.a, callId: callB.callId },
    });
    expect((await vapiMessage(forged)).status).toBe(403);
    expect((await callLog('bob'))[0]?.summary).toBeNull();
    expect((await callLog('alice'))[0]?.summary).toBeNull();

    const report = endOfCallReport({
      callId: callA.vapiCallId,
      to: null,
      metadata: { tenantId: tenants.a, callId: callA.callId },
    });
    expect((await vapiMessage(report)).status).toBe(200);
    const afterFirst = await callLog('alice');
    expect((await vapiMessage(report)).status).toBe(200);
    expect(await callLog('alice')).toEqual(afterFirst);
    expect((await vapiMessage(report, 'a-wrong-secret-0123456789')).status).toBe(403);
  });

  it('refuses a call to the shared number with no forwarding line politely, and shows it to the admin', async () => {
    const response = await twilioCall(numbers.shared);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<Say[^>]*>Sorry, this number is not registered/);
    expect(fake.requests).toEqual([]);
    const unrouted = await nuvatra.handle(
      new Request('http://localhost/api/admin/unrouted', { headers: { authorization: 'Bearer dev:root' } }),
    );
    expect(((await unrouted.json()) as { items: Array<{ to: string }> }).items).toEqual([
      expect.objectContaining({ to: numbers.shared }),
    ]);
    expect(await callLog('alice')).toEqual([]);
    expect(await callLog('bob')).toEqual([]);
  });
});

describe('seeds 000/004: a call to a tenant’s own number', () => {
  it('reaches that tenant’s assistant, with its intents in both languages and its working hours', async () => {
    const response = await twilioCall(numbers.solo);
    expect(await response.text()).toContain('<Stream');
    const { tenantId, assistant } = vapiCall(0);
    expect(tenantId).toBe(tenants.solo);
    const prompt = JSON.stringify(assistant);
    for (const text of [
      'I want to book a visit',
      'Хочу записаться на приём',
      'Какой день вам удобен?',
      '09:00',
      'Europe/Moscow',
    ]) {
      expect(prompt).toContain(text);
    }
  });

  it('answers a number nobody registered with the not-registered TwiML', async () => {
    const response = await twilioCall('+15550000000');
    expect(await response.text()).toMatch(/not registered/);
    expect(fake.requests).toEqual([]);
  });
});
