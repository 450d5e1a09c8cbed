import { describe, expect, it } from 'vitest';
import { accounts, createTestApp } from './app.js';

describe('a school’s own Telnyx account', () => {
  it('is checked with Telnyx, sealed for the school, and its API key is never answered back', async () => {
    const app = await createTestApp({ accounts: false });
    const put = await app.api('PUT', '/api/telnyx/account', { body: accounts.swimA });
    expect(put.status).toBe(200);
    const answer = await put.text();
    expect(JSON.parse(answer)).toEqual({
      messagingProfileId: accounts.swimA.messagingProfileId,
      assistantId: accounts.swimA.assistantId,
    });
    expect(answer).not.toContain(accounts.swimA.apiKey);
    expect(app.fake.requestsWith(accounts.swimA.apiKey)).toEqual([
      `GET /v2/messaging_profiles/${accounts.swimA.messagingProfileId}`,
    ]);

    const stored = await app.storage.withTenant(app.tenants.swimA.id, (scope) => scope.providerAccounts.get('telnyx'));
    expect(stored?.sealedSecret).not.toContain(accounts.swimA.apiKey);
    expect(stored?.sealedSecret).not.toContain(accounts.swimA.assistantId);
    // Sealed for A: useless to any other school.
    await expect(app.secretBox.open(stored?.sealedSecret ?? '', app.tenants.swimB.id)).rejects.toThrow();

    expect(await (await app.api('GET', '/api/telnyx/account')).json()).toEqual({
      messagingProfileId: accounts.swimA.messagingProfileId,
      assistantId: accounts.swimA.assistantId,
    });
    expect(await (await app.api('GET', '/api/telnyx/account', { as: 'owner@swim-b' })).json()).toEqual({
      messagingProfileId: null,
      assistantId: null,
    });
  });

  it('is refused with 409 when Telnyx refuses the key or the profile is another account’s', async () => {
    const app = await createTestApp({ accounts: false });
    for (const body of [
      { ...accounts.swimA, apiKey: 'KEY-wrong' },
      { ...accounts.swimA, messagingProfileId: accounts.swimB.messagingProfileId },
    ]) {
      expect((await app.api('PUT', '/api/telnyx/account', { body })).status).toBe(409);
    }
    expect(await (await app.api('GET', '/api/telnyx/account')).json()).toEqual({
      messagingProfileId: null,
      assistantId: null,
    });
  });

  it('is validated: a key and a profile, an assistant optionally, nothing else', async () => {
    const app = await createTestApp({ accounts: false });
    for (const body of [{ apiKey: 'x' }, { ...accounts.swimA, extra: true }, { ...accounts.swimA, apiKey: '' }]) {
      expect((await app.api('PUT', '/api/telnyx/account', { body })).status).toBe(400);
    }
  });

  it('once removed, is no longer used, and removing it again is 404', async () => {
    const app = await createTestApp();
    expect((await app.api('DELETE', '/api/telnyx/account')).status).toBe(204);
    expect((await app.api('DELETE', '/api/telnyx/account')).status).toBe(404);
    expect(await (await app.api('GET', '/api/telnyx/account')).json()).toEqual({
      messagingProfileId: null,
      assistantId: null,
    });
  });

  it('is the signed-in school’s only: a request without a tenant is refused', async () => {
    const app = await createTestApp({ accounts: false });
    const response = await app.nuvatra.handle(new Request('http://localhost/api/telnyx/account'));
    expect(response.status).toBe(401);
  });
});
