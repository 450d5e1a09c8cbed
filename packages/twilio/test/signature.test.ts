import { serve } from '@nuvatra/node';
import twilioSdk from 'twilio';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sendRaw } from '../../../test-support/raw-request.js';
import {
  createTestApp,
  deployment,
  numbers,
  publicBaseUrl,
  sid,
  signedRequest,
  smsRequest,
  statusCallback,
  type TestApp,
  voiceRequest,
} from './app.js';

const voicePath = '/api/webhooks/twilio/voice';
const subaccount = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'solo-subaccount-token-0123456789ab' };

async function expectNothingStored(app: TestApp) {
  const { tenants, unrouted } = await app.snapshot();
  for (const tenant of Object.values(tenants)) {
    expect(tenant).toMatchObject({ calls: [], conversations: [], audit: [] });
  }
  expect(unrouted).toEqual([]);
  expect(app.handOffs).toEqual([]);
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
}

/** Solo registers its own Twilio subaccount, its token sealed for it, as PUT /api/twilio/account would. */
async function giveSoloItsSubaccount(app: TestApp) {
  const sealedSecret = await app.secretBox!.seal(subaccount.authToken, app.tenants.solo.id);
  await app.storage.withTenant(app.tenants.solo.id, (scope) =>
    scope.providerAccounts.put({ provider: 'twilio', accountId: subaccount.accountSid, sealedSecret }),
  );
}

describe('a Twilio webhook', () => {
  it('with a forged signature is refused and stores nothing', async () => {
    const app = await createTestApp();
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.shared, ForwardedFrom: numbers.clinicALine });
    await expectRefused(await app.post(voicePath, params, { authToken: 'not-the-auth-token' }));
    await expectRefused(await app.post(voicePath, params, { signature: 'bm90IGEgc2lnbmF0dXJl' }));
    await expectNothingStored(app);
  });

  it('without a signature is refused and stores nothing, on every webhook', async () => {
    const app = await createTestApp();
    const callSid = sid('CA');
    await expectRefused(
      await app.post(voicePath, voiceRequest({ CallSid: callSid, To: numbers.soloOwned }), { signature: null }),
    );
    const status = statusCallback({ CallSid: callSid, To: numbers.soloOwned, CallStatus: 'completed' });
    await expectRefused(await app.post('/api/webhooks/twilio/status', status, { signature: null }));
    const sms = smsRequest({ MessageSid: sid('SM'), To: numbers.soloOwned, Body: 'Hi' });
    await expectRefused(await app.post('/api/webhooks/twilio/sms', sms, { signature: null }));
    await expectNothingStored(app);
  });

  it('whose body was changed after signing is refused', async () => {
    const app = await createTestApp();
    const signedFor = voiceRequest({ CallSid: sid('CA'), To: numbers.shared, ForwardedFrom: numbers.clinicALine });
    const signature = twilioSdk.getExpectedTwilioSignature(
      deployment.authToken,
      `${publicBaseUrl}${voicePath}`,
      signedFor,
    );
    const moved = { ...signedFor, ForwardedFrom: numbers.clinicBLine };
    await expectRefused(await app.post(voicePath, moved, { signature }));
    await expectNothingStored(app);
  });

  it('signed for another URL is refused: another host, another path, another query', async () => {
    const app = await createTestApp();
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned });
    for (const signedUrl of [
      `https://attacker.example${voicePath}`,
      `http://voice.example.com${voicePath}`,
      `${publicBaseUrl}/api/webhooks/twilio/sms`,
      `${publicBaseUrl}${voicePath}?tenant=solo-physio`,
    ]) {
      await expectRefused(await app.post(voicePath, params, { signedUrl }));
    }
    await expectNothingStored(app);
  });

  it('is checked against PUBLIC_BASE_URL and its query, whatever host the request reached', async () => {
    const app = await createTestApp();
    const path = `${voicePath}?attempt=1`;
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned });
    const headers = { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'http' };
    const request = signedRequest(`http://attacker.example${path}`, path, params, { headers });
    expect((await app.nuvatra.handle(request)).status).toBe(200);
    expect(app.handOffs).toHaveLength(1);
  });

  it('through a real server, ignores a forged Host and X-Forwarded-Host', async () => {
    const app = await createTestApp();
    const server = await serve(app.nuvatra, { port: 0, hostname: '127.0.0.1' });
    onTestFinished(() => server.close());
    const send = (params: Record<string, string>, signedUrl: string) =>
      sendRaw(server.url, {
        method: 'POST',
        path: voicePath,
        headers: {
          host: 'attacker.example',
          'x-forwarded-host': 'attacker.example',
          'x-forwarded-proto': 'https',
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(deployment.authToken, signedUrl, params),
        },
        body: new TextEncoder().encode(new URLSearchParams(params).toString()),
      });

    for (const origin of ['http://attacker.example', 'https://attacker.example']) {
      const forged = await send(voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }), `${origin}${voicePath}`);
      expect(forged.status).toBe(403);
    }
    await expectNothingStored(app);
    const genuine = await send(
      voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }),
      `${publicBaseUrl}${voicePath}`,
    );
    expect(genuine.status).toBe(200);
    expect(genuine.body.toString()).toBe(
      await (await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }))).text(),
    );
  });

  it('whose body a parser rebuilt (x-nuvatra-body-reconstructed) is refused: its signature cannot be checked', async () => {
    const app = await createTestApp();
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned });
    const response = await app.post(voicePath, params, { headers: { 'x-nuvatra-body-reconstructed': '1' } });
    expect(response.status).toBe(500);
    expect(app.errors[0]?.fields?.error).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('mount nuvatra() before express.urlencoded()'),
    });
    await expectNothingStored(app);
  });

  it('that is not form-encoded is refused with 415', async () => {
    const app = await createTestApp();
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned });
    const response = await app.post(voicePath, params, { headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(415);
    await expectNothingStored(app);
  });

  it('naming an account this deployment does not know is refused, even when signed with that account’s token', async () => {
    const app = await createTestApp();
    const stranger = { accountSid: `AC${'9'.repeat(32)}`, authToken: 'stranger-token' };
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned, AccountSid: stranger.accountSid });
    await expectRefused(await app.post(voicePath, params, { authToken: stranger.authToken }));
    await expectNothingStored(app);
  });
});

