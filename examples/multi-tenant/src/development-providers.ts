import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createDevelopmentProviders,
  type DevelopmentProviders,
  developmentProvidersFile,
  readDevelopmentProviders,
} from '@nuvatra/cli';

/**
 * Development only: provider credentials generated once into the data directory, so `pnpm nuvatra simulate …`
 * can sign Twilio, Vapi and Clerk webhooks that this server verifies exactly as it verifies real ones. Nothing
 * here is a real account; variables set in the environment (TWILIO_*, VAPI_*, CLERK_*) take precedence.
 */
export function openDevelopmentProviders(dataDir: string): DevelopmentProviders {
  const directory = resolve(dataDir);
  const file = developmentProvidersFile(directory);
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, `${JSON.stringify(createDevelopmentProviders(), null, 2)}\n`, { mode: 0o600 });
  }
  const providers = readDevelopmentProviders(directory);
  if (!providers) throw new Error(`${file} could not be read`);
  return providers;
}
