import { describe, expect, it } from 'vitest';
import { createTestApp, numbers, sid, smsRequest, type TestApp } from './app.js';

const smsPath = '/api/webhooks/twilio/sms';
const emptyResponse = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const messagesOf = (app: TestApp, tenantId: string) =>
  app.storage.withTenant(tenantId, async (scope) => {
    const [conversation] = (await scope.conversations.list()).items;
    return conversation ? { conversation, messages: (await scope.messages.list(conversation.id)).items } : null;
  });

describe('an inbound SMS', () => {
  it('is stored in the tenant’s SMS conversation with the sender, and answered with <Response/>', async () => {
    const app = await createTestApp();
    const messageSid = sid('SM');
    const response = await app.post(
      smsPath,
      smsRequest({ MessageSid: messageSid, To: numbers.soloOwned, Body: 'Can I move my appointment to Friday?' }),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(emptyResponse);
    const stored = await messagesOf(app, app.tenants.solo.id);
    expect(stored?.conversation).toMatchObject({ channel: 'sms', participant: numbers.caller });
    expect(stored?.messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        body: 'Can I move my appointment to Friday?',
        from: numbers.caller,
        to: numbers.soloOwned,
        provider: 'twilio',
        providerMessageId: messageSid,
        status: 'received',
      }),
    ]);
  });

  it('delivered twice is stored once', async () => {
    const app = await createTestApp();
    const request = smsRequest({ MessageSid: sid('SM'), To: numbers.soloOwned, Body: 'Hello' });
    await app.post(smsPath, request);
    const again = await app.post(smsPath, request);
    expect(again.status).toBe(200);
    expect((await messagesOf(app, app.tenants.solo.id))?.messages).toHaveLength(1);
  });

  it('keeps the media Twilio lists with an MMS', async () => {
    const app = await createTestApp();
    const request = {
      ...smsRequest({ MessageSid: sid('SM'), To: numbers.soloOwned, Body: 'My insurance card' }),
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/AC${'d'.repeat(32)}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`,
    };
    await app.post(smsPath, request);
    const [message] = (await messagesOf(app, app.tenants.solo.id))?.messages ?? [];
    expect(message?.metadata).toEqual({ media: [{ url: request.MediaUrl0, contentType: 'image/jpeg' }] });
  });

  it('to a number nobody registered is kept for admins, not stored in any tenant', async () => {
    const app = await createTestApp();
    const messageSid = sid('SM');
    const response = await app.post(
      smsPath,
      smsRequest({ MessageSid: messageSid, To: numbers.unregistered, Body: 'Hi?' }),
    );
    expect(await response.text()).toBe(emptyResponse);
    const { tenants, unrouted } = await app.snapshot();
    for (const tenant of Object.values(tenants))
      expect((tenant as { conversations: unknown[] }).conversations).toEqual([]);
    expect(unrouted).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: numbers.unregistered,
        from: numbers.caller,
        code: 'TENANT_NOT_RESOLVED',
        providerEventId: messageSid,
      }),
    ]);
  });

  it('to the shared number cannot say which clinic it is for, so it is refused', async () => {
    const app = await createTestApp();
    await app.post(smsPath, smsRequest({ MessageSid: sid('SM'), To: numbers.shared, Body: 'Hello clinic' }));
    const { tenants, unrouted } = await app.snapshot();
    expect((tenants.clinicA as { conversations: unknown[] }).conversations).toEqual([]);
    expect(unrouted).toEqual([expect.objectContaining({ channel: 'sms', to: numbers.shared })]);
  });

  it('to a suspended tenant is not stored, and the tenant’s audit log says so', async () => {
    const app = await createTestApp();
    await app.post(smsPath, smsRequest({ MessageSid: sid('SM'), To: numbers.pausedOwned, Body: 'Open today?' }));
    const { tenants } = await app.snapshot();
    expect(tenants.paused).toMatchObject({
      conversations: [],
      audit: [expect.objectContaining({ action: 'message.refused' })],
    });
  });
});
