import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../crypto/encoding.js';
import { createTenantTokenSigner } from '../crypto/tenant-token.js';
import { isNuvatraError } from '../errors/errors.js';
import { createToolUrl, toolTokenPurpose } from './tool-url.js';

const secret = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => index));
const signer = createTenantTokenSigner({ keys: { k1: secret }, primaryKeyId: 'k1' });

describe('createToolUrl', () => {
  it('puts the tool in the path and the tenant only inside a token for that tool, without expiry', async () => {
    const url = new URL(
      await createToolUrl({
        signer,
        publicBaseUrl: 'https://voice.example.com/',
        tenantId: 'ten_1',
        tool: 'get_classes',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://voice.example.com/api/tools/get_classes');
    expect(url.search).not.toContain('ten_1');
    const claims = await signer.verify(url.searchParams.get('token')!, { purpose: toolTokenPurpose('get_classes') });
    expect(claims).toMatchObject({ tenantId: 'ten_1', expiresAt: null, keyId: 'k1' });
  });

  it('limits the URL’s life when asked', async () => {
    const url = new URL(
      await createToolUrl({
        signer,
        publicBaseUrl: 'https://voice.example.com',
        tenantId: 'ten_1',
        tool: 'x',
        ttlSeconds: 60,
      }),
    );
    const claims = await signer.verify(url.searchParams.get('token')!, { purpose: 'tool:x' });
    expect(claims.expiresAt).toBeGreaterThan(0);
  });

  it('refuses a URL that never expires from a signer without key ids, which could not revoke it', async () => {
    const single = createTenantTokenSigner({ secret });
    const caught = await createToolUrl({ signer: single, publicBaseUrl: 'https://a.example', tenantId: 't', tool: 'x' })
      .then(() => null)
      .catch((error: unknown) => error);
    expect(isNuvatraError(caught, 'VALIDATION_FAILED')).toBe(true);
  });

  it('names PUBLIC_BASE_URL when the base URL is not one', async () => {
    await expect(createToolUrl({ signer, publicBaseUrl: 'voice', tenantId: 't', tool: 'x' })).rejects.toThrow(
      /PUBLIC_BASE_URL/,
    );
  });
});
