import { type CreateStorageOptions, createStorage, type Storage, type StorageDriver } from '@nuvatra/core';
import { createPostgresDriver } from '@nuvatra/storage-postgres';
import type { ClientConfig } from 'pg';
import { migrateDashboardAccess } from './migrate.js';
import { parseSupabaseOptions, type SupabaseStorageOptions } from './options.js';

/**
 * Nuvatra's storage on a Supabase project's Postgres: storage-postgres in shared mode (the server's path, with its
 * app role and `nuvatra.tenant_id` policies, unchanged), and on every `migrate()` a second policy set for Supabase's
 * `authenticated` role on the tenant named by the verified Clerk session token (`auth.jwt()`), so a dashboard can
 * read its own tenant's rows with supabase-js.
 *
 * @example
 * const storage = createSupabaseStorage({ connectionString: process.env.DATABASE_URL });
 * await storage.migrate();
 */
export function createSupabaseStorage(options: SupabaseStorageOptions & CreateStorageOptions): Storage {
  const { now, ...rest } = options;
  const parsed = parseSupabaseOptions(rest);
  const driver = createPostgresDriver({ mode: 'shared', ...parsed.postgres });
  const { connectionString, ownerConnectionString, pool } = parsed.postgres;
  const owner: ClientConfig = ownerConnectionString
    ? { connectionString: ownerConnectionString }
    : connectionString
      ? { connectionString }
      : { ...pool?.options };
  const supabaseDriver: StorageDriver = {
    ...driver,
    name: 'supabase (postgres, shared schema)',
    async migrate(extensions) {
      await driver.migrate(extensions);
      const pluginModels = extensions.flatMap((extension) => Object.values(extension.models));
      await migrateDashboardAccess(owner, parsed, pluginModels);
    },
  };
  return createStorage(supabaseDriver, now ? { now } : {});
}
