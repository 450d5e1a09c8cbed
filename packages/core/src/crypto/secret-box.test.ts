import { describe, expect, it } from 'vitest';
import { isNuvatraError } from '../errors/errors.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { createSecretBox } from './secret-box.js';

const keyA = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => index));
const keyB = Uint8Array.from({ length: 32 }, (_, index) => 100 + index);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function constructionError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the factory to throw');
}

describe('createSecretBox', () => {
  it('opens what it sealed, with and without associated data', async () => {
    const box = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    const sealed = await box.seal('sk_live_123 ✓', 'tenant_acme');
    expect(sealed).toMatch(/^v1\.a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('sk_live');
    await expect(box.open(sealed, 'tenant_acme')).resolves.toBe('sk_live_123 ✓');
    await expect(box.open(await box.seal(''))).resolves.toBe('');
  });

  it('seals the same plaintext differently every time', async () => {
    const box = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    expect(await box.seal('same')).not.toBe(await box.seal('same'));
  });

  it("refuses to open tenant A's secret with tenant B's associated data", async () => {
    const box = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    const sealed = await box.seal('twilio-auth-token', 'tenant_a');
    expect(isNuvatraError(await rejectionOf(box.open(sealed, 'tenant_b')), 'SECRET_BOX_TAMPERED')).toBe(true);
    expect(isNuvatraError(await rejectionOf(box.open(sealed)), 'SECRET_BOX_TAMPERED')).toBe(true);
  });

  it('refuses a sealed secret with one ciphertext bit flipped', async () => {
    const box = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    const parts = (await box.seal('secret')).split('.');
    const ciphertext = fromBase64Url(parts[3]!)!;
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = toBase64Url(ciphertext);
    expect(isNuvatraError(await rejectionOf(box.open(parts.join('.'))), 'SECRET_BOX_TAMPERED')).toBe(true);
  });

  it('opens secrets sealed with a retired key and seals new ones with the primary key', async () => {
    const before = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    const old = await before.seal('old secret', 'tenant_acme');
    const after = createSecretBox({ keys: { a: keyA, b: keyB }, primaryKeyId: 'b' });
    await expect(after.open(old, 'tenant_acme')).resolves.toBe('old secret');
    const fresh = await after.seal('new secret', 'tenant_acme');
    expect(fresh.startsWith('v1.b.')).toBe(true);
    await expect(after.open(fresh, 'tenant_acme')).resolves.toBe('new secret');
  });

  it('refuses a secret whose key id was swapped to another known key', async () => {
    const box = createSecretBox({ keys: { a: keyA, b: keyB }, primaryKeyId: 'a' });
    const sealed = (await box.seal('secret')).replace(/^v1\.a\./, 'v1.b.');
    expect(isNuvatraError(await rejectionOf(box.open(sealed)), 'SECRET_BOX_TAMPERED')).toBe(true);
  });

  it('names the missing key id when a secret was sealed with a key that is no longer configured', async () => {
    const sealed = await createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' }).seal('secret');
    const box = createSecretBox({ keys: { b: keyB }, primaryKeyId: 'b' });
    const error = await rejectionOf(box.open(sealed));
    expect(isNuvatraError(error, 'SECRET_BOX_KEY_UNKNOWN')).toBe(true);
    expect((error as Error).message).toContain('"a"');
  });

  it.each([
    '',
    'v1',
    'v2.a.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.a.short.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.a.AAAAAAAAAAAAAAAA.AAAA',
    'v1..x.y',
    'v1.a.b.c.d',
  ])('refuses the malformed secret %j as tampered', async (sealed) => {
    const box = createSecretBox({ keys: { a: keyA }, primaryKeyId: 'a' });
    expect(isNuvatraError(await rejectionOf(box.open(sealed)), 'SECRET_BOX_TAMPERED')).toBe(true);
  });

  it.each([
    ['a key of 31 bytes', { keys: { a: new Uint8Array(31) }, primaryKeyId: 'a' }],
    ['a key of 33 bytes', { keys: { a: toBase64Url(new Uint8Array(33)) }, primaryKeyId: 'a' }],
    ['a key that is not base64', { keys: { a: 'not base64!' }, primaryKeyId: 'a' }],
    ['no keys', { keys: {}, primaryKeyId: 'a' }],
    ['a primary key id that is not among the keys', { keys: { a: keyA }, primaryKeyId: 'b' }],
    ['a key id with a dot', { keys: { 'a.b': keyA }, primaryKeyId: 'a.b' }],
  ])('throws CONFIG_INVALID at construction for %s, naming NUVATRA_SECRET_KEY', (_, options) => {
    const error = constructionError(() => createSecretBox(options));
    expect(isNuvatraError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('NUVATRA_SECRET_KEY');
  });
});
