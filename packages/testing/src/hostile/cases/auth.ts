import { describe } from 'vitest';
import { type Hostile, refusalCase, send, tenantsOf } from '../context.js';
import {
  bearer,
  foreignPrivateKey,
  memberOf,
  publicKeyHmacJwt,
  sessionClaims,
  signJwt,
  unsignedJwt,
  withEditedPayload,
} from '../sign.js';

const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' } as const;

/** Forged, stale and borrowed credentials on the dashboard API. */
export function authCases(hostile: Hostile): void {
  const now = () => Math.floor(Date.now() / 1000);
  const claimsOfA = (claims: Record<string, unknown> = {}) => sessionClaims(hostile, tenantsOf(hostile).a, claims);
  const callsAs = (headers: Record<string, string>) => send(hostile, '/api/calls', { headers });

  describe('session tokens and API keys', () => {
    refusalCase(hostile, 'auth: no credentials on /api/calls', unauthenticated, () => send(hostile, '/api/calls'));
    refusalCase(hostile, 'auth: a session token with alg "none" and no signature', unauthenticated, () =>
      callsAs(bearer(unsignedJwt(hostile, claimsOfA()))),
    );
    refusalCase(hostile, "auth: HS256 keyed with the issuer's public key", unauthenticated, () =>
      callsAs(bearer(publicKeyHmacJwt(hostile, claimsOfA()))),
    );
    refusalCase(hostile, 'auth: a genuine token that expired an hour ago', unauthenticated, () =>
      callsAs(bearer(signJwt(hostile, claimsOfA({ iat: now() - 3700, nbf: now() - 3705, exp: now() - 3600 })))),
    );
    refusalCase(hostile, 'auth: a genuine token not valid for another hour (nbf)', unauthenticated, () =>
      callsAs(bearer(signJwt(hostile, claimsOfA({ nbf: now() + 3600, exp: now() + 3660 })))),
    );
    refusalCase(hostile, 'auth: a genuine token issued an hour in the future (iat)', unauthenticated, () =>
      callsAs(bearer(signJwt(hostile, claimsOfA({ iat: now() + 3600, nbf: now() - 5, exp: now() + 3660 })))),
    );
    refusalCase(hostile, 'auth: a genuine token for another audience (azp of another origin)', unauthenticated, () =>
      callsAs(bearer(signJwt(hostile, claimsOfA({ azp: 'https://attacker.example' })))),
    );
    refusalCase(hostile, "auth: another issuer's token under this issuer's key id", unauthenticated, () =>
      callsAs(
        bearer(
          signJwt(hostile, claimsOfA({ iss: 'https://issuer.attacker.example' }), { privateKey: foreignPrivateKey() }),
        ),
      ),
    );
    refusalCase(hostile, 'auth: a token signed with RS256 but naming no key id', unauthenticated, () =>
      callsAs(bearer(signJwt(hostile, claimsOfA(), { header: { kid: undefined } }))),
    );
    refusalCase(hostile, "auth: A's genuine token edited to B's organisation, signature kept", unauthenticated, () => {
      const token = signJwt(hostile, claimsOfA());
      const { sessionClaims: claimsOfB } = tenantsOf(hostile).b;
      return callsAs(bearer(withEditedPayload(token, (claims) => Object.assign(claims, claimsOfB))));
    });
    refusalCase(hostile, 'auth: a garbage bearer shaped like a JWT', unauthenticated, () =>
      callsAs(bearer('eyJhbGciOiJSUzI1NiJ9.not-base64!.%%%')),
    );
    refusalCase(hostile, 'auth: a garbage bearer that is no JWT and no key', unauthenticated, () =>
      callsAs(bearer('x'.repeat(40))),
    );
    refusalCase(
      hostile,
      'auth: a development sign-in token (dev:) where real auth is configured',
      unauthenticated,
      () => callsAs(bearer('dev:admin')),
    );
    refusalCase(hostile, 'auth: an unknown API key of the right shape', unauthenticated, () =>
      callsAs({ 'x-api-key': `nvk_${'0'.repeat(40)}` }),
    );
    refusalCase(hostile, "auth: A's member sends X-Tenant-Id: B", { status: 403, code: 'FORBIDDEN' }, () =>
      callsAs({ ...memberOf(hostile, tenantsOf(hostile).a), 'x-tenant-id': tenantsOf(hostile).b.id }),
    );
    refusalCase(hostile, "auth: A's API key sends X-Tenant-Id: B", { status: 403, code: 'FORBIDDEN' }, () =>
      callsAs({ 'x-api-key': tenantsOf(hostile).a.apiKey, 'x-tenant-id': tenantsOf(hostile).b.id }),
    );
    refusalCase(
      hostile,
      "auth: A's member (no global admin) lists every tenant",
      { status: 403, code: 'FORBIDDEN' },
      () => send(hostile, '/api/admin/tenants', { headers: memberOf(hostile, tenantsOf(hostile).a) }),
    );
    refusalCase(hostile, "auth: A's API key reads the admin audit log", { status: 403, code: 'FORBIDDEN' }, () =>
      send(hostile, '/api/admin/audit', { headers: { 'x-api-key': tenantsOf(hostile).a.apiKey } }),
    );
    refusalCase(hostile, "auth: A's member suspends B through the admin API", { status: 403, code: 'FORBIDDEN' }, () =>
      send(hostile, `/api/admin/tenants/${tenantsOf(hostile).b.id}`, {
        method: 'PATCH',
        headers: { ...memberOf(hostile, tenantsOf(hostile).a), 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'suspended' }),
      }),
    );
    refusalCase(hostile, 'auth: X-Tenant-Id: B with no credentials', unauthenticated, () =>
      callsAs({ 'x-tenant-id': tenantsOf(hostile).b.id }),
    );
    refusalCase(
      hostile,
      "auth: a write with A's session in the __session cookie from another origin (CSRF)",
      { status: 403, code: 'FORBIDDEN' },
      () =>
        send(hostile, '/api/intents', {
          method: 'POST',
          headers: {
            cookie: `__session=${signJwt(hostile, claimsOfA())}`,
            origin: 'https://attacker.example',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ name: 'csrf_intent' }),
        }),
    );
  });
}
