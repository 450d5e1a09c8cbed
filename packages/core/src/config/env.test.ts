import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../auth/api-key.js';
import { NuvatraError } from '../errors/errors.js';
import { readNuvatraEnv } from './env.js';

// 32 bytes: `openssl rand -base64 32` output, and the same bytes in base64url without padding.
const secretKey = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=';
const secretKeyUrl = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA';

function configError(env: Record<string, string | undefined>): NuvatraError {
  try {
    readNuvatraEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(NuvatraError);
    expect((error as NuvatraError).code).toBe('CONFIG_INVALID');
    return error as NuvatraError;
  }
  throw new Error(`expected CONFIG_INVALID for ${JSON.stringify(env)}`);
}

describe('readNuvatraEnv', () => {
  it('answers the defaults for an empty environment', () => {
    expect(readNuvatraEnv({})).toEqual({
      nodeEnv: undefined,
      port: 3000,
      publicBaseUrl: undefined,
      databaseUrl: undefined,
      dataDir: './data',
      databasePerTenant: false,
      secretKey: undefined,
      clientId: undefined,
      adminUserIds: [],
      apiKeys: [],
      frontendUrls: [],
      tenantClaim: undefined,
    });
  });

  it('treats empty and blank variables as unset', () => {
    const blank = Object.fromEntries(
      [
        'NODE_ENV',
        'PORT',
        'PUBLIC_BASE_URL',
        'DATABASE_URL',
        'NUVATRA_DATA_DIR',
        'NUVATRA_DATABASE_PER_TENANT',
        'NUVATRA_SECRET_KEY',
        'CLIENT_ID',
        'ADMIN_USER_IDS',
        'NUVATRA_API_KEYS',
        'FRONTEND_URL',
      ].map((name, index) => [name, index % 2 === 0 ? '' : '   ']),
    );
    expect(readNuvatraEnv(blank)).toEqual(readNuvatraEnv({}));
  });

  it('reads every variable that is set', () => {
    const env = readNuvatraEnv({
      NODE_ENV: 'production',
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://voice.example.com/',
      DATABASE_URL: 'postgresql://nuvatra@db:5432/nuvatra',
      NUVATRA_DATA_DIR: '/var/lib/nuvatra',
      NUVATRA_DATABASE_PER_TENANT: '1',
      NUVATRA_SECRET_KEY: ` ${secretKey} `,
      CLIENT_ID: 'sunrise-dental',
      FRONTEND_URL: 'https://dashboard.example.com, http://localhost:5173',
      CLERK_TENANT_CLAIM: 'public_metadata.tenant',
    });
    expect(env).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      publicBaseUrl: 'https://voice.example.com',
      databaseUrl: 'postgresql://nuvatra@db:5432/nuvatra',
      dataDir: '/var/lib/nuvatra',
      databasePerTenant: true,
      secretKey,
      clientId: 'sunrise-dental',
      frontendUrls: ['https://dashboard.example.com', 'http://localhost:5173'],
      tenantClaim: 'public_metadata.tenant',
    });
  });

  it('accepts the secret key in base64url too', () => {
    expect(readNuvatraEnv({ NUVATRA_SECRET_KEY: secretKeyUrl }).secretKey).toBe(secretKeyUrl);
  });

  it('ignores variables it does not own', () => {
    expect(readNuvatraEnv({ HOME: '/root', PATH: '/usr/bin', PORT: '4000' }).port).toBe(4000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['PUBLIC_BASE_URL', 'voice.example.com'],
    ['DATABASE_URL', 'mysql://root@db/nuvatra'],
    ['NUVATRA_SECRET_KEY', 'c2hvcnQ='],
    ['NUVATRA_SECRET_KEY', 'not base64 at all!'],
    ['NUVATRA_SECRET_KEY', `${secretKey}AAAA`],
    ['CLIENT_ID', 'Sunrise-Dental'],
    ['NUVATRA_DATABASE_PER_TENANT', 'yes'],
    ['NUVATRA_DATABASE_PER_TENANT', 'true'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.message).toMatch(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('says what a secret key must be', () => {
    expect(configError({ NUVATRA_SECRET_KEY: 'c2hvcnQ=' }).message).toContain('openssl rand -base64 32');
  });

  it('names every variable at fault at once', () => {
    const { message } = configError({ PORT: 'abc', CLIENT_ID: 'ACME', DATABASE_URL: 'mysql://' });
    for (const name of ['PORT', 'CLIENT_ID', 'DATABASE_URL']) expect(message).toContain(`\n  ${name}: `);
  });

  it('refuses a FRONTEND_URL entry that is not a URL, quoting it', () => {
    const { message } = configError({ FRONTEND_URL: 'https://dashboard.example.com,dashboard.example.com' });
    expect(message).toBe('FRONTEND_URL: "dashboard.example.com" is not a URL.');
  });

  it('merges ADMIN_USER_IDS and ADMIN_CLERK_USER_IDS without repeats', () => {
    const env = readNuvatraEnv({ ADMIN_USER_IDS: 'alice, bob,,', ADMIN_CLERK_USER_IDS: 'user_2,alice , user_2' });
    expect(env.adminUserIds).toEqual(['alice', 'bob', 'user_2']);
  });

  it('parses NUVATRA_API_KEYS into entries', async () => {
    const hash = await hashApiKey('nvk_admin_0123456789abcdefghij');
    const env = readNuvatraEnv({ NUVATRA_API_KEYS: `nvk_acme_0123456789abcdefghij:billing:acme, ${hash}:ops` });
    expect(env.apiKeys).toEqual([
      { key: 'nvk_acme_0123456789abcdefghij', principal: 'billing', tenant: 'acme' },
      { key: hash, principal: 'ops' },
    ]);
  });

  it('refuses a malformed NUVATRA_API_KEYS naming the variable and entry', () => {
    expect(configError({ NUVATRA_API_KEYS: 'nvk_acme_0123456789abcdefghij' }).message).toMatch(
      /^NUVATRA_API_KEYS: entry 1 /,
    );
  });
});

describe('provider credentials in the environment', () => {
  const sid = `AC${'a'.repeat(32)}`;

  it('reads Twilio and Vapi credentials that come as complete sets', () => {
    const env = readNuvatraEnv({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token', VAPI_SERVER_SECRET: 'secret' });
    expect(env.twilio).toEqual({ accountSid: sid, authToken: 'token' });
    expect(env.vapi).toEqual({ apiKey: undefined, serverSecret: 'secret' });
    expect(readNuvatraEnv({})).toMatchObject({ twilio: undefined, vapi: undefined });
  });

  it('names the missing half of a pair and a malformed account SID', () => {
    expect(configError({ TWILIO_ACCOUNT_SID: sid }).message).toMatch(
      /TWILIO_ACCOUNT_SID is set without TWILIO_AUTH_TOKEN/,
    );
    expect(configError({ TWILIO_AUTH_TOKEN: 't' }).message).toMatch(
      /TWILIO_AUTH_TOKEN is set without TWILIO_ACCOUNT_SID/,
    );
    expect(configError({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 't' }).message).toMatch(/TWILIO_ACCOUNT_SID/);
    expect(configError({ VAPI_API_KEY: 'k' }).message).toMatch(/VAPI_SERVER_SECRET/);
  });
});
