import { createHttpError, NuvatraError } from '@nuvatra/core';

/** Maps SQLite's errors to Nuvatra's codes; the driver's own message stays in `cause`, never in the answer. */
export function toStorageError(error: unknown, table: string): Error {
  const code = (error as { code?: unknown })?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return createHttpError('CONFLICT', `A row with the same key already exists in ${table}.`, { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return createHttpError('NOT_FOUND', `A row referenced from ${table} does not exist in this tenant.`, {
      cause: error,
    });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return new NuvatraError({
      code: 'STORAGE_FAILED',
      message: `The SQLite database stayed locked by another connection past busy_timeout (5 s) on ${table}; is another process holding a long transaction?`,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = /no such table/.test(message) ? ' Did you run `await storage.migrate()`?' : '';
  return new NuvatraError({ code: 'STORAGE_FAILED', message: `SQLite failed on ${table}.${hint}`, cause: error });
}
