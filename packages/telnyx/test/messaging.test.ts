import { randomUUID } from 'node:crypto';
import type { Message } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { createSigningKey, createTestApp, numbers, type TestApp } from './app.js';
import { messageFinalized, messageReceived, messageSent } from './payloads.js';

describe('an inbound SMS through Telnyx', () => {
  it('to each school’s number lands only in that school’s conversation with the sender', async () => {
    const app = await createTestApp();
    const toA = messageReceived({ to: numbers.swimA, from: numbers.parent, text: 'Hi A, any toddler classes?' });
    const toB = messageReceived({ to: numbers.swimB, from: numbers.parent, text: 'Hi B, adult lessons?' });
    expect((await app.post(toA)).status).toBe(200);
    expect((await app.post(toB)).status).toBe(200);

    const { tenants, unrouted } = await app.snapshot();
    expect(tenants.swimA?.messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        body: 'Hi A, any toddler classes?',
        from: numbers.parent,
        to: numbers.swimA,
        provider: 'telnyx',
        providerMessageId: toA.data.payload.id,
        status: 'received',
      }),
    ]);
    expect(tenants.swimB?.messages).toEqual([
      expect.objectContaining({
        body: 'Hi B, adult lessons?',
        to: numbers.swimB,
        providerMessageId: toB.data.payload.id,
      }),
    ]);
    expect(tenants.paused?.messages).toEqual([]);
    expect(unrouted).toEqual([]);
    const conversations = await app.storage.withTenant(app.tenants.swimA.id, (scope) => scope.conversations.list());
    expect(conversations.items).toEqual([expect.objectContaining({ channel: 'sms', participant: numbers.parent })]);
  });

  it('to a school’s legacy Twilio number, delivered by Telnyx, lands in that school', async () => {
    const app = await createTestApp();
    await app.post(messageReceived({ to: numbers.swimALegacyTwilio, from: numbers.parent, text: 'Old number, hi' }));
    const { tenants } = await app.snapshot();
    expect(tenants.swimA?.messages).toEqual([expect.objectContaining({ to: numbers.swimALegacyTwilio })]);
    expect(tenants.swimB?.messages).toEqual([]);
  });

  it('delivered twice (same event) or re-sent as a new event with the same message id is stored once', async () => {
    const app = await createTestApp();
    const event = messageReceived({ to: numbers.swimA, from: numbers.parent, text: 'Once, please' });
    expect((await app.post(event)).status).toBe(200);
    expect((await app.post(event)).status).toBe(200);
    const again = { ...event, data: { ...event.data, id: randomUUID() } };
    expect((await app.post(again)).status).toBe(200);
    expect((await app.snapshot()).tenants.swimA?.messages).toHaveLength(1);
  });

  it('to a number nobody registered is kept for admins and answered 200, so Telnyx stops retrying', async () => {
    const app = await createTestApp();
    const event = messageReceived({ to: numbers.unregistered, from: numbers.parent, text: 'Hello?' });
    const response = await app.post(event);
    expect(response.status).toBe(200);
    const { tenants, unrouted } = await app.snapshot();
    for (const tenant of Object.values(tenants)) expect(tenant.messages).toEqual([]);
    expect(unrouted).toEqual([
      expect.objectContaining({
        provider: 'telnyx',
        channel: 'sms',
        to: numbers.unregistered,
        from: numbers.parent,
        code: 'TENANT_NOT_RESOLVED',
        providerEventId: event.data.payload.id,
      }),
    ]);
    const admin = await app.api('GET', '/api/admin/unrouted', { as: 'root' });
    expect(JSON.stringify(await admin.json())).toContain(numbers.unregistered);
  });

  it('to a suspended school is not stored, and the school’s audit log says so', async () => {
    const app = await createTestApp();
    await app.post(messageReceived({ to: numbers.paused, from: numbers.parent, text: 'Open today?' }));
    const { tenants } = await app.snapshot();
    expect(tenants.paused).toMatchObject({
      messages: [],
      audit: [expect.objectContaining({ action: 'message.refused', actor: { type: 'provider', id: 'telnyx' } })],
    });
  });
});

const storedMessages = async (app: TestApp, tenant: string) =>
  ((await app.snapshot()).tenants[tenant]?.messages ?? []) as Message[];

const statusOf = async (app: TestApp, tenant: string) =>
  (await storedMessages(app, tenant)).map((message) => message.status);

