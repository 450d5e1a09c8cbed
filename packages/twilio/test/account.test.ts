import { describe, expect, it } from 'vitest';
import { createTestApp, deployment, numbers, sid, voiceRequest } from './app.js';
import { startFakeTwilio } from './fake-twilio.js';

const subaccount = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'solo-subaccount-token-0123456789ab' };

async function appWithFakeTwilio(options: { secretBox?: boolean } = {}) {
  const fake = await startFakeTwilio();
  fake.addAccount(subaccount.accountSid, subaccount.authToken);
  const app = await createTestApp({ ...options, twilio: { httpClient: fake.httpClient } });
  return { app, fake };
}

describe('a tenant’s own Twilio account', () => {
  it('is checked with Twilio, stored with its token sealed for the tenant, and never answered back', async () => {
    const { app, fake } = await appWithFakeTwilio();
    const put = await app.api('PUT', '/api/twilio/account', { body: subaccount });
    expect(put.status).toBe(200);
    const answer = await put.text();
    expect(JSON.parse(answer)).toEqual({ accountSid: subaccount.accountSid });
    expect(answer).not.toContain(subaccount.authToken);
    expect(fake.requests.map((request) => [request.method, request.path, request.username])).toEqual([
      ['GET', `/2010-04-01/Accounts/${subaccount.accountSid}.json`, subaccount.accountSid],
    ]);

    const stored = await app.storage.withTenant(app.tenants.solo.id, (scope) => scope.providerAccounts.get('twilio'));
    expect(stored?.sealedSecret).not.toContain(subaccount.authToken);
    expect(await app.secretBox?.open(stored?.sealedSecret ?? '', app.tenants.solo.id)).toBe(subaccount.authToken);
    // Sealed for Solo: the same sealed token is useless to any other tenant.
    await expect(app.secretBox?.open(stored?.sealedSecret ?? '', app.tenants.clinicA.id)).rejects.toThrow();

    expect(await (await app.api('GET', '/api/twilio/account')).json()).toEqual({ accountSid: subaccount.accountSid });
    expect(await (await app.api('GET', '/api/twilio/account', { as: 'owner@clinic-a' })).json()).toEqual({
      accountSid: null,
    });
    const audit = await app.storage.withTenant(
      app.tenants.solo.id,
      async (scope) => (await scope.auditEvents.list()).items,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'twilio.account_set',
        target: subaccount.accountSid,
        actor: { type: 'user', id: 'owner' },
      }),
    ]);
  });

  it('is refused with 409 when Twilio refuses its credentials, and nothing is stored', async () => {
    const { app } = await appWithFakeTwilio();
    const response = await app.api('PUT', '/api/twilio/account', {
      body: { accountSid: subaccount.accountSid, authToken: 'wrong-token' },
    });
    expect(response.status).toBe(409);
    expect(await (await app.api('GET', '/api/twilio/account')).json()).toEqual({ accountSid: null });
  });

  it('cannot be the deployment’s own account', async () => {
    const { app, fake } = await appWithFakeTwilio();
    const response = await app.api('PUT', '/api/twilio/account', {
      body: { accountSid: deployment.accountSid, authToken: 'anything' },
    });
    expect(response.status).toBe(409);
    expect(fake.requests).toEqual([]);
  });

  it('needs a secret box in the deployment, and says so', async () => {
    const { app, fake } = await appWithFakeTwilio({ secretBox: false });
    const response = await app.api('PUT', '/api/twilio/account', { body: subaccount });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: {
        code: 'CONFIG_INVALID',
        message: 'This deployment stores no provider credentials: it has no NUVATRA_SECRET_KEY (secret box).',
      },
    });
    expect(fake.requests).toEqual([]);
  });

  it('is validated: an account SID and a token, nothing else', async () => {
    const { app } = await appWithFakeTwilio();
    for (const body of [
      { accountSid: 'AC123', authToken: 'x' },
      { accountSid: subaccount.accountSid },
      { ...subaccount, extra: true },
    ]) {
      expect((await app.api('PUT', '/api/twilio/account', { body })).status).toBe(400);
    }
  });

  it('once removed, no longer verifies webhooks; the deployment’s account does again', async () => {
    const { app } = await appWithFakeTwilio();
    await app.api('PUT', '/api/twilio/account', { body: subaccount });
    const signedBySubaccount = () =>
      app.post(
        '/api/webhooks/twilio/voice',
        voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned, AccountSid: subaccount.accountSid }),
        { authToken: subaccount.authToken },
      );
    expect((await signedBySubaccount()).status).toBe(200);

    expect((await app.api('DELETE', '/api/twilio/account')).status).toBe(204);
    expect((await app.api('DELETE', '/api/twilio/account')).status).toBe(404);
    expect((await signedBySubaccount()).status).toBe(403);
    const byDeployment = await app.post(
      '/api/webhooks/twilio/voice',
      voiceRequest({ CallSid: sid('CA'), To: numbers.soloOwned }),
    );
    expect(byDeployment.status).toBe(200);
  });

  it('is the signed-in tenant’s only: requests without a tenant are refused', async () => {
    const { app } = await appWithFakeTwilio();
    const response = await app.nuvatra.handle(new Request('http://localhost/api/twilio/account'));
    expect(response.status).toBe(401);
  });
});
