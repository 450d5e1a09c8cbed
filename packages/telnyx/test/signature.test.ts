import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigningKey, createTestApp, numbers, type TestApp } from './app.js';
import { messageReceived } from './payloads.js';

const inbound = () =>
  messageReceived({ to: numbers.swimA, from: numbers.parent, text: 'Is there a class on Saturday?' });

async function expectNothingStored(app: TestApp) {
  const { tenants, unrouted } = await app.snapshot();
  for (const tenant of Object.values(tenants)) expect(tenant).toEqual({ calls: [], messages: [], audit: [] });
  expect(unrouted).toEqual([]);
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
}

describe('a Telnyx webhook', () => {
  it('signed by the account’s key over the timestamp and the raw body is accepted', async () => {
    const app = await createTestApp();
    const response = await app.post(inbound());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
  });

  it('with a body changed after signing is refused, and nothing is stored', async () => {
    const app = await createTestApp();
    await expectRefused(await app.post(inbound(), { tamper: (body) => body.replace('Saturday', 'Sunday') }));
    // Re-serialising the same JSON differently is a different body too: only the bytes Telnyx signed verify.
    await expectRefused(await app.post(inbound(), { tamper: (body) => JSON.stringify(JSON.parse(body), null, 2) }));
    await expectNothingStored(app);
  });

  it('signed with another key is refused, and nothing is stored', async () => {
    const app = await createTestApp();
    await expectRefused(await app.post(inbound(), { privateKey: createSigningKey().privateKey }));
    await expectNothingStored(app);
  });

  it('without its signature or its timestamp, or with a malformed signature, is refused', async () => {
    const app = await createTestApp();
    await expectRefused(await app.post(inbound(), { signature: null }));
    await expectRefused(await app.post(inbound(), { sendTimestamp: false }));
    await expectRefused(await app.post(inbound(), { signature: 'not base64!' }));
    await expectRefused(await app.post(inbound(), { signature: Buffer.alloc(64).toString('base64') }));
    await expectNothingStored(app);
  });

  it('signed too long ago (a replay) or in the future is refused, even with a valid signature', async () => {
    const app = await createTestApp();
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await app.post(inbound(), { timestamp: now - 600 }));
    await expectRefused(await app.post(inbound(), { timestamp: now + 600 }));
    await expectNothingStored(app);
  });

  it('older than a narrower configured tolerance is refused', async () => {
    const app = await createTestApp({ telnyx: { toleranceSeconds: 60 } });
    await expectRefused(await app.post(inbound(), { timestamp: Math.floor(Date.now() / 1000) - 120 }));
    await expectNothingStored(app);
  });

  it('that is signed but not a Telnyx event is refused as invalid, and nothing is stored', async () => {
    const app = await createTestApp();
    const response = await app.post({ data: { id: randomUUID() } });
    expect(response.status).toBe(400);
    await expectNothingStored(app);
  });
});
