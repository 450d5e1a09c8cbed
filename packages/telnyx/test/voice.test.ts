import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accounts, createTestApp, numbers, type TestApp } from './app.js';
import { callEvent, conversationEnded } from './payloads.js';

const callControlId = () => `v3:${randomUUID()}`;
const callsOf = async (app: TestApp, tenant: keyof TestApp['tenants']) =>
  (await app.snapshot()).tenants[tenant]?.calls as Array<Record<string, unknown>>;

describe('Telnyx call events', () => {
  it('store the school’s call once per event and follow it from ringing to completed', async () => {
    const app = await createTestApp();
    const id = callControlId();
    const fields = { callControlId: id, to: numbers.swimA, from: numbers.parent };
    const initiated = callEvent('call.initiated', fields);
    expect((await app.post(initiated)).status).toBe(200);
    expect((await app.post(initiated)).status).toBe(200);
    expect(await callsOf(app, 'swimA')).toEqual([
      expect.objectContaining({
        provider: 'telnyx',
        providerCallId: id,
        from: numbers.parent,
        to: numbers.swimA,
        status: 'ringing',
      }),
    ]);
    await app.post(callEvent('call.answered', fields));
    await app.post(callEvent('call.hangup', fields));
    const [call] = await callsOf(app, 'swimA');
    expect(call).toMatchObject({ status: 'completed', endedReason: 'normal_clearing' });
    expect(call?.startedAt).toEqual(expect.any(String));
    expect(call?.endedAt).toEqual(expect.any(String));
    expect(await callsOf(app, 'swimB')).toEqual([]);
  });

  it('never move a call back: a late answer after the hang-up changes nothing', async () => {
    const app = await createTestApp();
    const fields = {
      callControlId: callControlId(),
      to: numbers.swimB,
      from: numbers.parent,
      hangupCause: 'originator_cancel',
    };
    await app.post(callEvent('call.initiated', fields));
    await app.post(callEvent('call.hangup', fields));
    await app.post(callEvent('call.answered', fields));
    expect(await callsOf(app, 'swimB')).toEqual([expect.objectContaining({ status: 'canceled', startedAt: null })]);
  });

  it('for a number nobody registered are kept for admins, and no school stores the call', async () => {
    const app = await createTestApp();
    const id = callControlId();
    const response = await app.post(
      callEvent('call.initiated', { callControlId: id, to: numbers.unregistered, from: numbers.parent }),
    );
    expect(response.status).toBe(200);
    const { tenants, unrouted } = await app.snapshot();
    for (const tenant of Object.values(tenants)) expect(tenant.calls).toEqual([]);
    expect(unrouted).toEqual([expect.objectContaining({ provider: 'telnyx', channel: 'voice', providerEventId: id })]);
  });
});

describe('an AI Assistant’s finished conversation', () => {
  async function endConversation(app: TestApp, assistantId: string, to = numbers.swimA) {
    const conversationId = randomUUID();
    const id = callControlId();
    app.fake.addConversation(conversationId, accounts.swimA.apiKey, {
      // Telnyx lists the newest turn first.
      messages: [
        { role: 'user', text: 'Saturday at nine, please.', sent_at: '2026-05-02T13:00:20Z' },
        {
          role: 'assistant',
          text: 'Thanks for calling Swim School A! How can I help?',
          sent_at: '2026-05-02T13:00:01Z',
        },
      ],
      insights: [
        {
          status: 'completed',
          conversation_insights: [{ insight_id: 'summary', result: 'A parent booked a Saturday toddler class.' }],
        },
      ],
    });
    const response = await app.post(
      conversationEnded({ callControlId: id, to, from: numbers.parent, assistantId, conversationId }),
    );
    return { response, conversationId, id };
  }

  it('is stored on the school’s call, with the transcript and summary fetched by a job with the school’s key', async () => {
    const app = await createTestApp();
    const { response, conversationId, id } = await endConversation(app, accounts.swimA.assistantId);
    expect(response.status).toBe(200);
    expect(await callsOf(app, 'swimA')).toEqual([
      expect.objectContaining({
        providerCallId: id,
        status: 'completed',
        durationSeconds: 93,
        metadata: expect.objectContaining({ assistantId: accounts.swimA.assistantId, conversationId }),
      }),
    ]);

    expect((await app.runJobs()).map((outcome) => outcome.status)).toEqual(['completed']);
    expect(app.fake.requestsWith(accounts.swimA.apiKey)).toEqual(
      expect.arrayContaining([
        `GET /v2/ai/conversations/${conversationId}/messages`,
        `GET /v2/ai/conversations/${conversationId}/conversations-insights`,
      ]),
    );
    expect(app.fake.requestsWith(accounts.swimB.apiKey)).toEqual([
      `GET /v2/messaging_profiles/${accounts.swimB.messagingProfileId}`,
    ]);
    const [call] = await callsOf(app, 'swimA');
    expect(call).toMatchObject({
      transcript: 'AI: Thanks for calling Swim School A! How can I help?\nUser: Saturday at nine, please.',
      summary: 'A parent booked a Saturday toddler class.',
      messages: [
        { role: 'assistant', text: 'Thanks for calling Swim School A! How can I help?' },
        { role: 'user', text: 'Saturday at nine, please.' },
      ],
    });
  });

  it('from an assistant that is not the one registered for the called school is refused, audited, and not stored', async () => {
    const app = await createTestApp();
    const { response } = await endConversation(app, accounts.swimB.assistantId, numbers.swimA);
    expect(response.status).toBe(403);
    const { tenants } = await app.snapshot();
    expect(tenants.swimA).toMatchObject({
      calls: [],
      audit: [
        expect.objectContaining({ action: 'call.assistant_mismatch', actor: { type: 'provider', id: 'telnyx' } }),
      ],
    });
    expect(tenants.swimB?.calls).toEqual([]);
    expect(await app.runJobs()).toEqual([]);
  });

  it('delivered twice is stored once and fetched once', async () => {
    const app = await createTestApp();
    const conversationId = randomUUID();
    app.fake.addConversation(conversationId, accounts.swimA.apiKey, { messages: [], insights: [] });
    const event = conversationEnded({
      callControlId: callControlId(),
      to: numbers.swimA,
      from: numbers.parent,
      assistantId: accounts.swimA.assistantId,
      conversationId,
    });
    await app.post(event);
    await app.post(event);
    expect(await callsOf(app, 'swimA')).toHaveLength(1);
    expect(await app.runJobs()).toHaveLength(1);
  });
});