describe('a tenant’s own Twilio subaccount', () => {
  it('verifies the webhooks of its numbers with its own token', async () => {
    const app = await createTestApp();
    await giveSoloItsSubaccount(app);
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned, AccountSid: subaccount.accountSid });
    const response = await app.post(voicePath, params, { authToken: subaccount.authToken });
    expect(response.status).toBe(200);
    expect(app.handOffs.map((input) => input.call.tenantId)).toEqual([app.tenants.solo.id]);
  });

  it('is refused when a request naming it is signed with the deployment’s token', async () => {
    const app = await createTestApp();
    await giveSoloItsSubaccount(app);
    const params = voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned, AccountSid: subaccount.accountSid });
    await expectRefused(await app.post(voicePath, params, { authToken: deployment.authToken }));
    await expectNothingStored(app);
  });

  it('cannot sign for another tenant’s number', async () => {
    const app = await createTestApp();
    await giveSoloItsSubaccount(app);
    const params = voiceRequest({
      CallSid: sid('CA'),
      To: numbers.shared,
      ForwardedFrom: numbers.clinicALine,
      AccountSid: subaccount.accountSid,
    });
    await expectRefused(await app.post(voicePath, params, { authToken: subaccount.authToken }));
    await expectNothingStored(app);
  });

  it('leaves the deployment’s account verifying the tenant’s other calls', async () => {
    const app = await createTestApp();
    await giveSoloItsSubaccount(app);
    const response = await app.post(voicePath, voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }));
    expect(response.status).toBe(200);
  });
});
