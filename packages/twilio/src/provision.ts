import { createHttpError, defineJob, type PhoneNumber, type PluginHooks } from '@nuvatra/core';
import { z } from 'zod';
import {
  createTwilioClient,
  credentialsFor,
  type NumberWebhooks,
  type TwilioCredentials,
  toCredentialError,
} from './client.js';
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
 * The retryable half of provisioning, as background jobs: pointing a number's webhooks at this deployment, and
 * clearing them. Each re-reads the tenant's credentials when it runs, so a token set again meanwhile is used.
 */
export function provisioningJobs(config: TwilioConfig) {
  const paths = webhookPaths(config);
  const pointNumber = defineJob({
    name: 'twilio.point-number',
    payload: z.object({ numberId: z.string(), e164: z.string(), publicBaseUrl: z.url() }),
    maxAttempts: 8,
    backoffMs: 30_000,
    async handle({ payload, withScope, services }) {
      const credentials = await withScope(async (scope) =>
        // A number removed before the job ran is not pointed anywhere.
        (await scope.phoneNumbers.get(payload.numberId)) ? credentialsFor(scope, config, services.secretBox) : null,
      );
      if (credentials) await pointAt(credentials, payload.e164, payload.publicBaseUrl);
    },
  });
  const clearNumber = defineJob({
    name: 'twilio.clear-number',
    payload: z.object({ e164: z.string() }),
    maxAttempts: 8,
    backoffMs: 30_000,
    async handle({ payload, withScope, services }) {
      const credentials = await withScope((scope) => credentialsFor(scope, config, services.secretBox));
      if (credentials) await clear(credentials, payload.e164);
    },
  });

  /** `found`: the number as Twilio answered it a moment ago, when the caller has just looked it up. */
  async function pointAt(credentials: TwilioCredentials, e164: string, publicBaseUrl: string, found?: { sid: string }) {
    const client = createTwilioClient(credentials, config);
    const incoming = found ?? (await client.findNumber(e164));
    // Released or moved at Twilio since it was registered: nothing of ours to point.
    if (!incoming) return;
    await client.pointNumberAt(incoming.sid, {
      voiceUrl: `${publicBaseUrl}${paths.voiceUrl}`,
      statusCallback: `${publicBaseUrl}${paths.statusCallback}`,
      smsUrl: `${publicBaseUrl}${paths.smsUrl}`,
    });
  }

  async function clear(credentials: TwilioCredentials, e164: string) {
    const client = createTwilioClient(credentials, config);
    const incoming = await client.findNumber(e164);
    if (!incoming) return;
    // Only what points at our webhooks: a URL someone set elsewhere since is not ours to clear.
    const cleared: Partial<NumberWebhooks> = {};
    for (const field of ['voiceUrl', 'statusCallback', 'smsUrl'] as const) {
      if (pathOf(incoming[field]) === paths[field]) cleared[field] = '';
    }
    if (Object.keys(cleared).length > 0) await client.pointNumberAt(incoming.sid, cleared);
  }

  return { jobs: [pointNumber, clearNumber], pointNumber, clearNumber, pointAt, clear };
}

/**
 * Points a tenant's Twilio number at this deployment's webhooks when it is registered, and clears them when it is
 * removed. Whether Twilio holds the number is asked at once, inside the tenant's transaction, because the person
 * registering it must hear "not your number" (409) and such a number is not kept. Changing the number's webhooks is
 * the retryable part: with a job queue it is a job, enqueued in the same transaction (kept only with the number,
 * retried with backoff, dead letters visible to admins); without one it runs inline as before. Without REST
 * credentials (no tenant account, no deployment account) nothing is done.
 */
export function provisioningHooks(
  config: TwilioConfig,
  jobs: ReturnType<typeof provisioningJobs>,
): Required<Pick<PluginHooks, 'phoneNumberAdded' | 'phoneNumberRemoved'>> {
  return {
    async phoneNumberAdded({ scope, number, publicBaseUrl, secretBox, jobs: queue }) {
      if (!isOurs(number) || !publicBaseUrl) return;
      const credentials = await credentialsFor(scope, config, secretBox);
      if (!credentials) return;
      try {
        const incoming = await createTwilioClient(credentials, config).findNumber(number.e164);
        if (!incoming) {
          throw createHttpError(
            'CONFLICT',
            `${number.e164} is not a phone number of Twilio account ${credentials.accountSid}: buy or port it there ` +
              'first, or register it with its own provider ("provider": "telnyx" or "other").',
          );
        }
        if (!queue.available) return await jobs.pointAt(credentials, number.e164, publicBaseUrl, incoming);
      } catch (error) {
        throw toCredentialError(error, credentials.accountSid);
      }
      await queue.enqueue(
        jobs.pointNumber,
        { numberId: number.id, e164: number.e164, publicBaseUrl },
        { idempotencyKey: `point:${number.id}` },
      );
    },

    async phoneNumberRemoved({ scope, number, secretBox, jobs: queue }) {
      if (!isOurs(number)) return;
      const credentials = await credentialsFor(scope, config, secretBox);
      if (!credentials) return;
      if (queue.available) {
        await queue.enqueue(jobs.clearNumber, { e164: number.e164 }, { idempotencyKey: `clear:${number.id}` });
        return;
      }
      try {
        await jobs.clear(credentials, number.e164);
      } catch (error) {
        throw toCredentialError(error, credentials.accountSid);
      }
    },
  };
}
