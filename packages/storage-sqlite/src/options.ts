import { NuvatraError } from '@nuvatra/core';
import { z } from 'zod';

/**
 * How long a statement waits for another connection's lock before failing with STORAGE_FAILED. better-sqlite3
 * waits synchronously, so the event loop is blocked meanwhile: keep it short.
 */
const busyTimeoutMs = z.number().int().min(0).max(60_000).default(5000);

const optionsSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('shared'),
      /** A file path, or ':memory:' for tests. */
      filename: z.string().min(1),
      busyTimeoutMs,
    })
    .strict(),
  z
    .object({
      mode: z.literal('file-per-tenant'),
      /** Holds `control.sqlite` (tenants and routing) and `tenants/<tenant id>.sqlite`. */
      directory: z.string().min(1),
      /** Tenant databases kept open at once; the least recently used is closed past this. */
      maxOpenTenants: z.number().int().min(1).max(10_000).default(64),
      busyTimeoutMs,
    })
    .strict(),
]);

export type SqliteStorageOptions = z.input<typeof optionsSchema>;
export type ParsedSqliteStorageOptions = z.output<typeof optionsSchema>;

export function parseSqliteStorageOptions(options: unknown): ParsedSqliteStorageOptions {
  const result = optionsSchema.safeParse(options);
  if (result.success) return result.data;
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `createSqliteStorage: ${result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}. Pass { mode: 'shared', filename } or { mode: 'file-per-tenant', directory }.`,
    cause: result.error,
  });
}
