import { createHttpError, NuvatraError } from '@nuvatra/core';

/** Maps PostgreSQL's SQLSTATEs to Nuvatra's codes; the server's own message stays in `cause`, never in the answer. */
export function toStorageError(error: unknown, table: string): Error {
  if (error instanceof NuvatraError) return error;
  const code = (error as { code?: unknown })?.code;
  if (code === '23505') {
    return createHttpError('CONFLICT', `A row with the same key already exists in ${table}.`, { cause: error });
  }
  if (code === '23503') {
    return createHttpError('NOT_FOUND', `A row referenced from ${table} does not exist in this tenant.`, {
      cause: error,
    });
  }
  const hints: Record<string, string> = {
    '42P01': ' Did you run `await storage.migrate()`?',
    '42883': ' Did you run `await storage.migrate()`?',
    '3D000': " The tenant's database does not exist: was the tenant created through storage.tenants.create?",
    '42501':
      ' Refused by a privilege or a row-level security policy: a statement reached a row outside its tenant, or the app role lacks a grant (run migrate() again).',
    '40P01': ' Two transactions waited on each other (deadlock); retry the operation.',
  };
  const hint = typeof code === 'string' ? (hints[code] ?? '') : '';
  return new NuvatraError({ code: 'STORAGE_FAILED', message: `PostgreSQL failed on ${table}.${hint}`, cause: error });
}
