import { describe, expect, it } from 'vitest';
import { agentTwiml, createTestApp, numbers, sid, voiceRequest } from './app.js';

const voicePath = '/api/webhooks/twilio/voice';

describe('an incoming call', () => {
  it('forwarded from clinic A or clinic B to the shared number lands only in that clinic', async () => {
    const app = await createTestApp();
    const fromA = sid('CA');
    const fromB = sid('CA');
    const a = await app.post(
      voicePath,
      voiceRequest({ CallSid: fromA, To: numbers.shared, ForwardedFrom: numbers.clinicALine }),
    );
    const b = await app.post(
      voicePath,
      voiceRequest({ CallSid: fromB, To: numbers.shared, ForwardedFrom: numbers.clinicBLine }),
    );

    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await a.text()).toBe(agentTwiml);
    const { tenants, unrouted } = await app.snapshot();
    const callsOf = (name: string) => (tenants[name] as { calls: Array<Record<string, unknown>> }).calls;
    expect(callsOf('clinicA')).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        providerCallId: fromA,
        direction: 'inbound',
        from: numbers.caller,
        to: numbers.shared,
        forwardedFrom: numbers.clinicALine,
        metadata: { agent: 'stub', agentCallId: `agent-${fromA}` },
      }),
    ]);
    expect(callsOf('clinicB')).toEqual([
      expect.objectContaining({ providerCallId: fromB, forwardedFrom: numbers.clinicBLine }),
    ]);
    expect(callsOf('solo')).toEqual([]);
    expect(unrouted).toEqual([]);
    expect(app.handOffs.map((input) => [input.call.tenantId, input.profile.tenant.slug])).toEqual([
      [app.tenants.clinicA.id, 'clinic-a'],
      [app.tenants.clinicB.id, 'clinic-b'],
    ]);
  });

  it('to the shared number with no forwarding line is refused politely and kept for admins', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    const response = await app.post(voicePath, voiceRequest({ CallSid: callSid, To: numbers.shared }));

    expect(response.status).toBe(200);
    const twiml = await response.text();
    expect(twiml).toContain('<Say language="en-US">Sorry, this number is not registered');
    expect(twiml).toMatch(/<Hangup\/><\/Response>$/);
    const { tenants, unrouted } = await app.snapshot();
    for (const tenant of Object.values(tenants)) expect((tenant as { calls: unknown[] }).calls).toEqual([]);
    expect(unrouted).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        channel: 'voice',
        to: numbers.shared,
        from: numbers.caller,
        forwardedFrom: null,
        code: 'TENANT_NOT_RESOLVED',
        providerEventId: callSid,
      }),
    ]);
    expect(app.handOffs).toEqual([]);
  });

  it('forwarded from a line nobody registered is refused, never guessed', async () => {
    const app = await createTestApp();
    await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.shared, ForwardedFrom: '+15557777777' }));
    const { unrouted } = await app.snapshot();
    expect(unrouted).toEqual([expect.objectContaining({ forwardedFrom: '+15557777777', code: 'TENANT_NOT_RESOLVED' })]);
    expect(app.handOffs).toEqual([]);
  });

  it('to a tenant’s own number is handed to the voice agent with the tenant’s profile', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    const response = await app.post(
      voicePath,
      voiceRequest({ CallSid: callSid, To: numbers.soloOwned, CallerName: 'JANE DOE' }),
    );

    expect(await response.text()).toBe(agentTwiml);
    expect(app.handOffs).toHaveLength(1);
    const [handOff] = app.handOffs;
    expect(handOff?.profile.config?.businessProfile.name).toBe('Solo Physio');
    expect(handOff?.publicBaseUrl).toBe('https://voice.example.com');
    expect(handOff?.call).toMatchObject({
      tenantId: app.tenants.solo.id,
      providerCallId: callSid,
      to: numbers.soloOwned,
    });
    const call = await app.storage.withTenant(app.tenants.solo.id, (scope) =>
      scope.calls.getByProviderCallId('twilio', callSid),
    );
    expect(call?.metadata).toEqual({ callerName: 'JANE DOE', agent: 'stub', agentCallId: `agent-${callSid}` });
  });

  it('asked for twice stores the call once and hands it off again, since Twilio lost the first answer', async () => {
    const app = await createTestApp();
    const request = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned });
    await app.post(voicePath, request);
    const again = await app.post(voicePath, request);

    expect(await again.text()).toBe(agentTwiml);
    const { tenants } = await app.snapshot();
    expect((tenants.solo as { calls: unknown[] }).calls).toHaveLength(1);
    expect(app.handOffs.map((input) => input.call.id)).toEqual([app.handOffs[0]?.call.id, app.handOffs[0]?.call.id]);
  });

  it('to a number nobody registered hears that it is not registered', async () => {
    const app = await createTestApp();
    const response = await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.unregistered }));
    expect(await response.text()).toContain('Sorry, this number is not registered with our service.');
    const { unrouted } = await app.snapshot();
    expect(unrouted).toEqual([expect.objectContaining({ to: numbers.unregistered, code: 'TENANT_NOT_RESOLVED' })]);
  });

  it('to a suspended tenant is answered politely, audited in that tenant, and never reaches the voice agent', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    const response = await app.post(voicePath, voiceRequest({ CallSid: callSid, To: numbers.pausedOwned }));

    expect(await response.text()).toContain('Sorry, this business cannot take calls right now.');
    expect(app.handOffs).toEqual([]);
    const { tenants, unrouted } = await app.snapshot();
    const paused = tenants.paused as { calls: unknown[]; audit: unknown[] };
    expect(paused.calls).toEqual([]);
    expect(paused.audit).toEqual([
      expect.objectContaining({
        actor: { type: 'provider', id: 'twilio' },
        action: 'call.refused',
        target: callSid,
        detail: expect.objectContaining({ code: 'TENANT_SUSPENDED', to: numbers.pausedOwned }),
      }),
    ]);
    expect(unrouted).toEqual([expect.objectContaining({ code: 'TENANT_SUSPENDED', providerEventId: callSid })]);
  });

  it('with no voice agent taking it hears the tenant’s greeting and a goodbye', async () => {
    const app = await createTestApp({ agent: 'passes' });
    const response = await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }));
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="en-US">Thank you for calling Solo Physio.</Say>' +
        '<Say language="en-US">Sorry, no one can take your call right now. Please try again later. Goodbye.</Say>' +
        '<Hangup/></Response>',
    );
    const { tenants } = await app.snapshot();
    expect((tenants.solo as { calls: unknown[] }).calls).toHaveLength(1);
  });

  it('whose voice agent fails is still answered politely, and the failure is logged', async () => {
    const app = await createTestApp({ agent: 'fails' });
    const response = await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you for calling Solo Physio.');
    expect(app.errors.map((entry) => entry.message)).toEqual(['twilio: the voice agent did not take the call']);
  });

  it('speaks the configured messages, language and voice', async () => {
    const app = await createTestApp({
      twilio: {
        speech: { language: 'en-GB', voice: 'Polly.Amy' },
        messages: { notRegistered: 'Wrong number, sorry.' },
      },
    });
    const response = await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.unregistered }));
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-GB" voice="Polly.Amy">Wrong number, sorry.</Say><Hangup/></Response>',
    );
  });

  it('from a withheld number is stored without a caller', async () => {
    const app = await createTestApp();
    for (const withheld of ['Anonymous', 'anonymous', '+266696687']) {
      await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned, From: withheld }));
    }
    const { tenants } = await app.snapshot();
    const calls = (tenants.solo as { calls: Array<{ from: string | null }> }).calls;
    expect(calls.map((call) => call.from)).toEqual([null, null, null]);
  });

  it('over SIP is routed by the Diversion header the SIP domain passes on', async () => {
    const app = await createTestApp();
    const sip = (callSid: string, header: Record<string, string>) =>
      voiceRequest({
        CallSid: callSid,
        To: `sip:${numbers.shared}@clinics.sip.twilio.com`,
        From: 'sip:frontdesk@pbx.example.com',
        SipDomain: 'clinics.sip.twilio.com',
        SipDomainSid: `SD${'0'.repeat(32)}`,
        SipCallId: 'a84b4c76e66710@pbx.example.com',
        SipSourceIp: '203.0.113.10',
        ...header,
      });
    const first = sid('CA');
    const second = sid('CA');
    await app.post(
      voicePath,
      sip(first, {
        SipHeader_Diversion: `<sip:${numbers.clinicALine}@carrier.example.com>;reason=unconditional;counter=1`,
      }),
    );
    await app.post(
      voicePath,
      sip(second, { 'SipHeader_X-Diversion': `<tel:${numbers.clinicBLine}>;reason=no-answer` }),
    );

    const { tenants, unrouted } = await app.snapshot();
    expect(unrouted).toEqual([]);
    expect((tenants.clinicA as { calls: unknown[] }).calls).toEqual([
      expect.objectContaining({
        providerCallId: first,
        to: numbers.shared,
        forwardedFrom: numbers.clinicALine,
        from: null,
      }),
    ]);
    expect((tenants.clinicB as { calls: unknown[] }).calls).toEqual([
      expect.objectContaining({ providerCallId: second, forwardedFrom: numbers.clinicBLine }),
    ]);
  });

  it('reads a forwarding line a carrier sent in national format, by the called number’s country', async () => {
    const app = await createTestApp();
    await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.shared, ForwardedFrom: '5551111111' }));
    const { tenants } = await app.snapshot();
    expect((tenants.clinicA as { calls: unknown[] }).calls).toEqual([
      expect.objectContaining({ forwardedFrom: numbers.clinicALine }),
    ]);
  });
});
