import { describe, expect, it } from 'vitest';
import { isNuvatraError, NuvatraHttpError } from '../errors/errors.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { createTenantTokenSigner } from './tenant-token.js';

const secret = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => index));
const otherSecret = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => 255 - index));
const start = Date.UTC(2025, 0, 1);

function clock(at = start) {
  const time = { now: at };
  return { time, now: () => time.now };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function replacePart(token: string, index: number, part: string): string {
  const parts = token.split('.');
  parts[index] = part;
  return parts.join('.');
}

describe('createTenantTokenSigner', () => {
  it('round-trips tenant id, purpose, expiry and data', async () => {
    const signer = createTenantTokenSigner({ secret, now: clock().now });
    const token = await signer.sign({
      tenantId: 'acme',
      purpose: 'widget',
      ttlSeconds: 600,
      data: { callId: 'c1', n: 2 },
    });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    await expect(signer.verify(token, { purpose: 'widget' })).resolves.toEqual({
      tenantId: 'acme',
      purpose: 'widget',
      expiresAt: start / 1000 + 600,
      keyId: null,
      data: { callId: 'c1', n: 2 },
    });
  });

  it('verifies a token signed by another signer with the same secret given as bytes', async () => {
    const token = await createTenantTokenSigner({ secret }).sign({
      tenantId: 'acme',
      purpose: 'widget',
      ttlSeconds: 60,
    });
    const claims = await createTenantTokenSigner({ secret: fromBase64Url(secret)! }).verify(token, {
      purpose: 'widget',
    });
    expect(claims.tenantId).toBe('acme');
    expect(claims.data).toBeUndefined();
  });

  it('refuses a token whose payload was changed to another tenant', async () => {
    const signer = createTenantTokenSigner({ secret });
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    const payload = JSON.parse(new TextDecoder().decode(fromBase64Url(token.split('.')[1]!)!));
    const forged = toBase64Url(new TextEncoder().encode(JSON.stringify({ ...payload, t: 'globex' })));
    const error = await rejectionOf(signer.verify(replacePart(token, 1, forged), { purpose: 'widget' }));
    expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
    expect((error as NuvatraHttpError).status).toBe(401);
  });

  it('refuses a token whose signature was changed', async () => {
    const signer = createTenantTokenSigner({ secret });
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    const signature = fromBase64Url(token.split('.')[2]!)!;
    signature[0] = (signature[0] ?? 0) ^ 1;
    const error = await rejectionOf(
      signer.verify(replacePart(token, 2, toBase64Url(signature)), { purpose: 'widget' }),
    );
    expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
  });

  it("refuses a payload carrying another token's signature", async () => {
    const signer = createTenantTokenSigner({ secret });
    const acme = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    const globex = await signer.sign({ tenantId: 'globex', purpose: 'widget', ttlSeconds: 60 });
    const swapped = replacePart(acme, 2, globex.split('.')[2]!);
    expect(isNuvatraError(await rejectionOf(signer.verify(swapped, { purpose: 'widget' })), 'TOKEN_INVALID')).toBe(
      true,
    );
  });

  it('refuses a token signed with another secret', async () => {
    const token = await createTenantTokenSigner({ secret: otherSecret }).sign({
      tenantId: 'acme',
      purpose: 'widget',
      ttlSeconds: 60,
    });
    const error = await rejectionOf(createTenantTokenSigner({ secret }).verify(token, { purpose: 'widget' }));
    expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
  });

  it('refuses a token once its time to live has passed', async () => {
    const { time, now } = clock();
    const signer = createTenantTokenSigner({ secret, now });
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    time.now = start + 59_999;
    await expect(signer.verify(token, { purpose: 'widget' })).resolves.toMatchObject({ tenantId: 'acme' });
    time.now = start + 60_000;
    const error = await rejectionOf(signer.verify(token, { purpose: 'widget' }));
    expect(isNuvatraError(error, 'TOKEN_EXPIRED')).toBe(true);
  });

  it('refuses a token issued for another purpose and names both purposes', async () => {
    const signer = createTenantTokenSigner({ secret });
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    const error = await rejectionOf(signer.verify(token, { purpose: 'call:transfer' }));
    expect(isNuvatraError(error, 'TOKEN_WRONG_PURPOSE')).toBe(true);
    expect((error as Error).message).toContain('"widget"');
    expect((error as Error).message).toContain('"call:transfer"');
  });

  it('checks the signature before the purpose, so a forged token learns nothing from the purpose check', async () => {
    const signer = createTenantTokenSigner({ secret });
    const token = await createTenantTokenSigner({ secret: otherSecret }).sign({
      tenantId: 'acme',
      purpose: 'admin',
      ttlSeconds: 60,
    });
    expect(isNuvatraError(await rejectionOf(signer.verify(token, { purpose: 'widget' })), 'TOKEN_INVALID')).toBe(true);
  });

  it.each(['', 'a.b', 'v2.x.y', 'v1.x.y', 'v1..', 'v1.a.b.c', 'v1.!!.??'])(
    'refuses the malformed token %j',
    async (token) => {
      const error = await rejectionOf(createTenantTokenSigner({ secret }).verify(token, { purpose: 'widget' }));
      expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
    },
  );

  it('refuses a value that is not a string', async () => {
    const signer = createTenantTokenSigner({ secret });
    const error = await rejectionOf(signer.verify(undefined as unknown as string, { purpose: 'widget' }));
    expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
  });

  it.each([
    ['an empty tenant id', { tenantId: '', purpose: 'widget', ttlSeconds: 60 }],
    ['a purpose with capitals', { tenantId: 'acme', purpose: 'Widget', ttlSeconds: 60 }],
    ['a zero ttl', { tenantId: 'acme', purpose: 'widget', ttlSeconds: 0 }],
    ['a fractional ttl', { tenantId: 'acme', purpose: 'widget', ttlSeconds: 1.5 }],
    ['a ttl over one year', { tenantId: 'acme', purpose: 'widget', ttlSeconds: 366 * 24 * 3600 }],
  ])('refuses to sign %s', async (_, input) => {
    const error = await rejectionOf(createTenantTokenSigner({ secret }).sign(input));
    expect(isNuvatraError(error, 'VALIDATION_FAILED')).toBe(true);
  });

  it('throws CONFIG_INVALID at construction for a secret shorter than 32 bytes, naming NUVATRA_SECRET_KEY', () => {
    const short = toBase64Url(new Uint8Array(31));
    expect(() => createTenantTokenSigner({ secret: short })).toThrow(/NUVATRA_SECRET_KEY/);
    for (const bad of [short, new Uint8Array(16), '', 'not base64!']) {
      let caught: unknown;
      try {
        createTenantTokenSigner({ secret: bad });
      } catch (error) {
        caught = error;
      }
      expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
      expect(caught).not.toBeInstanceOf(NuvatraHttpError);
    }
  });

  it('keeps working when the caller later overwrites the secret buffer it passed', async () => {
    const bytes = fromBase64Url(secret)!;
    const signer = createTenantTokenSigner({ secret: bytes });
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    bytes.fill(0);
    await expect(signer.verify(token, { purpose: 'widget' })).resolves.toMatchObject({ tenantId: 'acme' });
  });
});

describe('createTenantTokenSigner with key ids', () => {
  const keyed = (keys: Record<string, string>, primaryKeyId: string, now = clock().now) =>
    createTenantTokenSigner({ keys, primaryKeyId, now });

  it('names the primary key id in the token and verifies with any key still in the ring', async () => {
    const token = await keyed({ k1: secret }, 'k1').sign({ tenantId: 'acme', purpose: 'tool:book', ttlSeconds: 60 });
    expect(token).toMatch(/^v2\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const rotated = keyed({ k2: otherSecret, k1: secret }, 'k2');
    await expect(rotated.verify(token, { purpose: 'tool:book' })).resolves.toMatchObject({
      tenantId: 'acme',
      keyId: 'k1',
    });
    expect((await rotated.sign({ tenantId: 'acme', purpose: 'tool:book', ttlSeconds: 60 })).split('.')[1]).toBe('k2');
  });

  it('refuses every token of a key id once it leaves the ring, even when the same secret stays under a new id', async () => {
    const token = await keyed({ k1: secret }, 'k1').sign({ tenantId: 'acme', purpose: 'tool:book', ttlSeconds: null });
    const error = await rejectionOf(keyed({ k2: secret }, 'k2').verify(token, { purpose: 'tool:book' }));
    expect(isNuvatraError(error, 'TOKEN_INVALID')).toBe(true);
    const renamed = replacePart(token, 1, 'k2');
    const forged = await rejectionOf(keyed({ k2: secret }, 'k2').verify(renamed, { purpose: 'tool:book' }));
    expect(isNuvatraError(forged, 'TOKEN_INVALID')).toBe(true);
  });

  it('issues tokens without expiry only with key ids, and they never expire', async () => {
    const { time, now } = clock();
    const token = await keyed({ k1: secret }, 'k1', now).sign({
      tenantId: 'acme',
      purpose: 'widget',
      ttlSeconds: null,
    });
    time.now = start + 10 * 365 * 24 * 3600 * 1000;
    await expect(keyed({ k1: secret }, 'k1', now).verify(token, { purpose: 'widget' })).resolves.toMatchObject({
      expiresAt: null,
    });
    const single = await rejectionOf(
      createTenantTokenSigner({ secret }).sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: null }),
    );
    expect(isNuvatraError(single, 'VALIDATION_FAILED')).toBe(true);
  });

  it('inspects the claims of its own tokens whatever their purpose or expiry, and nothing of a forged one', async () => {
    const { time, now } = clock();
    const signer = keyed({ k1: secret }, 'k1', now);
    const token = await signer.sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    time.now = start + 3_600_000;
    await expect(signer.inspect(token)).resolves.toMatchObject({ tenantId: 'acme', purpose: 'widget', keyId: 'k1' });
    const other = await keyed({ k1: otherSecret }, 'k1').sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    await expect(signer.inspect(other)).resolves.toBeNull();
    await expect(signer.inspect('v2.k1.e30.AAAA')).resolves.toBeNull();
  });

  it('does not take a v1 token as a keyed one, nor the other way round', async () => {
    const v1 = await createTenantTokenSigner({ secret }).sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    expect(
      isNuvatraError(await rejectionOf(keyed({ k1: secret }, 'k1').verify(v1, { purpose: 'widget' })), 'TOKEN_INVALID'),
    ).toBe(true);
    const v2 = await keyed({ k1: secret }, 'k1').sign({ tenantId: 'acme', purpose: 'widget', ttlSeconds: 60 });
    expect(
      isNuvatraError(
        await rejectionOf(createTenantTokenSigner({ secret }).verify(v2, { purpose: 'widget' })),
        'TOKEN_INVALID',
      ),
    ).toBe(true);
  });

  it.each([
    ['no keys', {}, 'k1'],
    ['a primary id that is not a key', { k1: secret }, 'k2'],
    ['a key id with a dot', { 'k.1': secret }, 'k.1'],
  ])('throws CONFIG_INVALID at construction for %s', (_, keys, primaryKeyId) => {
    let caught: unknown;
    try {
      createTenantTokenSigner({ keys, primaryKeyId });
    } catch (error) {
      caught = error;
    }
    expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
  });
});
