import { createHttpError, type SecretBox, type TenantScope } from '@nuvatra/core';
import { APIError, Telnyx } from 'telnyx';
import { z } from 'zod';
import type { TelnyxConfig } from './options.js';
import {
  conversationInsightsSchema,
  conversationMessageSchema,
  type TelnyxConversationInsights,
  type TelnyxConversationMessage,
} from './schemas.js';

/** What one tenant sends with: its own API key and messaging profile, and the AI Assistant registered for it. */
interface TelnyxCredentials {
  apiKey: string;
  messagingProfileId: string | null;
  assistantId: string | null;
  /** `tenant`: its own account, sealed in the secret box; `deployment`: the deployment's key and profile. */
  source: 'tenant' | 'deployment';
}

/** What `PUT /api/telnyx/account` seals for the tenant: everything of its Telnyx account, never stored in clear. */
export const sealedAccountSchema = z
  .object({
    apiKey: z.string().trim().min(1).max(1000),
    messagingProfileId: z.string().trim().min(1).max(255),
    assistantId: z.string().trim().min(1).max(255).nullable().default(null),
  })
  .strict();

const maxTurns = 2000;

/**
 * REST through the official SDK, for one API key. The SDK would read TELNYX_API_KEY, TELNYX_BASE_URL and OAuth
 * client variables from the environment for anything not given, so everything is given: a tenant's client can
 * never pick up the deployment's (or anyone else's) credentials. No SDK retries: a retried send is a second SMS.
 */
export function createTelnyxClient(apiKey: string, config: TelnyxConfig) {
  const client = new Telnyx({
    apiKey,
    publicKey: null,
    clientID: null,
    clientSecret: null,
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: 15_000,
  });
  return {
    /** Fails with the SDK's APIError when the key is wrong or the profile is not the key's account's. */
    async checkMessagingProfile(messagingProfileId: string): Promise<void> {
      await client.messagingProfiles.retrieve(messagingProfileId);
    },
    async sendMessage(input: { from: string | null; to: string; text: string; messagingProfileId: string | null }) {
      const response = await client.messages.send({
        to: input.to,
        text: input.text,
        ...(input.from ? { from: input.from } : {}),
        ...(input.messagingProfileId ? { messaging_profile_id: input.messagingProfileId } : {}),
      });
      const id = response.data?.id;
      if (!id) throw new Error('Telnyx accepted the message but answered no message id.');
      return { id, status: response.data?.to?.[0]?.status ?? 'queued', from: response.data?.from?.phone_number };
    },
    async conversationMessages(conversationId: string): Promise<TelnyxConversationMessage[]> {
      const turns: TelnyxConversationMessage[] = [];
      for await (const turn of client.ai.conversations.messages.list(conversationId)) {
        turns.push(conversationMessageSchema.parse(turn));
        if (turns.length >= maxTurns) break;
      }
      return turns;
    },
    async conversationInsights(conversationId: string): Promise<TelnyxConversationInsights> {
      return conversationInsightsSchema.parse(
        await client.ai.conversations.retrieveConversationsInsights(conversationId),
      );
    },
  };
}

/**
 * The tenant's Telnyx account (opened from the secret box, bound to its id), else the deployment's key and
 * profile; null when there are neither. Never another tenant's: the sealed secret opens only for its own tenant.
 */
export async function credentialsFor(
  scope: TenantScope,
  config: TelnyxConfig,
  secretBox: SecretBox | null,
): Promise<TelnyxCredentials | null> {
  const account = await scope.providerAccounts.get('telnyx');
  if (account) {
    if (!secretBox) {
      throw createHttpError(
        'CONFIG_INVALID',
        `Tenant "${scope.tenant.slug}" has its own Telnyx account: configure NUVATRA_SECRET_KEY (createNuvatra's secretBox) to use it.`,
      );
    }
    const sealed = sealedAccountSchema.parse(JSON.parse(await secretBox.open(account.sealedSecret, scope.tenantId)));
    return { ...sealed, source: 'tenant' };
  }
  if (config.apiKey) {
    return {
      apiKey: config.apiKey,
      messagingProfileId: config.messagingProfileId ?? null,
      assistantId: null,
      source: 'deployment',
    };
  }
  return null;
}

/** Telnyx refusing credentials is the caller's to fix (409 naming the profile); anything else stays as it is. */
export function toCredentialError(error: unknown, messagingProfileId: string): unknown {
  if (error instanceof APIError && (error.status === 401 || error.status === 403 || error.status === 404)) {
    return createHttpError(
      'CONFLICT',
      `Telnyx refused the API key or messaging profile ${messagingProfileId} (HTTP ${error.status}); set them again with PUT /api/telnyx/account.`,
      { cause: error },
    );
  }
  return error;
}

/**
 * The AI Assistant registered for the tenant: the one in its own Telnyx account, else the one its voice agent
 * settings name (`voiceAgent: { provider: 'telnyx', assistantId }`); null when it registered none.
 */
export async function assistantIdFor(
  scope: TenantScope,
  config: TelnyxConfig,
  secretBox: SecretBox | null,
): Promise<string | null> {
  const credentials = await credentialsFor(scope, config, secretBox);
  if (credentials?.source === 'tenant' && credentials.assistantId) return credentials.assistantId;
  const voiceAgent = (await scope.config.get())?.voiceAgent;
  return voiceAgent?.provider === 'telnyx' ? (voiceAgent.assistantId ?? null) : null;
}
