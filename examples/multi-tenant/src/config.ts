import { join, resolve } from 'node:path';
import {
  type AuthProvider,
  createApiKeyAuth,
  createDevAuth,
  type NuvatraEnv,
  NuvatraError,
  type Storage,
} from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';

/** SQLite under NUVATRA_DATA_DIR: one file, or one file per tenant with NUVATRA_DATABASE_PER_TENANT=1. */
export function openStorage(env: NuvatraEnv): Storage {
  if (env.databaseUrl) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'DATABASE_URL is set, but Postgres storage is not available yet; unset it to use SQLite.',
    });
  }
  const dataDirectory = resolve(env.dataDir);
  return env.databasePerTenant
    ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants') })
    : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite') });
}

/**
 * API keys when NUVATRA_API_KEYS is set; development sign-in (`Bearer dev:<user>`) when nothing is configured,
 * which createDevAuth itself refuses under NODE_ENV=production.
 */
export function authProviders(env: NuvatraEnv): { providers: AuthProvider[]; development: boolean } {
  const providers: AuthProvider[] = [];
  if (env.apiKeys.length > 0) providers.push(createApiKeyAuth({ keys: env.apiKeys }));
  const development = providers.length === 0;
  if (development) providers.push(createDevAuth({ nodeEnv: env.nodeEnv }));
  return { providers, development };
}
