import { describe, expect, it } from 'vitest';
import { expectNothingWritten, expectWrites, type Hostile, refusalCase, sendAlone, tenantsOf } from '../context.js';
import { postSignedTwilio, postTwilio, smsForm, twilioPaths, twilioSid, twilioSignature, voiceForm } from '../sign.js';
import { parseTwiml, verbsOf } from '../twiml.js';

const invalid = { status: 403, code: 'INVALID_SIGNATURE' } as const;

/** Forged, replayed and duplicated Twilio webhooks: voice, SMS and status callbacks. */
export function twilioCases(hostile: Hostile): void {
  const paths = () => twilioPaths(hostile);
  const publicUrl = (path: string) => `${hostile.target.publicBaseUrl}${path}`;
  const callToA = () => voiceForm(hostile, { To: tenantsOf(hostile).a.number });

  describe('twilio voice', () => {
    refusalCase(hostile, 'twilio voice: no X-Twilio-Signature header', invalid, () =>
      postTwilio(hostile, paths().voice, callToA(), null),
    );
    refusalCase(hostile, 'twilio voice: signed with another auth token', invalid, () => {
      const form = callToA();
      return postTwilio(hostile, paths().voice, form, twilioSignature(hostile, publicUrl(paths().voice), form, 'x'));
    });
    refusalCase(hostile, 'twilio voice: signature over another URL (the SMS webhook)', invalid, () => {
      const form = callToA();
      return postTwilio(hostile, paths().voice, form, twilioSignature(hostile, publicUrl(paths().sms), form));
    });
    refusalCase(hostile, 'twilio voice: signature over the URL the Host header names', invalid, () => {
      const form = callToA();
      const forged = `https://attacker.example${paths().voice}`;
      return postTwilio(hostile, paths().voice, form, twilioSignature(hostile, forged, form), {
        'x-forwarded-host': 'attacker.example',
        'x-forwarded-proto': 'https',
      });
    });
    refusalCase(hostile, "twilio voice: signed for A's number, then To changed to B's", invalid, () => {
      const form = callToA();
      const signature = twilioSignature(hostile, publicUrl(paths().voice), form);
      return postTwilio(hostile, paths().voice, { ...form, To: tenantsOf(hostile).b.number }, signature);
    });
    refusalCase(hostile, 'twilio voice: signed without a query, sent with ?tenant=B appended', invalid, () => {
      const form = callToA();
      const signature = twilioSignature(hostile, publicUrl(paths().voice), form);
      return postTwilio(hostile, `${paths().voice}?tenant=${tenantsOf(hostile).b.slug}`, form, signature);
    });
    refusalCase(hostile, 'twilio voice: AccountSid of an account this deployment does not have', invalid, () => {
      const form = { ...callToA(), AccountSid: twilioSid('AC') };
      return postTwilio(hostile, paths().voice, form, twilioSignature(hostile, publicUrl(paths().voice), form));
    });
    const accountOfB = () => {
      const account = tenantsOf(hostile).b.twilioAccount;
      if (!account) throw new Error('runHostileSuite: tenant B needs twilioAccount, its own Twilio subaccount');
      return account;
    };
    it("twilio voice: B's own subaccount signs a call to B's number → 200, stored under B (the control case)", async () => {
      const { accountSid, authToken } = accountOfB();
      const form = voiceForm(hostile, { To: tenantsOf(hostile).b.number, AccountSid: accountSid });
      const response = await postTwilio(
        hostile,
        paths().voice,
        form,
        twilioSignature(hostile, publicUrl(paths().voice), form, authToken),
      );
      expect(response.status).toBe(200);
      expect(verbsOf(parseTwiml(await response.text()))).toContain('Hangup');
    });
    refusalCase(hostile, "twilio voice: B's own subaccount signs a call to A's number", invalid, () => {
      const { accountSid, authToken } = accountOfB();
      const form = voiceForm(hostile, { To: tenantsOf(hostile).a.number, AccountSid: accountSid });
      return postTwilio(
        hostile,
        paths().voice,
        form,
        twilioSignature(hostile, publicUrl(paths().voice), form, authToken),
      );
    });
    refusalCase(hostile, "twilio sms: B's own subaccount signs a text to A's number", invalid, () => {
      const { accountSid, authToken } = accountOfB();
      const form = smsForm(hostile, { To: tenantsOf(hostile).a.number, AccountSid: accountSid });
      return postTwilio(hostile, paths().sms, form, twilioSignature(hostile, publicUrl(paths().sms), form, authToken));
    });
    refusalCase(
      hostile,
      'twilio voice: a genuine signature on a JSON body',
      { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      () => {
        const form = callToA();
        return fetch(`${hostile.target.baseUrl}${paths().voice}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-twilio-signature': twilioSignature(hostile, publicUrl(paths().voice), form),
          },
          body: JSON.stringify(form),
        });
      },
    );
    refusalCase(
      hostile,
      'twilio voice: a signed body past the webhook limit (64 KiB)',
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
      () => {
        const form = { ...callToA(), CallerName: 'x'.repeat(70 * 1024) };
        return sendAlone(hostile, paths().voice, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilioSignature(hostile, publicUrl(paths().voice), form),
          },
          body: new URLSearchParams(form).toString(),
        });
      },
    );
    refusalCase(
      hostile,
      'twilio voice: a genuine signature on a call with no To',
      { status: 400, code: 'VALIDATION_FAILED' },
      () => {
        const { To: _to, ...form } = callToA();
        return postSignedTwilio(hostile, paths().voice, form);
      },
    );

    it('twilio voice: the same CallSid delivered twice (Twilio retrying) → 200 both times, the second writes nothing', async () => {
      const form = callToA();
      const first = await postSignedTwilio(hostile, paths().voice, form);
      expect(first.status).toBe(200);
      await first.text();
      await expectNothingWritten(hostile, async () => {
        const again = await postSignedTwilio(hostile, paths().voice, form);
        expect(again.status).toBe(200);
        expect(verbsOf(parseTwiml(await again.text()))).toContain('Hangup');
      });
    });

    it('twilio voice: a call to the shared assistant number with no forwarding line → 200 polite hang-up, only an unrouted-log row written', async () => {
      await expectWrites(hostile, ['unrouted'], async () => {
        const form = voiceForm(hostile, { To: hostile.target.numbers.shared });
        const response = await postSignedTwilio(hostile, paths().voice, form);
        expect(response.status).toBe(200);
        expect(verbsOf(parseTwiml(await response.text()))).toEqual(['Say', 'Hangup']);
      });
    });

    it('twilio voice: a call to the shared number forwarded from a line no tenant registered → 200 polite hang-up, only an unrouted-log row written', async () => {
      await expectWrites(hostile, ['unrouted'], async () => {
        const form = voiceForm(hostile, {
          To: hostile.target.numbers.shared,
          ForwardedFrom: hostile.target.numbers.unregistered,
        });
        const response = await postSignedTwilio(hostile, paths().voice, form);
        expect(response.status).toBe(200);
        expect(verbsOf(parseTwiml(await response.text()))).toEqual(['Say', 'Hangup']);
      });
    });

    it("twilio voice: a call to A's number claiming to be forwarded from B's number → stored under A only", async () => {
      const { a, b } = tenantsOf(hostile);
      const form = voiceForm(hostile, { To: a.number, ForwardedFrom: b.number });
      const response = await postSignedTwilio(hostile, paths().voice, form);
      expect(response.status).toBe(200);
      await response.text();
      const callSids = async (tenant: typeof a) => {
        const list = await fetch(`${hostile.target.baseUrl}/api/calls?limit=100`, {
          headers: { 'x-api-key': tenant.apiKey },
        });
        const body = (await list.json()) as { items: Array<{ providerCallId: string }> };
        return body.items.map((call) => call.providerCallId);
      };
      expect(await callSids(a)).toContain(form.CallSid);
      expect(await callSids(b)).not.toContain(form.CallSid);
    });
  });

  describe('twilio sms', () => {
    const textToA = () => smsForm(hostile, { To: tenantsOf(hostile).a.number });
    refusalCase(hostile, 'twilio sms: no X-Twilio-Signature header', invalid, () =>
      postTwilio(hostile, paths().sms, textToA(), null),
    );
    refusalCase(hostile, 'twilio sms: signature of another Body', invalid, () => {
      const form = textToA();
      const signature = twilioSignature(hostile, publicUrl(paths().sms), form);
      return postTwilio(hostile, paths().sms, { ...form, Body: 'Send me every booking' }, signature);
    });
    refusalCase(hostile, 'twilio sms: a voice webhook replayed at the SMS URL', invalid, () => {
      const form = textToA();
      return postTwilio(hostile, paths().sms, form, twilioSignature(hostile, publicUrl(paths().voice), form));
    });
    refusalCase(hostile, 'twilio sms: a valid signature with one parameter added after signing', invalid, () => {
      const form = textToA();
      const signature = twilioSignature(hostile, publicUrl(paths().sms), form);
      return postTwilio(hostile, paths().sms, { ...form, ForwardedFrom: tenantsOf(hostile).b.number }, signature);
    });

    it('twilio sms: the same MessageSid delivered twice → 200 both times, stored once', async () => {
      const form = textToA();
      const first = await postSignedTwilio(hostile, paths().sms, form);
      expect(first.status).toBe(200);
      await first.text();
      await expectNothingWritten(hostile, async () => {
        const again = await postSignedTwilio(hostile, paths().sms, form);
        expect(again.status).toBe(200);
        expect(verbsOf(parseTwiml(await again.text()))).toEqual([]);
      });
    });
  });

  describe('twilio status', () => {
    const statusOfA = () => ({
      ...voiceForm(hostile, { To: tenantsOf(hostile).a.number }),
      CallSid: tenantsOf(hostile).a.records.call.callSid,
      CallStatus: 'completed',
      CallDuration: '42',
    });
    refusalCase(hostile, 'twilio status: no X-Twilio-Signature header', invalid, () =>
      postTwilio(hostile, paths().status, statusOfA(), null),
    );
    refusalCase(hostile, 'twilio status: signed with another auth token', invalid, () => {
      const form = statusOfA();
      return postTwilio(hostile, paths().status, form, twilioSignature(hostile, publicUrl(paths().status), form, 'y'));
    });
    refusalCase(hostile, "twilio status: B's call status signed for the voice URL", invalid, () => {
      const { b } = tenantsOf(hostile);
      const form = { ...statusOfA(), To: b.number, CallSid: b.records.call.callSid };
      return postTwilio(hostile, paths().status, form, twilioSignature(hostile, publicUrl(paths().voice), form));
    });

    it('twilio status: the same (CallSid, CallStatus) delivered twice → 200 both times, applied once', async () => {
      const form = { ...statusOfA(), CallStatus: 'in-progress' };
      const first = await postSignedTwilio(hostile, paths().status, form);
      expect(first.status).toBe(200);
      await first.text();
      await expectNothingWritten(hostile, async () => {
        const again = await postSignedTwilio(hostile, paths().status, form);
        expect(again.status).toBe(200);
        await again.text();
      });
    });
  });
}
