import { describe, expect, it } from 'vitest';
import { clerkAuth, clerkWebhooks } from '../src/index.js';
import { clerkKeys, signingSecret } from './app.js';
import { secretKey } from './fake-clerk.js';
import { signSessionToken } from './tokens.js';

const configError = (message: RegExp) =>
  expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });

describe('clerkAuth options', () => {
  it('fails at start-up without a way to verify tokens, naming both variables', () => {
    expect(() => clerkAuth({ env: {} })).toThrow(configError(/CLERK_JWT_KEY.*CLERK_SECRET_KEY/));
  });

  it.each([
    [{ jwtKey: 'not a key' }, /^clerkAuth\(\): jwtKey \(CLERK_JWT_KEY\): must be the PEM public key/],
    [{ secretKey: 'pk_test_abc' }, /secretKey \(CLERK_SECRET_KEY\): must be a Clerk secret key/],
    [{ secretKey, authorizedParties: 'app.example.com' }, /authorizedParties\.0 \(CLERK_AUTHORIZED_PARTIES\)/],
    [{ secretKey, clockSkewInMs: 120_000 }, /clockSkewInMs/],
    [{ secretKey, frontendUrl: 'nope' }, /frontendUrl\.0 \(FRONTEND_URL\)/],
    [{ secretKey, invitationRedirectPath: 'sign-up' }, /invitationRedirectPath/],
    [{ secretKey, publishableKey: 'pk_test_abc' }, /Unrecognized key/],
  ])('refuses %o, naming the option and its variable', (options, message) => {
    expect(() => clerkAuth({ env: {}, ...options } as Parameters<typeof clerkAuth>[0])).toThrow(configError(message));
  });

  it('reads CLERK_JWT_KEY (with "\\n" as env files write it) and CLERK_AUTHORIZED_PARTIES from the environment', async () => {
    const keys = await clerkKeys();
    const provider = clerkAuth({
      env: {
        CLERK_JWT_KEY: keys.publicKeyPem.replace(/\n/g, '\\n'),
        CLERK_AUTHORIZED_PARTIES: 'https://admin.example.com, https://app.example.com/',
      },
    });
    const token = await signSessionToken(keys, { userId: 'user_1', azp: 'https://app.example.com' });
    const request = new Request('https://api.example.com/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(await provider.authenticate(request)).toMatchObject({ userId: 'user_1' });
    const elsewhere = await signSessionToken(keys, { userId: 'user_1', azp: 'https://other.example.com' });
    const refused = new Request('https://api.example.com/api/me', {
      headers: { authorization: `Bearer ${elsewhere}` },
    });
    await expect(provider.authenticate(refused)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('offers invitations only with a secret key', async () => {
    const keys = await clerkKeys();
    expect(clerkAuth({ jwtKey: keys.publicKeyPem, env: {} }).invite).toBeUndefined();
    const withSecret = clerkAuth({ env: { CLERK_SECRET_KEY: secretKey } });
    expect([typeof withSecret.invite, typeof withSecret.revokeInvitation]).toEqual(['function', 'function']);
  });
});

describe('clerkWebhooks options', () => {
  it('fails at start-up without the signing secret, naming CLERK_WEBHOOK_SIGNING_SECRET', () => {
    expect(() => clerkWebhooks({ env: {} })).toThrow(configError(/signingSecret \(CLERK_WEBHOOK_SIGNING_SECRET\)/));
    expect(() => clerkWebhooks({ signingSecret: 'whsec_%%%' })).toThrow(configError(/whsec_/));
    expect(() => clerkWebhooks({ signingSecret, path: '/api/webhooks/clerk/' })).toThrow(configError(/path/));
  });

  it('reads the signing secret from the environment and mounts one route', () => {
    const plugin = clerkWebhooks({ env: { CLERK_WEBHOOK_SIGNING_SECRET: signingSecret } });
    expect(plugin.name).toBe('clerk');
    expect(plugin.routes?.map((route) => [route.method, route.path, route.auth])).toEqual([
      ['POST', '/api/webhooks/clerk', 'provider'],
    ]);
  });
});
