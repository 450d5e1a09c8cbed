import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../test-support/errors.js';
import { toBase64Url } from '../crypto/encoding.js';
import { createTenantTokenSigner } from '../crypto/tenant-token.js';
import type { Tenant } from '../schemas/tenant.js';
import { createTenantResolver } from './chain.js';
import { hostResolver, signedTokenResolver } from './token-host.js';

function tenant(id: string): Tenant {
  const at = '2025-01-01T00:00:00.000Z';
  return { id, slug: id, name: id, status: 'active', plan: 'free', externalIds: {}, createdAt: at, updatedAt: at };
}
const tenants = {
  byId: new Map([['ten_acme', tenant('ten_acme')]]),
  async get(id: string) {
    return this.byId.get(id) ?? null;
  },
};

describe('signedTokenResolver', () => {
  const secret = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => index));
  const otherSecret = toBase64Url(Uint8Array.from({ length: 32 }, (_, index) => 255 - index));
  // A pinned clock the tests move by hand, so expiry never depends on how fast they run.
  const time = { now: Date.UTC(2025, 0, 1) };
  const signer = createTenantTokenSigner({ secret, now: () => time.now });
  const resolver = signedTokenResolver({ verifier: signer, purpose: 'tool' });
  const sign = (overrides: { tenantId?: string; purpose?: string; ttlSeconds?: number } = {}) =>
    signer.sign({ tenantId: 'ten_acme', purpose: 'tool', ttlSeconds: 60, ...overrides });

  it('abstains when no tenant token is presented', async () => {
    for (const tenantToken of [undefined, null, '']) {
      expect(await resolver.resolve({ tenantToken })).toMatchObject({ outcome: 'abstain' });
    }
  });

  it('never reads a bare tenant_id query parameter', async () => {
    const url = new URL('https://app.example.com/tools/book?tenant_id=ten_acme');
    expect(await resolver.resolve({ url })).toMatchObject({ outcome: 'abstain' });
  });

  it('resolves the tenant a valid token was signed for', async () => {
    expect(await resolver.resolve({ tenantToken: await sign() })).toEqual({
      outcome: 'resolved',
      tenantId: 'ten_acme',
      reason: 'token for tool',
    });
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const token = await sign({ ttlSeconds: 60 });
    const signedAt = time.now;
    time.now = signedAt + 60_000;
    try {
      expect(await resolver.resolve({ tenantToken: token })).toMatchObject({
        outcome: 'refuse',
        code: 'TOKEN_EXPIRED',
      });
    } finally {
      time.now = signedAt;
    }
  });

  it('refuses a token whose payload was changed to another tenant with TOKEN_INVALID', async () => {
    const [version, , signature] = (await sign()).split('.');
    const forged = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ t: 'ten_globex', p: 'tool', e: time.now / 1000 + 60 })),
    );
    const answer = await resolver.resolve({ tenantToken: `${version}.${forged}.${signature}` });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'TOKEN_INVALID' });
  });

  it('refuses a token with a changed signature, or signed with another secret, with TOKEN_INVALID', async () => {
    const token = await sign();
    const [version, payload, signature = ''] = token.split('.');
    // The first character of the signature carries six whole bits, so changing it always changes the bytes.
    const flipped = `${version}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const foreign = await createTenantTokenSigner({ secret: otherSecret, now: () => time.now }).sign({
      tenantId: 'ten_acme',
      purpose: 'tool',
      ttlSeconds: 60,
    });
    for (const tenantToken of [flipped, foreign, 'not-a-token', `${token}.extra`]) {
      expect(await resolver.resolve({ tenantToken })).toMatchObject({ outcome: 'refuse', code: 'TOKEN_INVALID' });
    }
  });

  it('refuses a token issued for another purpose with TOKEN_WRONG_PURPOSE', async () => {
    const answer = await resolver.resolve({ tenantToken: await sign({ purpose: 'oauth_state' }) });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'TOKEN_WRONG_PURPOSE' });
  });

  it('lets an unexpected verifier failure propagate instead of answering', async () => {
    const broken = signedTokenResolver({
      purpose: 'tool',
      verifier: {
        async verify() {
          throw new TypeError('crypto unavailable');
        },
      },
    });
    await expect(Promise.resolve(broken.resolve({ tenantToken: 'v1.a.b' }))).rejects.toThrow('crypto unavailable');
  });

  it('makes the chain answer an expired or forged token with a 401', async () => {
    const chain = createTenantResolver({ resolvers: [resolver], tenants });
    expect(await chain.require({ tenantToken: await sign() })).toMatchObject({ tenantId: 'ten_acme' });
    const forged = await rejectionOf(chain.require({ tenantToken: 'v1.e30.AAAA' }));
    expect(forged).toMatchObject({ code: 'TOKEN_INVALID', status: 401 });
    const wrongPurpose = await rejectionOf(chain.require({ tenantToken: await sign({ purpose: 'widget' }) }));
    expect(wrongPurpose).toMatchObject({ code: 'TOKEN_WRONG_PURPOSE', status: 401 });
  });

  it('makes the chain refuse a valid token for a tenant that no longer exists', async () => {
    const chain = createTenantResolver({ resolvers: [resolver], tenants });
    const resolution = await chain.resolve({ tenantToken: await sign({ tenantId: 'ten_deleted' }) });
    expect(resolution).toMatchObject({ outcome: 'refused', code: 'TENANT_NOT_FOUND' });
  });
});

describe('hostResolver', () => {
  /** Stands in for `storage.routing.tenantIdBySlug`. */
  const routing = {
    slugs: new Map([['acme', 'ten_acme']]),
    async tenantIdBySlug(slug: string) {
      return this.slugs.get(slug) ?? null;
    },
  };
  const resolver = hostResolver({ baseDomain: 'example.com', routing });
  const host = (value: string) => new Headers({ host: value });

  it('resolves <slug>.<baseDomain> from the Host header', async () => {
    expect(await resolver.resolve({ headers: host('acme.example.com') })).toEqual({
      outcome: 'resolved',
      tenantId: 'ten_acme',
      reason: 'subdomain acme',
    });
  });

  it('ignores the port and the case of the host', async () => {
    expect(await resolver.resolve({ headers: host('ACME.Example.com:8443') })).toMatchObject({ tenantId: 'ten_acme' });
  });

  it('reads the URL host when there is no Host header', async () => {
    const url = new URL('https://acme.example.com/dashboard');
    expect(await resolver.resolve({ url })).toMatchObject({ tenantId: 'ten_acme' });
    expect(await resolver.resolve({ url, headers: new Headers() })).toMatchObject({ tenantId: 'ten_acme' });
  });

  it('prefers the Host header over the URL host', async () => {
    const answer = await resolver.resolve({
      url: new URL('https://other.example.com/'),
      headers: host('acme.example.com'),
    });
    expect(answer).toMatchObject({ tenantId: 'ten_acme' });
  });

  it('accepts a base domain written with a leading dot or in capitals', async () => {
    for (const baseDomain of ['.example.com', 'EXAMPLE.COM']) {
      const answer = await hostResolver({ baseDomain, routing }).resolve({ headers: host('acme.example.com') });
      expect(answer).toMatchObject({ tenantId: 'ten_acme' });
    }
  });

  it.each(['example.com', 'acme-example.com', 'acme.example.com.evil.test', 'acme.example.org', 'localhost'])(
    'abstains for %s, which is not under the base domain',
    async (value) => {
      expect(await resolver.resolve({ headers: host(value) })).toMatchObject({ outcome: 'abstain' });
    },
  );

  it('abstains when the request names no host at all', async () => {
    expect(await resolver.resolve({})).toMatchObject({ outcome: 'abstain' });
  });

  it('refuses a nested subdomain, which is not a tenant slug, with TENANT_NOT_RESOLVED', async () => {
    expect(await resolver.resolve({ headers: host('www.acme.example.com') })).toMatchObject({
      outcome: 'refuse',
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('refuses a slug no tenant has with TENANT_NOT_RESOLVED', async () => {
    const answer = await resolver.resolve({ headers: host('globex.example.com') });
    expect(answer).toMatchObject({ outcome: 'refuse', code: 'TENANT_NOT_RESOLVED' });
    expect(answer.reason).toContain('globex');
  });
});
