import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClientConfig,
  type NuvatraEnv,
  NuvatraError,
  parseClientConfig,
  tryNormalizePhoneNumber,
} from '@nuvatra/core';

/** The `clients/` folder of this example, whatever directory the server is started from. */
export const defaultClientsDirectory = fileURLToPath(new URL('../clients', import.meta.url));

export interface ClientFile {
  clientId: string;
  /** The absolute path of `clients/<CLIENT_ID>/config.json`. */
  path: string;
  config: ClientConfig;
}

/**
 * Reads and checks `clients/<CLIENT_ID>/config.json` before anything is opened, so a missing CLIENT_ID or a bad
 * file stops start-up with a message naming the variable, the file and the field, and leaves no data behind.
 */
export function readClientFile(env: NuvatraEnv, clientsDirectory = defaultClientsDirectory): ClientFile {
  const directory = resolve(clientsDirectory);
  if (!env.clientId) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `CLIENT_ID is not set: this server serves one business, named by its folder in ${directory}${listClients(directory)}. Start with CLIENT_ID=<folder name>.`,
    });
  }
  const path = join(directory, env.clientId, 'config.json');
  if (!existsSync(path)) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `CLIENT_ID is "${env.clientId}", but ${path} does not exist${listClients(directory)}. Copy clients/example-clinic to clients/${env.clientId} and edit it.`,
    });
  }
  const config = parseClientConfig(readFileSync(path, 'utf8'), path);
  checkClientConfig(config, path);
  return { clientId: env.clientId, path, config };
}

/**
 * What the schema cannot see but applying the file would trip over later, with an error that names no file:
 * numbers libphonenumber cannot read, and intent names used twice (only the first would be created).
 */
function checkClientConfig(config: ClientConfig, path: string): void {
  const problems: string[] = [];
  config.phoneNumbers.forEach((number, index) => {
    if (tryNormalizePhoneNumber(number.number, number.region ? { region: number.region } : {}) === null) {
      problems.push(
        `phoneNumbers.${index}.number: "${number.number}" is not a phone number; use E.164 such as +15550100123`,
      );
    }
  });
  const seen = new Set<string>();
  config.intents.forEach((intent, index) => {
    if (seen.has(intent.name)) problems.push(`intents.${index}.name: "${intent.name}" is used by an earlier intent`);
    seen.add(intent.name);
  });
  if (problems.length > 0) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `${path} is not a valid client config:\n  ${problems.join('\n  ')}`,
    });
  }
}

function listClients(directory: string): string {
  const folders = existsSync(directory)
    ? readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'config.json')))
        .map((entry) => entry.name)
    : [];
  return folders.length > 0 ? ` (there: ${folders.join(', ')})` : '';
}
