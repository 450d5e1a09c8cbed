import type { ToolDefinition, VoiceProfile } from '@nuvatra/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { buildTransientAssistant, vapiWebhookPath } from './assistant.js';
import type { VapiSettings } from './options.js';

/** Which assistant takes a call, as both an assistant-request answer and a create-call body spell it. */
export type AssistantChoice =
  | { assistant: Vapi.CreateAssistantDto }
  | { assistantId: string; assistantOverrides: Vapi.AssistantOverrides };

interface ChoiceInput {
  settings: VapiSettings;
  publicBaseUrl: string;
  tools: ReadonlyMap<string, ToolDefinition>;
}

/**
 * The tenant's transient assistant, or, when its config names a saved Vapi assistant (`voiceAgent.assistantId`),
 * that one with our metadata and webhook as overrides. Either way Vapi echoes `{ tenantId, callId }` back.
 */
export function assistantChoice(profile: VoiceProfile, callId: string, input: ChoiceInput): AssistantChoice {
  const { settings, publicBaseUrl } = input;
  const serverAuth = settings.credentialId
    ? { credentialId: settings.credentialId }
    : { headers: { 'x-vapi-secret': settings.serverSecret } };
  const assistantId = profile.config?.voiceAgent.assistantId;
  if (assistantId) {
    return {
      assistantId,
      assistantOverrides: {
        metadata: { tenantId: profile.tenant.id, callId },
        server: { url: `${publicBaseUrl}${vapiWebhookPath}`, ...serverAuth },
      },
    };
  }
  const assistant = buildTransientAssistant(profile, {
    callId,
    publicBaseUrl,
    serverAuth,
    tools: input.tools,
    model: settings.model,
    voice: settings.voice,
    transcriber: settings.transcriber,
  });
  return { assistant };
}
