import { describe, expect, it } from 'vitest';
import { createTestApp, numbers, sid, statusCallback, type TestApp, voiceRequest } from './app.js';

const statusPath = '/api/webhooks/twilio/status';
const emptyResponse = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const callOf = (app: TestApp, tenantId: string, callSid: string) =>
  app.storage.withTenant(tenantId, (scope) => scope.calls.getByProviderCallId('twilio', callSid));

describe('a call status callback', () => {
  it('moves the stored call along and records when it ended and how long it took', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    await app.post('/api/webhooks/twilio/voice', voiceRequest({ CallSid: callSid, To: numbers.soloOwned }));

    const answered = await app.post(
      statusPath,
      statusCallback({
        CallSid: callSid,
        To: numbers.soloOwned,
        CallStatus: 'in-progress',
        SequenceNumber: '1',
        Timestamp: 'Tue, 12 May 2026 10:15:01 +0000',
      }),
    );
    expect(answered.status).toBe(200);
    expect(await answered.text()).toBe(emptyResponse);
    expect(await callOf(app, app.tenants.solo.id, callSid)).toMatchObject({
      status: 'in-progress',
      startedAt: '2026-05-12T10:15:01.000Z',
      endedAt: null,
    });

    await app.post(
      statusPath,
      statusCallback({
        CallSid: callSid,
        To: numbers.soloOwned,
        CallStatus: 'completed',
        CallDuration: '30',
        Duration: '1',
        SequenceNumber: '2',
        Timestamp: 'Tue, 12 May 2026 10:15:31 +0000',
      }),
    );
    expect(await callOf(app, app.tenants.solo.id, callSid)).toMatchObject({
      status: 'completed',
      startedAt: '2026-05-12T10:15:01.000Z',
      endedAt: '2026-05-12T10:15:31.000Z',
      durationSeconds: 30,
      metadata: { agent: 'stub', agentCallId: `agent-${callSid}` },
    });
  });

  it('replayed changes nothing and still answers 200 <Response/>', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    await app.post('/api/webhooks/twilio/voice', voiceRequest({ CallSid: callSid, To: numbers.soloOwned }));
    const completed = statusCallback({
      CallSid: callSid,
      To: numbers.soloOwned,
      CallStatus: 'completed',
      CallDuration: '42',
      Timestamp: 'Tue, 12 May 2026 11:00:42 +0000',
    });
    await app.post(statusPath, completed);
    const before = await callOf(app, app.tenants.solo.id, callSid);

    const replay = await app.post(statusPath, completed);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(emptyResponse);
    expect(await callOf(app, app.tenants.solo.id, callSid)).toEqual(before);
  });

  it('arriving late never moves a finished call back', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    const fields = { CallSid: callSid, To: numbers.shared, ForwardedFrom: numbers.clinicBLine };
    await app.post(statusPath, statusCallback({ ...fields, CallStatus: 'completed', CallDuration: '12' }));
    await app.post(statusPath, statusCallback({ ...fields, CallStatus: 'ringing' }));
    expect(await callOf(app, app.tenants.clinicB.id, callSid)).toMatchObject({
      status: 'completed',
      durationSeconds: 12,
    });
  });

  it('for a call never stored creates it in the right tenant', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    await app.post(
      statusPath,
      statusCallback({
        CallSid: callSid,
        To: numbers.shared,
        ForwardedFrom: numbers.clinicALine,
        CallStatus: 'no-answer',
        Timestamp: 'Tue, 12 May 2026 12:00:00 +0000',
      }),
    );
    expect(await callOf(app, app.tenants.clinicA.id, callSid)).toMatchObject({
      provider: 'twilio',
      status: 'no-answer',
      to: numbers.shared,
      forwardedFrom: numbers.clinicALine,
      endedAt: '2026-05-12T12:00:00.000Z',
    });
    expect(await callOf(app, app.tenants.clinicB.id, callSid)).toBeNull();
  });

  it('for a call no tenant took stores nothing and answers 200', async () => {
    const app = await createTestApp();
    const response = await app.post(
      statusPath,
      statusCallback({ CallSid: sid('CA'), To: numbers.unregistered, CallStatus: 'completed', CallDuration: '3' }),
    );
    expect(response.status).toBe(200);
    const { tenants, unrouted } = await app.snapshot();
    for (const tenant of Object.values(tenants)) expect((tenant as { calls: unknown[] }).calls).toEqual([]);
    expect(unrouted).toEqual([]);
  });
});
