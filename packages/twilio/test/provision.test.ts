import { describe, expect, it } from 'vitest';
import { createTestApp, deployment } from './app.js';
import { startFakeTwilio } from './fake-twilio.js';

const newNumber = '+15556666666';
const webhooks = {
  VoiceUrl: 'https://voice.example.com/api/webhooks/twilio/voice',
  VoiceMethod: 'POST',
  VoiceApplicationSid: '',
  StatusCallback: 'https://voice.example.com/api/webhooks/twilio/status',
  StatusCallbackMethod: 'POST',
  SmsUrl: 'https://voice.example.com/api/webhooks/twilio/sms',
  SmsMethod: 'POST',
  SmsApplicationSid: '',
};
const subaccount = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'solo-subaccount-token-0123456789ab' };

const idOf = async (response: Response) => ((await response.json()) as { id: string }).id;

describe('registering a tenant’s own Twilio number', () => {
  it('points the number at this deployment’s webhooks through Twilio’s REST API, and removing it clears them', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    const twilioNumber = fake.addNumber(deployment.accountSid, newNumber, {
      voiceApplicationSid: `AP${'a'.repeat(32)}`,
    });
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });

    const created = await app.api('POST', '/api/phone-numbers', {
      body: { number: newNumber, kind: 'owned', provider: 'twilio' },
    });
    expect(created.status).toBe(201);
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: `/2010-04-01/Accounts/${deployment.accountSid}/IncomingPhoneNumbers.json`,
        query: { PhoneNumber: newNumber, PageSize: '1' },
        form: {},
        username: deployment.accountSid,
      },
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${deployment.accountSid}/IncomingPhoneNumbers/${twilioNumber.sid}.json`,
        query: {},
        form: webhooks,
        username: deployment.accountSid,
      },
    ]);
    expect(fake.number(newNumber)).toMatchObject({
      voiceUrl: webhooks.VoiceUrl,
      voiceApplicationSid: '',
      statusCallback: webhooks.StatusCallback,
      smsUrl: webhooks.SmsUrl,
    });

    fake.requests.length = 0;
    const removed = await app.api('DELETE', `/api/phone-numbers/${await idOf(created)}`);
    expect(removed.status).toBe(204);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      form: { VoiceUrl: '', StatusCallback: '', SmsUrl: '' },
    });
    expect(fake.number(newNumber)).toMatchObject({ voiceUrl: '', statusCallback: '', smsUrl: '' });
  });

  it('is refused with 409, and not registered, when the number is not in the Twilio account', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });

    const response = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'owned' } });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      `${newNumber} is not a phone number of Twilio account ${deployment.accountSid}: buy or port it there first, ` +
        'or register it with its own provider ("provider": "telnyx" or "other").',
    );
    const registered = await app.storage.routing.tenantIdByNumber(newNumber, 'owned');
    expect(registered).toBeNull();
    expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('leaves forwarding lines and other providers’ numbers alone', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });

    const forwarding = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'forwarding' } });
    const telnyx = await app.api('POST', '/api/phone-numbers', {
      body: { number: '+15557777777', kind: 'owned', provider: 'telnyx' },
    });
    expect([forwarding.status, telnyx.status]).toEqual([201, 201]);
    expect(fake.requests).toEqual([]);
  });

  it('does nothing without REST credentials', async () => {
    const fake = await startFakeTwilio();
    const app = await createTestApp({
      twilio: { accountSid: undefined, authToken: undefined, httpClient: fake.httpClient },
    });
    const response = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'owned' } });
    expect(response.status).toBe(201);
    expect(fake.requests).toEqual([]);
  });

  it('uses the tenant’s own Twilio account when it registered one', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    fake.addAccount(subaccount.accountSid, subaccount.authToken);
    fake.addNumber(subaccount.accountSid, newNumber);
    const app = await createTestApp({ twilio: (secretBox) => ({ httpClient: fake.httpClient, secretBox }) });

    expect((await app.api('PUT', '/api/twilio/account', { body: subaccount })).status).toBe(200);
    const response = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'owned' } });
    expect(response.status).toBe(201);
    const provisioning = fake.requests.filter((request) => request.path.includes('IncomingPhoneNumbers'));
    expect(provisioning.map((request) => [request.method, request.username])).toEqual([
      ['GET', subaccount.accountSid],
      ['POST', subaccount.accountSid],
    ]);
    expect(fake.number(newNumber)?.voiceUrl).toBe(webhooks.VoiceUrl);
  });

  it('opens a tenant’s own account with the secret box createNuvatra holds when the plugin is given none', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(subaccount.accountSid, subaccount.authToken);
    fake.addNumber(subaccount.accountSid, newNumber);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });
    expect((await app.api('PUT', '/api/twilio/account', { body: subaccount })).status).toBe(200);

    const response = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'owned' } });
    expect(response.status).toBe(201);
    expect(fake.number(newNumber)?.voiceUrl).toBe(webhooks.VoiceUrl);
  });

  it('with credentials Twilio refuses answers 409 naming the account', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, 'a-rotated-token');
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });
    const response = await app.api('POST', '/api/phone-numbers', { body: { number: newNumber, kind: 'owned' } });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      `Twilio refused the credentials of account ${deployment.accountSid} (HTTP 401)`,
    );
  });

  it('sets up the number an admin creates a tenant with', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    fake.addNumber(deployment.accountSid, newNumber);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient } });
    const response = await app.api('POST', '/api/admin/tenants', {
      as: 'root',
      body: { slug: 'new-clinic', name: 'New Clinic', phoneNumber: newNumber, ownerUserId: 'nina' },
    });
    expect(response.status).toBe(201);
    expect(fake.number(newNumber)?.smsUrl).toBe(webhooks.SmsUrl);
  });
});

describe('provisioning through the job queue', () => {
  it('checks the number at once, then points its webhooks in a job, and clears them in a job when it is removed', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    const twilioNumber = fake.addNumber(deployment.accountSid, newNumber);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient }, queue: true });

    const created = await app.api('POST', '/api/phone-numbers', {
      body: { number: newNumber, kind: 'owned', provider: 'twilio' },
    });
    expect(created.status).toBe(201);
    // The request asked only whether the account holds the number; the webhooks wait for the worker.
    expect(fake.requests.map((request) => request.method)).toEqual(['GET']);
    expect(fake.number(newNumber)?.voiceUrl ?? '').toBe('');

    expect(await app.runJobs()).toEqual([
      expect.objectContaining({ name: 'twilio.point-number', status: 'completed' }),
    ]);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${deployment.accountSid}/IncomingPhoneNumbers/${twilioNumber.sid}.json`,
      form: webhooks,
    });

    expect((await app.api('DELETE', `/api/phone-numbers/${await idOf(created)}`)).status).toBe(204);
    expect(await app.runJobs()).toEqual([
      expect.objectContaining({ name: 'twilio.clear-number', status: 'completed' }),
    ]);
    expect(fake.number(newNumber)).toMatchObject({ voiceUrl: '', statusCallback: '', smsUrl: '' });
  });

  it('still refuses a number the account does not hold at once, with 409, and enqueues nothing', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient }, queue: true });

    const refused = await app.api('POST', '/api/phone-numbers', {
      body: { number: newNumber, kind: 'owned', provider: 'twilio' },
    });
    expect(refused.status).toBe(409);
    expect((await app.nuvatra.jobs?.driver.list({}))?.items).toEqual([]);
    expect(await app.runJobs()).toEqual([]);
  });

  it('points nothing when the number was removed before its job ran', async () => {
    const fake = await startFakeTwilio();
    fake.addAccount(deployment.accountSid, deployment.authToken);
    fake.addNumber(deployment.accountSid, newNumber);
    const app = await createTestApp({ twilio: { httpClient: fake.httpClient }, queue: true });
    const created = await app.api('POST', '/api/phone-numbers', {
      body: { number: newNumber, kind: 'owned', provider: 'twilio' },
    });
    await app.api('DELETE', `/api/phone-numbers/${await idOf(created)}`);
    fake.requests.length = 0;

    const outcomes = await app.runJobs();
    expect(outcomes.map((outcome) => [outcome.name, outcome.status]).sort()).toEqual([
      ['twilio.clear-number', 'completed'],
      ['twilio.point-number', 'completed'],
    ]);
    expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });
});
