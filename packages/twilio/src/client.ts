import type { SecretBox } from '@nuvatra/core';
import { createHttpError, type TenantScope } from '@nuvatra/core';
import twilioSdk from 'twilio';
import type { TwilioConfig } from './options.js';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/** The webhook URLs a number is pointed at (empty strings clear them). */
export interface NumberWebhooks {
  voiceUrl: string;
  statusCallback: string;
  smsUrl: string;
}

/** A number as Twilio's IncomingPhoneNumbers resource lists it, reduced to what provisioning reads. */
export interface IncomingNumber extends NumberWebhooks {
  sid: string;
  phoneNumber: string;
}

/** REST through the official SDK, for one account. */
export function createTwilioClient(credentials: TwilioCredentials, config: TwilioConfig) {
  const client = twilioSdk(credentials.accountSid, credentials.authToken, {
    ...(config.httpClient ? { httpClient: config.httpClient } : {}),
  });
  return {
    accountSid: credentials.accountSid,
    /** Fails with Twilio's RestException when the account or its token is wrong. */
    async checkAccount(): Promise<void> {
      await client.api.v2010.accounts(credentials.accountSid).fetch();
    },
    async findNumber(e164: string): Promise<IncomingNumber | null> {
      const [found] = await client.incomingPhoneNumbers.list({ phoneNumber: e164, limit: 1 });
      if (!found || found.phoneNumber !== e164) return null;
      return {
        sid: found.sid,
        phoneNumber: found.phoneNumber,
        voiceUrl: found.voiceUrl ?? '',
        statusCallback: found.statusCallback ?? '',
        smsUrl: found.smsUrl ?? '',
      };
    },
    async pointNumberAt(sid: string, webhooks: Partial<NumberWebhooks>): Promise<void> {
      const set = (url: string | undefined) => url !== undefined && url !== '';
      await client.incomingPhoneNumbers(sid).update({
        ...webhooks,
        ...(set(webhooks.voiceUrl) ? { voiceMethod: 'POST', voiceApplicationSid: '' } : {}),
        ...(set(webhooks.statusCallback) ? { statusCallbackMethod: 'POST' } : {}),
        // A number's application SID overrides its URLs, so ours would be ignored while one is set.
        ...(set(webhooks.smsUrl) ? { smsMethod: 'POST', smsApplicationSid: '' } : {}),
      });
    },
  };
}
export type TwilioClient = ReturnType<typeof createTwilioClient>;

/**
 * The REST credentials for a tenant's numbers: its own Twilio account when it registered one (its token sealed
 * for it), else the deployment's; null when there are neither.
 */
export async function credentialsFor(
  scope: TenantScope,
  config: TwilioConfig,
  coreSecretBox: SecretBox | null = null,
): Promise<TwilioCredentials | null> {
  const account = await scope.providerAccounts.get('twilio');
  if (account) {
    const secretBox = config.secretBox ?? coreSecretBox;
    if (!secretBox) {
      throw createHttpError(
        'CONFIG_INVALID',
        `Tenant "${scope.tenant.slug}" has its own Twilio account: configure NUVATRA_SECRET_KEY (createNuvatra's ` +
          'secretBox) so its numbers can be set up there.',
      );
    }
    const authToken = await secretBox.open(account.sealedSecret, scope.tenantId);
    return { accountSid: account.accountId, authToken };
  }
  if (config.accountSid && config.authToken) return { accountSid: config.accountSid, authToken: config.authToken };
  return null;
}

/** Twilio refusing credentials is the caller's to fix (409 naming the account); anything else stays as it is. */
export function toCredentialError(error: unknown, accountSid: string): unknown {
  const status = (error as { status?: unknown } | null)?.status;
  if (error instanceof twilioSdk.RestException && (status === 401 || status === 403)) {
    return createHttpError(
      'CONFLICT',
      `Twilio refused the credentials of account ${accountSid} (HTTP ${status}); set them again with PUT /api/twilio/account.`,
      { cause: error },
    );
  }
  return error;
}
