import { type CliIo, configError, dataDirectoryOf } from '../io.js';
import { developmentProvidersFile, readDevelopmentProviders } from './development-providers.js';

// Which secret a simulated webhook is signed with: the environment's first (the variables the server reads), then
// the development credentials file the example server writes. Neither: exit 2, naming what to set.

/** Where a credential came from, for the output: never the secret itself. */
export type CredentialSource = 'environment' | 'development-providers.json';

const set = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function developmentProviders(io: CliIo) {
  try {
    return readDevelopmentProviders(dataDirectoryOf(io));
  } catch (error) {
    throw configError((error as Error).message);
  }
}

function missing(variables: string, io: CliIo): never {
  throw configError(
    `No credentials to sign with: set ${variables}, or start the example server in development, which writes ` +
      `${developmentProvidersFile(dataDirectoryOf(io))} (NUVATRA_DATA_DIR must be the server's).`,
  );
}

export function twilioCredentials(io: CliIo) {
  const accountSid = set(io.env.TWILIO_ACCOUNT_SID);
  const authToken = set(io.env.TWILIO_AUTH_TOKEN);
  if (accountSid && authToken) return { accountSid, authToken, source: 'environment' as CredentialSource };
  if (accountSid || authToken) {
    throw configError(
      `${accountSid ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN'} is set without ${accountSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'}; set both or neither.`,
    );
  }
  const file = developmentProviders(io);
  if (file) return { ...file.twilio, source: 'development-providers.json' as CredentialSource };
  return missing('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN', io);
}

export function vapiServerSecret(io: CliIo) {
  const serverSecret = set(io.env.VAPI_SERVER_SECRET);
  if (serverSecret) return { serverSecret, source: 'environment' as CredentialSource };
  const file = developmentProviders(io);
  if (file) return { ...file.vapi, source: 'development-providers.json' as CredentialSource };
  return missing('VAPI_SERVER_SECRET', io);
}

export function clerkSigningSecret(io: CliIo) {
  const signingSecret = set(io.env.CLERK_WEBHOOK_SIGNING_SECRET);
  if (signingSecret) return { signingSecret, source: 'environment' as CredentialSource };
  const file = developmentProviders(io);
  if (file)
    return { signingSecret: file.clerk.webhookSigningSecret, source: 'development-providers.json' as CredentialSource };
  return missing('CLERK_WEBHOOK_SIGNING_SECRET', io);
}
