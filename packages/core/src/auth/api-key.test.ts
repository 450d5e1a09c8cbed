import { describe, expect, it } from 'vitest';
import { NuvatraError, NuvatraHttpError } from '../errors/errors.js';
import { createApiKeyAuth, hashApiKey, parseApiKeysEnv } from './api-key.js';

const acmeKey = 'nvk_acme_0123456789abcdefghij';
const adminKey = 'nvk_admin_0123456789abcdefghij';
const url = 'https://api.example.com/api/calls';

const withHeaders = (headers: Record<string, string>) => new Request(url, { headers });
const bearer = (token: string) => withHeaders({ authorization: `Bearer ${token}` });

function configError(create: () => unknown): NuvatraError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(NuvatraError);
    expect(error).not.toBeInstanceOf(NuvatraHttpError);
    expect((error as NuvatraError).code).toBe('CONFIG_INVALID');
    return error as NuvatraError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('createApiKeyAuth', () => {
  const auth = createApiKeyAuth({
    keys: [
      { key: acmeKey, principal: 'billing-script', tenant: 'acme' },
      { key: adminKey, principal: 'ops', isGlobalAdmin: true },
    ],
  });

  it('signs in with a tenant key sent as a bearer token, bound to its tenant', async () => {
    expect(await auth.authenticate(bearer(acmeKey))).toEqual({
      kind: 'api_key',
      userId: 'billing-script',
      claims: {},
      tenant: { slug: 'acme' },
      isGlobalAdmin: false,
    });
  });

  it('signs in with a global admin key sent as X-Api-Key, bound to no tenant', async () => {
    expect(await auth.authenticate(withHeaders({ 'x-api-key': adminKey }))).toMatchObject({
      kind: 'api_key',
      userId: 'ops',
      tenant: null,
      isGlobalAdmin: true,
    });
  });

  it('reads X-Api-Key before Authorization and accepts any case of "Bearer"', async () => {
    const both = withHeaders({ 'x-api-key': adminKey, authorization: `Bearer ${acmeKey}` });
    expect(await auth.authenticate(both)).toMatchObject({ userId: 'ops' });
    expect(await auth.authenticate(withHeaders({ authorization: `bearer ${acmeKey}` }))).toMatchObject({
      userId: 'billing-script',
    });
  });

  it('refuses a wrong key with 401 UNAUTHENTICATED, through either header', async () => {
    for (const request of [bearer(`${acmeKey}x`), withHeaders({ 'x-api-key': acmeKey.slice(1) })]) {
      const error = await auth.authenticate(request).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(NuvatraHttpError);
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: 'The API key is not valid.' });
    }
  });

  it('answers null when the request carries no credentials', async () => {
    expect(await auth.authenticate(new Request(url))).toBeNull();
    expect(await auth.authenticate(withHeaders({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
  });

  it('leaves JWT-shaped and development bearer tokens to the other providers', async () => {
    expect(await auth.authenticate(bearer('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl'))).toBeNull();
    expect(await auth.authenticate(bearer('dev:alice'))).toBeNull();
    expect(await auth.authenticate(bearer('dev:alice@sunrise-dental'))).toBeNull();
  });

  it('accepts a key configured only as its sha256:<hex> hash', async () => {
    const hash = await hashApiKey(acmeKey);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const hashed = createApiKeyAuth({ keys: [{ key: hash, principal: 'billing-script', tenant: 'acme' }] });
    expect(await hashed.authenticate(bearer(acmeKey))).toMatchObject({ userId: 'billing-script' });
    await expect(hashed.authenticate(bearer(`${acmeKey}x`))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never accepts the configured hash itself as the key', async () => {
    const hash = await hashApiKey(acmeKey);
    const hashed = createApiKeyAuth({ keys: [{ key: hash, principal: 'billing-script', tenant: 'acme' }] });
    await expect(hashed.authenticate(withHeaders({ 'x-api-key': hash }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('reads a hash written in upper-case hex as the same hash, not as a plain key', async () => {
    const hash = await hashApiKey(acmeKey);
    const upper = `sha256:${hash.slice('sha256:'.length).toUpperCase()}`;
    const hashed = createApiKeyAuth({ keys: [{ key: upper, principal: 'billing-script', tenant: 'acme' }] });
    expect(await hashed.authenticate(bearer(acmeKey))).toMatchObject({ userId: 'billing-script' });
    await expect(hashed.authenticate(bearer(upper))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a sha256: entry that is not 64 hex digits instead of taking it as a plain key', () => {
    const error = configError(() =>
      createApiKeyAuth({ keys: [{ key: `sha256:${'z'.repeat(64)}`, principal: 'ops', isGlobalAdmin: true }] }),
    );
    expect(error.message).toContain('keys.0.key');
    expect(error.message).toContain('64 hex');
  });

  it('refuses at construction a key with neither a tenant nor global admin rights', () => {
    const error = configError(() => createApiKeyAuth({ keys: [{ key: acmeKey, principal: 'billing-script' }] }));
    expect(error.message).toContain('"billing-script"');
    expect(error.message).toContain('names no tenant');
  });

  it('refuses at construction a key shorter than 24 characters, naming the entry', () => {
    const error = configError(() =>
      createApiKeyAuth({
        keys: [
          { key: acmeKey, principal: 'a', tenant: 'acme' },
          { key: 'short', principal: 'b', tenant: 'acme' },
        ],
      }),
    );
    expect(error.message).toContain('keys.1.key');
    expect(error.message).toContain('at least 24 characters');
  });

  it('refuses at construction a tenant that is not a slug and an unknown option', () => {
    expect(
      configError(() => createApiKeyAuth({ keys: [{ key: acmeKey, principal: 'a', tenant: 'Acme Inc' }] })).message,
    ).toContain('keys.0.tenant');
    const extra = { key: acmeKey, principal: 'a', tenant: 'acme', role: 'admin' };
    configError(() => createApiKeyAuth({ keys: [extra] }));
  });
});

describe('hashApiKey', () => {
  it('answers the same sha256:<hex> for the same key and another for another key', async () => {
    expect(await hashApiKey('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await hashApiKey(acmeKey)).toBe(await hashApiKey(acmeKey));
    expect(await hashApiKey(acmeKey)).not.toBe(await hashApiKey(adminKey));
  });
});

describe('parseApiKeysEnv', () => {
  it('reads key:principal and key:principal:tenant-slug entries, trimming around commas', () => {
    expect(parseApiKeysEnv(` ${adminKey}:ops , ${acmeKey}:billing-script:acme,`)).toEqual([
      { key: adminKey, principal: 'ops' },
      { key: acmeKey, principal: 'billing-script', tenant: 'acme' },
    ]);
  });

  it('reads sha256:<hex>:principal and sha256:<hex>:principal:tenant entries', async () => {
    const hash = await hashApiKey(acmeKey);
    expect(parseApiKeysEnv(`${hash}:billing-script:acme,${hash}:ops`)).toEqual([
      { key: hash, principal: 'billing-script', tenant: 'acme' },
      { key: hash, principal: 'ops' },
    ]);
  });

  it('answers no entries for an empty value', () => {
    expect(parseApiKeysEnv('')).toEqual([]);
    expect(parseApiKeysEnv(' , ')).toEqual([]);
  });

  it.each([
    ['a key alone', 'nvk_0123456789abcdefghijklmn'],
    ['an empty principal', 'nvk_0123456789abcdefghijklmn:'],
    ['an empty key', ':ops'],
    ['too many parts', 'nvk_0123456789abcdefghijklmn:ops:acme:extra'],
    ['a bare sha256 prefix', 'sha256'],
    ['a hash without a principal', `sha256:${'a'.repeat(64)}`],
    ['a hash with too many parts', `sha256:${'a'.repeat(64)}:ops:acme:extra`],
  ])('refuses %s with CONFIG_INVALID naming the variable and the entry number', (_what, entry) => {
    const error = configError(() => parseApiKeysEnv(`${acmeKey}:billing-script:acme,${entry}`));
    expect(error.message).toMatch(/^NUVATRA_API_KEYS: entry 2 /);
  });

  it('names the variable it was given', () => {
    expect(configError(() => parseApiKeysEnv('nokey', 'MY_KEYS')).message).toMatch(/^MY_KEYS: entry 1 /);
  });

  it('produces entries createApiKeyAuth accepts and signs in with', async () => {
    const entries = parseApiKeysEnv(`${acmeKey}:billing-script:acme,${await hashApiKey(adminKey)}:ops:acme`);
    const auth = createApiKeyAuth({ keys: entries });
    expect(await auth.authenticate(bearer(adminKey))).toMatchObject({ userId: 'ops', tenant: { slug: 'acme' } });
  });
});
