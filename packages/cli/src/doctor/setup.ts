import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseClientConfig } from '@nuvatra/core';
import { type Check, coreComplaint, type Variables, variable } from './checks.js';

// The deployment's mode and its storage: single-tenant needs its client file, every mode a database it can open.

export function modeChecks(env: Variables, mode: 'single' | 'multi', cwd: string): Check[] {
  const clientId = variable(env, 'CLIENT_ID');
  if (mode === 'multi') {
    return clientId
      ? [
          {
            name: 'CLIENT_ID',
            status: 'warn',
            message: `set (${clientId}): the deployment runs single-tenant`,
            fix: 'unset it, or run nuvatra doctor --mode single',
          },
        ]
      : [];
  }
  if (!clientId) {
    return [
      {
        name: 'CLIENT_ID',
        status: 'fail',
        message: 'not set; single-tenant mode needs the tenant’s slug',
        fix: 'set CLIENT_ID=<slug>',
      },
    ];
  }
  const complaint = coreComplaint({ CLIENT_ID: clientId });
  if (complaint) return [{ name: 'CLIENT_ID', status: 'fail', message: complaint }];
  const file = join(cwd, 'clients', clientId, 'config.json');
  const shown = relative(cwd, file);
  if (!existsSync(file)) {
    return [
      { name: 'CLIENT_ID', status: 'ok', message: clientId },
      {
        name: 'Client config',
        status: 'fail',
        message: `${shown} does not exist`,
        fix: `create ${shown} (see @nuvatra/core's README)`,
      },
    ];
  }
  try {
    const config = parseClientConfig(readFileSync(file, 'utf8'), shown);
    const numbers = config.phoneNumbers.length;
    return [
      { name: 'CLIENT_ID', status: 'ok', message: clientId },
      {
        name: 'Client config',
        status: 'ok',
        message: `${shown}: ${config.tenant.name}, ${numbers} number${numbers === 1 ? '' : 's'}`,
      },
    ];
  } catch (error) {
    return [
      { name: 'CLIENT_ID', status: 'ok', message: clientId },
      { name: 'Client config', status: 'fail', message: (error as Error).message },
    ];
  }
}

/**
 * Postgres at DATABASE_URL when it is set (connects and reads, never migrates); else opens (creating if need be)
 * the data directory and the SQLite storage, and reads from it.
 */
export async function databaseCheck(env: Variables, cwd: string): Promise<Check> {
  const name = 'Database';
  const complaint = coreComplaint({
    NUVATRA_DATABASE_PER_TENANT: variable(env, 'NUVATRA_DATABASE_PER_TENANT'),
    DATABASE_URL: variable(env, 'DATABASE_URL'),
  });
  if (complaint) return { name, status: 'fail', message: complaint };
  const perTenant = variable(env, 'NUVATRA_DATABASE_PER_TENANT') === '1';
  const databaseUrl = variable(env, 'DATABASE_URL');
  if (databaseUrl) {
    const { postgresCheck } = await import('./postgres.js');
    return postgresCheck(databaseUrl, perTenant);
  }
  const dataDirectory = resolve(cwd, variable(env, 'NUVATRA_DATA_DIR') ?? './data');
  try {
    mkdirSync(dataDirectory, { recursive: true });
  } catch (error) {
    return {
      name,
      status: 'fail',
      message: `cannot create ${dataDirectory}: ${(error as Error).message}`,
      fix: 'set NUVATRA_DATA_DIR to a writable directory',
    };
  }
  const { createSqliteStorage } = await import('@nuvatra/storage-sqlite');
  try {
    const storage = perTenant
      ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants') })
      : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite') });
    try {
      await storage.tenants.list({ limit: 1 });
      return { name, status: 'ok', message: `${storage.driverName} in ${dataDirectory}` };
    } catch (error) {
      if (
        !/no such table/i.test(String((error as Error).message) + String((error as { cause?: Error }).cause?.message))
      )
        throw error;
      return {
        name,
        status: 'warn',
        message: `${storage.driverName} in ${dataDirectory}: not migrated yet`,
        fix: 'nuvatra migrate (the server also migrates when it starts)',
      };
    } finally {
      await storage.close();
    }
  } catch (error) {
    return { name, status: 'fail', message: `cannot open SQLite in ${dataDirectory}: ${(error as Error).message}` };
  }
}
