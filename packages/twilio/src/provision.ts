import { createHttpError, type PhoneNumber, type PluginHooks } from '@nuvatra/core';
import { createTwilioClient, credentialsFor, type NumberWebhooks, toCredentialError } from './client.js';
import type { TwilioConfig } from './options.js';

/** The paths of the three webhooks, under the configured prefix. */
export function webhookPaths(config: TwilioConfig): NumberWebhooks {
  return {
    voiceUrl: `${config.webhookPath}/voice`,
    statusCallback: `${config.webhookPath}/status`,
    smsUrl: `${config.webhookPath}/sms`,
  };
}

/** A number this plugin sets up: the tenant's own number at Twilio (or at no provider named). */
const isOurs = (number: PhoneNumber) =>
  number.kind === 'owned' && (number.provider === null || number.provider === 'twilio');

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
};

/**
 * Points a tenant's Twilio number at this deployment's webhooks when it is registered, and clears them when it is
 * removed. Both run inside the tenant's transaction: a number that cannot be set up at Twilio is not registered.
 * Without REST credentials (no tenant account, no deployment account) they do nothing.
 */
export function provisioningHooks(
  config: TwilioConfig,
): Required<Pick<PluginHooks, 'phoneNumberAdded' | 'phoneNumberRemoved'>> {
  const paths = webhookPaths(config);
  return {
    async phoneNumberAdded({ scope, number, publicBaseUrl, secretBox }) {
      if (!isOurs(number) || !publicBaseUrl) return;
      const credentials = await credentialsFor(scope, config, secretBox);
      if (!credentials) return;
      const client = createTwilioClient(credentials, config);
      try {
        const incoming = await client.findNumber(number.e164);
        if (!incoming) {
          throw createHttpError(
            'CONFLICT',
            `${number.e164} is not a phone number of Twilio account ${credentials.accountSid}: buy or port it there ` +
              'first, or register it with its own provider ("provider": "telnyx" or "other").',
          );
        }
        await client.pointNumberAt(incoming.sid, {
          voiceUrl: `${publicBaseUrl}${paths.voiceUrl}`,
          statusCallback: `${publicBaseUrl}${paths.statusCallback}`,
          smsUrl: `${publicBaseUrl}${paths.smsUrl}`,
        });
      } catch (error) {
        throw toCredentialError(error, credentials.accountSid);
      }
    },

    async phoneNumberRemoved({ scope, number, secretBox }) {
      if (!isOurs(number)) return;
      const credentials = await credentialsFor(scope, config, secretBox);
      if (!credentials) return;
      const client = createTwilioClient(credentials, config);
      try {
        const incoming = await client.findNumber(number.e164);
        if (!incoming) return;
        // Only what points at our webhooks: a URL someone set elsewhere since is not ours to clear.
        const cleared: Partial<NumberWebhooks> = {};
        for (const field of ['voiceUrl', 'statusCallback', 'smsUrl'] as const) {
          if (pathOf(incoming[field]) === paths[field]) cleared[field] = '';
        }
        if (Object.keys(cleared).length > 0) await client.pointNumberAt(incoming.sid, cleared);
      } catch (error) {
        throw toCredentialError(error, credentials.accountSid);
      }
    },
  };
}