/** The reply job sends an SMS from school A to the parent; answers the message it stored. */
async function sendReply(app: TestApp) {
  await app.api('POST', '/api/telnyx/messages', { body: { to: numbers.parent, text: 'Your registration link' } });
  expect((await app.runJobs()).map((outcome) => outcome.status)).toEqual(['completed']);
  const [message] = await storedMessages(app, 'swimA');
  expect(message).toMatchObject({ direction: 'outbound', provider: 'telnyx', status: 'queued' });
  return message as Message & { providerMessageId: string };
}
describe('a delivery status of a message we sent', () => {
  it('moves the message the reply job sent to sent, then delivered', async () => {
    const app = await createTestApp();
    const message = await sendReply(app);
    const fields = { id: message.providerMessageId, from: numbers.swimA, to: numbers.parent };

    expect((await app.post(messageSent({ ...fields, status: 'sent' }))).status).toBe(200);
    expect(await statusOf(app, 'swimA')).toEqual(['sent']);

    const finalized = messageFinalized({ ...fields, status: 'delivered' });
    expect((await app.post(finalized)).status).toBe(200);
    const [delivered] = await storedMessages(app, 'swimA');
    expect(delivered).toEqual({
      ...message,
      status: 'delivered',
      metadata: { ...message.metadata, statusAt: finalized.data.occurred_at },
    });
  });

  it('that arrives late (sent after delivered, or a retry) does not move the message back', async () => {
    const app = await createTestApp();
    const message = await sendReply(app);
    const fields = { id: message.providerMessageId, from: numbers.swimA, to: numbers.parent };
    const sent = messageSent({ ...fields, status: 'sent' });
    await app.post(messageFinalized({ ...fields, status: 'delivered' }));
    expect((await app.post(sent)).status).toBe(200);
    expect((await app.post(sent)).status).toBe(200);
    expect(await statusOf(app, 'swimA')).toEqual(['delivered']);
  });

  it('that failed keeps Telnyx’s error, and nothing later changes it', async () => {
    const app = await createTestApp();
    const message = await sendReply(app);
    const fields = { id: message.providerMessageId, from: numbers.swimA, to: numbers.parent };
    const errors = [{ code: '40300', title: 'Blocked as spam', detail: 'The carrier blocked the message.' }];
    await app.post(messageFinalized({ ...fields, status: 'delivery_failed', errors }));
    await app.post(messageFinalized({ ...fields, status: 'delivered' }));
    const [failed] = await storedMessages(app, 'swimA');
    expect(failed).toMatchObject({
      status: 'undelivered',
      metadata: { statusError: { code: '40300', message: 'Blocked as spam' } },
    });
  });

  it('from another school’s number, or a number nobody holds, never touches the message', async () => {
    const app = await createTestApp();
    const message = await sendReply(app);
    for (const from of [numbers.swimB, numbers.unregistered, numbers.paused]) {
      const event = messageFinalized({ id: message.providerMessageId, from, to: numbers.parent, status: 'delivered' });
      expect((await app.post(event)).status).toBe(200);
    }
    const { tenants, unrouted } = await app.snapshot();
    expect(tenants.swimA?.messages).toEqual([message]);
    expect(tenants.swimB?.messages).toEqual([]);
    expect(tenants.paused).toEqual({ calls: [], messages: [], audit: [] });
    expect(unrouted).toEqual([]);
  });

  it('for a message not stored stores nothing and is answered 200', async () => {
    const app = await createTestApp();
    const event = messageFinalized({ id: randomUUID(), from: numbers.swimA, to: numbers.parent, status: 'delivered' });
    expect((await app.post(event)).status).toBe(200);
    expect((await app.snapshot()).tenants.swimA?.messages).toEqual([]);
  });

  it('that is forged is refused and changes nothing, and does not use up the event id', async () => {
    const app = await createTestApp();
    const message = await sendReply(app);
    const event = messageFinalized({
      id: message.providerMessageId,
      from: numbers.swimA,
      to: numbers.parent,
      status: 'delivery_failed',
    });
    expect((await app.post(event, { privateKey: createSigningKey().privateKey })).status).toBe(403);
    expect((await app.post(event, { tamper: (body) => body.replace('delivery_failed', 'delivered') })).status).toBe(
      403,
    );
    expect(await statusOf(app, 'swimA')).toEqual(['queued']);
    expect((await app.post(event)).status).toBe(200);
    expect(await statusOf(app, 'swimA')).toEqual(['undelivered']);
  });
});
