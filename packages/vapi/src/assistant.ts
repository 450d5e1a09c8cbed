import type { ToolDefinition, VoiceProfile } from '@nuvatra/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { renderSystemPrompt } from './prompt.js';

/** A transient assistant, in Vapi's own shape (`CreateAssistantDto`): sent inline, never saved at Vapi. */
export type TransientAssistant = Vapi.CreateAssistantDto;

/** The path of the plugin's webhook; Vapi sends the assistant's server messages to it. */
export const vapiWebhookPath = '/api/webhooks/vapi';

export interface TransientAssistantOptions {
  /** Our id of the call; echoed back by Vapi in `metadata` and checked against what we stored. */
  callId: string;
  /** `PUBLIC_BASE_URL`: the origin Vapi sends server messages to. */
  publicBaseUrl: string;
  /** How Vapi proves its messages: a credential id, or the headers (`x-vapi-secret`) it sends with each. */
  serverAuth: { credentialId: string } | { headers: Record<string, string> };
  /** Every plugin's voice-agent tools; offered to the model as Vapi function tools. */
  tools: ReadonlyMap<string, ToolDefinition>;
  model: { provider: string; model: string; temperature?: number | undefined };
  voice: { provider: string; voiceId: string; model?: string | undefined };
  transcriber?: Record<string, unknown> | undefined;
}

/** Only the messages the plugin stores; Vapi's default list adds speech and conversation updates. */
const serverMessages: Vapi.CreateAssistantDtoServerMessagesItem[] = [
  'status-update',
  'end-of-call-report',
  'tool-calls',
];

/**
 * The tenant's assistant for one call, as a pure function of its voice profile: the composed prompt plus the
 * business, languages, hours (in its time zone), services, FAQ and intents as the system prompt; the greeting in
 * its first language; its voice and model, or the plugin's defaults; every plugin tool; our webhook as its
 * server; `{ tenantId, callId }` as metadata.
 */
export function buildTransientAssistant(profile: VoiceProfile, options: TransientAssistantOptions): TransientAssistant {
  const { config, tenant } = profile;
  const languages = config?.languages ?? [];
  const greeting = languages[0] ? config?.greeting[languages[0]] : undefined;
  const voiceProvider = config?.voiceAgent.voiceProvider ?? options.voice.provider;
  const tools = [...options.tools].map(([name, tool]) => ({
    type: 'function' as const,
    function: {
      name,
      description: tool.description,
      parameters: tool.parameters ?? { type: 'object', properties: {} },
    },
  }));

  return {
    // Vapi caps assistant names at 40 characters; the name is for Vapi's dashboard only.
    name: tenant.name.slice(0, 40),
    // Model, voice and transcriber providers are data (the tenant's config, the plugin's options), so which member
    // of the SDK's unions they are is not known when this compiles; Vapi validates them when the call starts.
    model: {
      provider: options.model.provider,
      model: config?.voiceAgent.model ?? options.model.model,
      ...(options.model.temperature === undefined ? {} : { temperature: options.model.temperature }),
      messages: [{ role: 'system', content: renderSystemPrompt(profile) }],
      ...(tools.length > 0 ? { tools } : {}),
    } as Vapi.CreateAssistantDtoModel,
    voice: {
      provider: voiceProvider,
      voiceId: config?.voiceAgent.voiceId ?? options.voice.voiceId,
      // A voice model belongs to its provider: the default one only goes with the default provider.
      ...(options.voice.model && voiceProvider === options.voice.provider ? { model: options.voice.model } : {}),
    } as Vapi.CreateAssistantDtoVoice,
    transcriber: (options.transcriber ??
      defaultTranscriber(languages)) as unknown as Vapi.CreateAssistantDtoTranscriber,
    ...(greeting
      ? { firstMessage: greeting, firstMessageMode: 'assistant-speaks-first' as const }
      : { firstMessageMode: 'assistant-speaks-first-with-model-generated-message' as const }),
    serverMessages,
    server: { url: `${options.publicBaseUrl}${vapiWebhookPath}`, ...options.serverAuth },
    metadata: { tenantId: tenant.id, callId: options.callId },
  };
}

/** Deepgram nova-3 in the tenant's one language, or its multilingual mode for several. */
function defaultTranscriber(languages: readonly string[]): Record<string, unknown> {
  const language = languages.length === 1 ? languages[0] : languages.length > 1 ? 'multi' : 'en';
  return { provider: 'deepgram', model: 'nova-3', language };
}
