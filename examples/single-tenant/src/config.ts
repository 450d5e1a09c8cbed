import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clerkAuth } from '@nuvatra/clerk';
import {
  type AuthProvider,
  createApiKeyAuth,
  createDevAuth,
  createSecretBox,
  type NuvatraEnv,
  NuvatraError,
  type SecretBox,
  type Storage,
} from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';

/** The one SQLite file of the deployment: `<NUVATRA_DATA_DIR>/nuvatra.sqlite`. */
export function databaseFile(env: NuvatraEnv): string {
  return join(resolve(env.dataDir), 'nuvatra.sqlite');
}

export function openStorage(env: NuvatraEnv): Storage {
  if (env.databaseUrl) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'DATABASE_URL is set, but Postgres storage is not available yet; unset it to use SQLite.',
    });
  }
  // A file per tenant buys isolation between businesses; with one business it would only add a control file.
  if (env.databasePerTenant) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'NUVATRA_DATABASE_PER_TENANT=1 is for multi-tenant deployments; unset it: this one serves one business.',
    });
  }
  mkdirSync(resolve(env.dataDir), { recursive: true });
  return createSqliteStorage({ mode: 'shared', filename: databaseFile(env) });
}

/**
 * Clerk and/or API keys when configured; development sign-in (`Bearer dev:<user>`) when nothing is configured,
 * which createDevAuth itself refuses under NODE_ENV=production. Mirrors examples/multi-tenant.
 */
export function authProviders(
  env: NuvatraEnv,
  variables: Record<string, string | undefined> = process.env,
): { providers: AuthProvider[]; development: boolean } {
  const providers: AuthProvider[] = [];
  if (variables.CLERK_SECRET_KEY || variables.CLERK_JWT_KEY) providers.push(clerkAuth({ env: variables }));
  if (env.apiKeys.length > 0) providers.push(createApiKeyAuth({ keys: env.apiKeys }));
  const development = providers.length === 0;
  if (development) providers.push(createDevAuth({ nodeEnv: env.nodeEnv }));
  return { providers, development };
}

/**
 * The secret box for the business's own provider credentials, keyed by NUVATRA_SECRET_KEY. Without it,
 * development gets a key generated once into the data directory; production refuses to start.
 */
export function openSecretBox(env: NuvatraEnv): SecretBox {
  let key = env.secretKey;
  if (!key) {
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
    key = readFileSync(file, 'utf8').trim();
  }
  return createSecretBox({ keys: { k1: key }, primaryKeyId: 'k1' });
}
