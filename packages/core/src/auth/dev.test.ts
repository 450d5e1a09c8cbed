import { afterEach, describe, expect, it, vi } from 'vitest';
import { NuvatraHttpError } from '../errors/errors.js';
import { createDevAuth } from './dev.js';

const url = 'https://api.example.com/api/me';
const withAuthorization = (value: string) => new Request(url, { headers: { authorization: value } });

describe('createDevAuth', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses to be created for production', () => {
    expect(() => createDevAuth({ nodeEnv: 'production' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('NODE_ENV') }),
    );
  });

  it('reads NODE_ENV when nodeEnv is left out', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => createDevAuth()).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    vi.stubEnv('NODE_ENV', 'development');
    expect(createDevAuth().name).toBe('dev');
  });

  it('takes an explicit nodeEnv over NODE_ENV, even an undefined one', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(createDevAuth({ nodeEnv: 'test' }).name).toBe('dev');
    expect(createDevAuth({ nodeEnv: undefined }).name).toBe('dev');
  });

  describe('authenticate', () => {
    const auth = createDevAuth({ nodeEnv: 'test' });

    it('signs in as the user a dev: token names, bound to no tenant', async () => {
      expect(await auth.authenticate(withAuthorization('Bearer dev:alice'))).toEqual({
        kind: 'user',
        userId: 'alice',
        claims: {},
        tenant: null,
        isGlobalAdmin: false,
      });
    });

    it('signs in as a member of the tenant after the @', async () => {
      expect(await auth.authenticate(withAuthorization('Bearer dev:alice@sunrise-dental'))).toMatchObject({
        userId: 'alice',
        tenant: { slug: 'sunrise-dental' },
        isGlobalAdmin: false,
      });
    });

    it('accepts user ids with dots, dashes and underscores', async () => {
      expect(await auth.authenticate(withAuthorization('Bearer dev:user_2.b-c'))).toMatchObject({
        userId: 'user_2.b-c',
      });
    });

    it.each([
      ['an empty user id', 'dev:'],
      ['an empty user id before a tenant', 'dev:@acme'],
      ['an empty tenant', 'dev:alice@'],
      ['a tenant that is not a slug', 'dev:alice@Sunrise_Dental'],
      ['two @ signs', 'dev:alice@acme@globex'],
      ['a space in the user id', 'dev:not a user id!'],
      ['a character outside the user id alphabet', 'dev:alice!'],
      ['a user id longer than 128 characters', `dev:${'a'.repeat(129)}`],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_what, token) => {
      const error = await auth.authenticate(withAuthorization(`Bearer ${token}`)).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(NuvatraHttpError);
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect((error as Error).message).toContain('dev:<user id>@<tenant slug>');
    });

    it('leaves other credentials to the other providers', async () => {
      expect(await auth.authenticate(new Request(url))).toBeNull();
      expect(await auth.authenticate(withAuthorization('Bearer nvk_0123456789abcdefghijklmn'))).toBeNull();
      expect(await auth.authenticate(withAuthorization('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'))).toBeNull();
      expect(await auth.authenticate(withAuthorization('Basic ZGV2OmFsaWNl'))).toBeNull();
      expect(await auth.authenticate(new Request(url, { headers: { 'x-api-key': 'dev:alice' } }))).toBeNull();
    });
  });
});
