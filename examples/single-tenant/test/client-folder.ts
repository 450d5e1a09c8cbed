import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfigInput } from '@nuvatra/core';
import { onTestFinished } from 'vitest';

// Test-only: a temporary deployment directory holding clients/ and data/, removed when the test finishes.

export const templateFile = fileURLToPath(new URL('../clients/example-clinic/config.json', import.meta.url));

/** The committed template, as a value the tests change. */
export function readTemplate(): ClientConfigInput {
  return JSON.parse(readFileSync(templateFile, 'utf8')) as ClientConfigInput;
}

export interface Deployment {
  /** The clients/ folder. */
  clientsDirectory: string;
  /** NUVATRA_DATA_DIR. */
  dataDirectory: string;
  /** Writes clients/<clientId>/config.json (a value as JSON, or text as it is) and answers its path. */
  writeClient(clientId: string, content: ClientConfigInput | string): string;
}

export function createDeployment(): Deployment {
  const root = mkdtempSync(join(tmpdir(), 'nuvatra-single-tenant-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const clientsDirectory = join(root, 'clients');
  mkdirSync(clientsDirectory);
  // The `$schema` path in the template is relative to clients/.
  cpSync(
    fileURLToPath(new URL('../clients/client-config.schema.json', import.meta.url)),
    join(clientsDirectory, 'client-config.schema.json'),
  );
  return {
    clientsDirectory,
    dataDirectory: join(root, 'data'),
    writeClient(clientId, content) {
      mkdirSync(join(clientsDirectory, clientId), { recursive: true });
      const path = join(clientsDirectory, clientId, 'config.json');
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
  };
}
