import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clerkAuth } from '@nuvatra/clerk';
import {
  type AuthProvider,
  createApiKeyAuth,
  createDevAuth,
  createSecretBox,
  createTenantTokenSigner,
  type NuvatraEnv,
  NuvatraError,
  type SecretBox,
  type Storage,
  type TenantTokenSigner,
} from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';

/**
 * SQLite under NUVATRA_DATA_DIR: one file, or one file per tenant with NUVATRA_DATABASE_PER_TENANT=1. `now` is the
 * clock records are stamped with (the demo seed turns it back to date its past calls).
 */
export function openStorage(env: NuvatraEnv, options: { now?: () => Date } = {}): Storage {
  const clock = options.now ? { now: options.now } : {};
  // Postgres (row-level security; a database per tenant with NUVATRA_DATABASE_PER_TENANT=1) when DATABASE_URL is set.
  if (env.databaseUrl) {
    return createPostgresStorage({
      mode: env.databasePerTenant ? 'database-per-tenant' : 'shared',
      connectionString: env.databaseUrl,
      ...clock,
    });
  }
  const dataDirectory = resolve(env.dataDir);
  return env.databasePerTenant
    ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants'), ...clock })
    : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite'), ...clock });
}

/**
 * Clerk and/or API keys when configured; development sign-in (`Bearer dev:<user>`) when nothing is configured,
 * which createDevAuth itself refuses under NODE_ENV=production.
 */
export function authProviders(
  env: NuvatraEnv,
  variables: Record<string, string | undefined> = process.env,
): { providers: AuthProvider[]; development: boolean } {
  const providers: AuthProvider[] = [];
  // Clerk when its keys are set (CLERK_SECRET_KEY or CLERK_JWT_KEY, CLERK_AUTHORIZED_PARTIES, …).
  if (variables.CLERK_SECRET_KEY || variables.CLERK_JWT_KEY) providers.push(clerkAuth({ env: variables }));
  if (env.apiKeys.length > 0) providers.push(createApiKeyAuth({ keys: env.apiKeys }));
  const development = providers.length === 0;
  if (development) providers.push(createDevAuth({ nodeEnv: env.nodeEnv }));
  return { providers, development };
}

/**
 * NUVATRA_SECRET_KEY, read once for everything keyed by it (the secret box, the tool URLs' signer). Without it,
 * development gets a key generated once into the data directory; production refuses to start.
 */
export function readSecretKey(env: NuvatraEnv): string {
  if (env.secretKey) return env.secretKey;
  if (env.nodeEnv === 'production') {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        'NUVATRA_SECRET_KEY is not set: generate one with `openssl rand -base64 32` and keep it out of the repository.',
    });
  }
  const file = join(resolve(env.dataDir), 'development-secret.key');
  if (!existsSync(file)) {
    mkdirSync(resolve(env.dataDir), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The secret box for tenants' provider credentials. */
export function openSecretBox(secretKey: string): SecretBox {
  return createSecretBox({ keys: { k1: secretKey }, primaryKeyId: 'k1' });
}

/**
 * The signer of tenant tokens, the voice-agent tool URLs' among them. Tool URLs never expire, so the key id is
 * their revocation: a new id here (`tools-2`, dropping `tools-1`) revokes every tool URL issued, while the secret
 * box keeps opening. The signer derives its key from the secret and the id, so sharing the secret with the box is safe.
 */
export function openTenantTokens(secretKey: string): TenantTokenSigner {
  return createTenantTokenSigner({ keys: { 'tools-1': secretKey }, primaryKeyId: 'tools-1' });
}
