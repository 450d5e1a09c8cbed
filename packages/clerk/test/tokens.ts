import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';

// Test-only: session tokens shaped like Clerk's (its session-token reference, claims v1 and v2), signed with jose
// by an RSA key pair of Clerk's kind (RS256, 2048 bits). Its public key, as PEM, is what CLERK_JWT_KEY holds.

export const issuer = 'https://clerk.nuvatra.example';
export const frontendOrigin = 'https://app.nuvatra.example';

export interface ClerkKeys {
  kid: string;
  privateKey: CryptoKey;
  /** What Clerk's dashboard shows as "PEM Public Key": the value of CLERK_JWT_KEY. */
  publicKeyPem: string;
  /** The key as Clerk's JWKS endpoint lists it. */
  jwk: Record<string, unknown>;
}

export async function createClerkKeys(kid = 'ins_2t5mXbQ0FvSJvmAV3x6Hw4cK9Zr'): Promise<ClerkKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKeyPem: await exportSPKI(publicKey), jwk };
}

export interface SessionShape {
  userId: string;
  /** Claims version: 2 (`v: 2`, organisation as `o`), or 1 (`org_id`, `org_role`, `org_slug`). Default 2. */
  version?: 1 | 2;
  /** The active organisation; `role` as Clerk writes it in that version (v2 `admin`, v1 `org:admin`). */
  organization?: { id: string; role: string; slug?: string };
  /** A custom claim from the session-token template `{ "public_metadata": "{{user.public_metadata}}" }`. */
  publicMetadata?: Record<string, unknown>;
  /** The impersonator (Clerk's `act.sub`). */
  actor?: string;
  azp?: string;
  /** Unix seconds; default now. */
  issuedAt?: number;
  /** Seconds until `exp` (Clerk's default lifetime is 60). */
  lifetime?: number;
  /** Seconds `nbf` lies before `iat` (Clerk's default allowed clock skew is 5). */
  notBeforeSkew?: number;
  /** Claims added or overridden as they are. */
  extra?: Record<string, unknown>;
}

let sessions = 0;

/** The claims Clerk puts in a session token for `shape`. */
export function sessionClaims(shape: SessionShape): Record<string, unknown> {
  const iat = shape.issuedAt ?? Math.floor(Date.now() / 1000);
  const version = shape.version ?? 2;
  const organization = shape.organization;
  const claims: Record<string, unknown> = {
    azp: shape.azp ?? frontendOrigin,
    exp: iat + (shape.lifetime ?? 60),
    fva: [0, -1],
    iat,
    iss: issuer,
    nbf: iat - (shape.notBeforeSkew ?? 5),
    sid: `sess_${(++sessions).toString().padStart(27, '0')}`,
    sub: shape.userId,
  };
  if (version === 2) {
    Object.assign(claims, { v: 2, sts: 'active' });
    if (organization) {
      claims.o = { id: organization.id, rol: organization.role, slg: organization.slug ?? 'acme', per: '', fpm: '' };
    }
  } else if (organization) {
    Object.assign(claims, {
      org_id: organization.id,
      org_role: organization.role,
      org_slug: organization.slug ?? 'acme',
      org_permissions: [],
    });
  }
  if (shape.publicMetadata) claims.public_metadata = shape.publicMetadata;
  if (shape.actor) claims.act = { sub: shape.actor };
  return { ...claims, ...shape.extra };
}

/** A session token signed the way Clerk signs it: RS256, `kid` of the instance key, `typ: JWT`. */
export function signSessionToken(keys: ClerkKeys, shape: SessionShape): Promise<string> {
  return new SignJWT(sessionClaims(shape))
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .sign(keys.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The classic forgery: `alg: none` and no signature. */
export function unsignedToken(keys: ClerkKeys, shape: SessionShape): string {
  return `${base64url({ alg: 'none', kid: keys.kid, typ: 'JWT' })}.${base64url(sessionClaims(shape))}.`;
}

/** A genuine token whose payload was then edited, keeping the original signature. */
export function withPayload(token: string, edit: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(claims);
  return `${header}.${base64url(claims)}.${signature}`;
}
