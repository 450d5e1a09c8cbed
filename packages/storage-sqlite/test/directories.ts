import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteStorage } from '../src/index.js';

// Test-only: temporary directories removed after the test file, and the two modes most tests run in.

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed when the test file is done. */
export function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-sqlite-'));
  directories.push(directory);
  return directory;
}

/** An in-memory shared database and a file-per-tenant directory: the two ends of what the adapter does. */
export const sharedAndPerTenant = {
  'shared, in memory': () => createSqliteStorage({ mode: 'shared', filename: ':memory:' }),
  'file per tenant': () => createSqliteStorage({ mode: 'file-per-tenant', directory: temporaryDirectory() }),
};
