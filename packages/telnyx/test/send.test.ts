import { definePlugin, defineRoute } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { sendTelnyxSms } from '../src/index.js';
import { accounts, createTestApp, numbers, type TestApp } from './app.js';

const sent = (app: TestApp) =>
  app.fake.requests.filter((request) => request.method === 'POST' && request.path === '/v2/messages');

describe('sending an SMS through a school’s Telnyx channel', () => {
  it('is queued, then sent with the school’s own API key and messaging profile from its Telnyx number', async () => {
    const app = await createTestApp();
    const response = await app.api('POST', '/api/telnyx/messages', {
      body: { to: numbers.parent, text: 'Register here: https://swim-a.example/register' },
    });
    expect(response.status).toBe(202);
    expect(sent(app)).toEqual([]);

    const outcomes = await app.runJobs();
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['completed']);
    const [request] = sent(app);
    expect(request?.headers.authorization).toBe(`Bearer ${accounts.swimA.apiKey}`);
    expect(request?.body).toEqual({
      to: numbers.parent,
      text: 'Register here: https://swim-a.example/register',
      from: numbers.swimA,
      messaging_profile_id: accounts.swimA.messagingProfileId,
    });
    // School B's key is never used for A's message (nor the deployment's, which this app does not have).
    expect(app.fake.requestsWith(accounts.swimB.apiKey).filter((line) => line.startsWith('POST'))).toEqual([]);

    const { tenants } = await app.snapshot();
    expect(tenants.swimA?.messages).toEqual([
      expect.objectContaining({
        direction: 'outbound',
        from: numbers.swimA,
        to: numbers.parent,
        provider: 'telnyx',
        status: 'queued',
      }),
    ]);
    expect(tenants.swimB?.messages).toEqual([]);
  });

  it('by two schools uses each school’s own key and profile', async () => {
    const app = await createTestApp();
    await app.api('POST', '/api/telnyx/messages', { body: { to: numbers.parent, text: 'From A' } });
    await app.api('POST', '/api/telnyx/messages', { as: 'owner@swim-b', body: { to: numbers.parent, text: 'From B' } });
    await app.runJobs();
    const byText = Object.fromEntries(
      sent(app).map((request) => [
        request.body.text,
        [request.headers.authorization, request.body.messaging_profile_id],
      ]),
    );
    expect(byText).toEqual({
      'From A': [`Bearer ${accounts.swimA.apiKey}`, accounts.swimA.messagingProfileId],
      'From B': [`Bearer ${accounts.swimB.apiKey}`, accounts.swimB.messagingProfileId],
    });
  });

  it('with the same idempotency key twice sends once', async () => {
    const app = await createTestApp();
    const body = { to: numbers.parent, text: 'Once', idempotencyKey: 'reply-1' };
    const first = (await (await app.api('POST', '/api/telnyx/messages', { body })).json()) as { jobId: string };
    const second = (await (await app.api('POST', '/api/telnyx/messages', { body })).json()) as { jobId: string };
    expect(second.jobId).toBe(first.jobId);
    await app.runJobs();
    expect(sent(app)).toHaveLength(1);
  });

  it('falls back to the deployment’s key and profile for a school without an account of its own', async () => {
    const app = await createTestApp({
      accounts: false,
      telnyx: { apiKey: accounts.swimB.apiKey, messagingProfileId: accounts.swimB.messagingProfileId },
    });
    await app.api('POST', '/api/telnyx/messages', { body: { to: numbers.parent, text: 'Hello' } });
    await app.runJobs();
    expect(sent(app).map((request) => request.headers.authorization)).toEqual([`Bearer ${accounts.swimB.apiKey}`]);
  });

  it('with no account anywhere fails the job and sends nothing', async () => {
    const app = await createTestApp({ accounts: false });
    await app.api('POST', '/api/telnyx/messages', { body: { to: numbers.parent, text: 'Hello' } });
    const [outcome] = await app.runJobs();
    expect(outcome?.status).not.toBe('completed');
    expect(sent(app)).toEqual([]);
  });

  it('is refused for a text that is empty or a number that is not E.164', async () => {
    const app = await createTestApp();
    for (const body of [
      { to: numbers.parent, text: '' },
      { to: '555-0123', text: 'Hi' },
    ]) {
      expect((await app.api('POST', '/api/telnyx/messages', { body })).status).toBe(400);
    }
  });
});

describe('another plugin sending through the tenant’s Telnyx channel', () => {
  // The swim-school integrator's "send a registration link by SMS": it names no tenant and no key; the tenant is the
  // one whose request (or tool call, or job) it runs in.
  const swimSchool = definePlugin({
    name: 'swim-school',
    routes: [
      defineRoute({
        method: 'POST',
        path: '/api/swim/registration-link',
        auth: 'user',
        summary: 'Text a parent the registration link',
        async handle({ services, scope }) {
          await sendTelnyxSms(services.jobs, {
            to: numbers.parent,
            text: `Register with ${scope.tenant.name}: https://swim.example/${scope.tenant.slug}/register`,
            idempotencyKey: `registration:${numbers.parent}`,
          });
          return { queued: true };
        },
      }),
    ],
  });

  it('sends from the calling school’s own channel, never another school’s', async () => {
    const app = await createTestApp({ plugins: [swimSchool] });
    expect((await app.api('POST', '/api/swim/registration-link', { as: 'owner@swim-b' })).status).toBe(200);
    await app.runJobs();
    expect(sent(app).map((request) => [request.headers.authorization, request.body.from, request.body.text])).toEqual([
      [
        `Bearer ${accounts.swimB.apiKey}`,
        numbers.swimB,
        'Register with Swim School B: https://swim.example/swim-b/register',
      ],
    ]);
    const { tenants } = await app.snapshot();
    expect(tenants.swimA?.messages).toEqual([]);
    expect(tenants.swimB?.messages).toHaveLength(1);
  });
});
