import type { ToolDefinition } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { clinicProfile } from '../test/fixtures.js';
import { buildTransientAssistant, type TransientAssistantOptions } from './assistant.js';

const tools = new Map<string, ToolDefinition>([
  [
    'book_appointment',
    {
      description: 'Books an appointment',
      parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
      handle: () => 'booked',
    },
  ],
  ['get_classes', { description: 'Lists classes', handle: () => [] }],
]);

const options: TransientAssistantOptions = {
  callId: 'call_123',
  publicBaseUrl: 'https://voice.example.com',
  serverAuth: { headers: { 'x-vapi-secret': 'test-secret-0123456789' } },
  tools,
  model: { provider: 'openai', model: 'gpt-4o' },
  voice: { provider: '11labs', voiceId: 'sarah', model: 'eleven_multilingual_v2' },
};

function systemPrompt(assistant: ReturnType<typeof buildTransientAssistant>): string {
  const model = assistant.model as { messages: Array<{ content: string }> };
  return model.messages[0]?.content ?? '';
}

describe('buildTransientAssistant', () => {
  it('renders a two-language tenant: prompt, hours, services, FAQ, intents, greeting, voice, tools, metadata', () => {
    const assistant = buildTransientAssistant(clinicProfile(), options);
    const model = { ...assistant.model, messages: [{ role: 'system', content: '(the system prompt snapshot)' }] };
    expect({ ...assistant, model }).toMatchSnapshot();
    expect(systemPrompt(assistant)).toMatchSnapshot('system prompt');
  });

  it('names every intent phrase and answer in both languages, tenant languages first', () => {
    const prompt = systemPrompt(buildTransientAssistant(clinicProfile(), options));
    expect(prompt).toContain('Callers say (en): "I would like to book a check-up"; "Can I see the dentist on Monday?"');
    expect(prompt).toContain('Callers say (ru): "Хочу записаться на приём"; "Можно к стоматологу в понедельник?"');
    expect(prompt).toContain('Answer (ru): Я могу вас записать. Какой день вам удобен?');
    expect(prompt.indexOf('Answer (en): I can book')).toBeLessThan(prompt.indexOf('Answer (ru): Я могу'));
    expect(prompt).toContain('Speak English (en), Russian (ru).');
  });

  it('renders weekly hours and exceptions in the tenant’s time zone, closed days included', () => {
    const prompt = systemPrompt(buildTransientAssistant(clinicProfile(), options));
    expect(prompt).toContain('## Opening hours (time zone America/New_York)');
    expect(prompt).toContain('{{"now" | date: "%A, %Y-%m-%d %H:%M", "America/New_York"}}');
    expect(prompt).toContain('Tuesday: 09:00-12:00, 13:00-17:00');
    expect(prompt).toContain('Sunday: closed');
    expect(prompt.indexOf('- 2026-12-25: closed (Christmas)')).toBeLessThan(
      prompt.indexOf("- 2026-12-31: 10:00-14:00 (New Year's Eve)"),
    );
  });

  it('greets in the first language and points the server at the webhook with the secret header', () => {
    const assistant = buildTransientAssistant(clinicProfile(), options);
    expect(assistant.firstMessage).toBe('Hello, Sunrise Dental, how can I help you today?');
    expect(assistant.server).toEqual({
      url: 'https://voice.example.com/api/webhooks/vapi',
      headers: { 'x-vapi-secret': 'test-secret-0123456789' },
    });
    expect(assistant.metadata).toEqual({ tenantId: 'ten_sunrise', callId: 'call_123' });
    expect(assistant.transcriber).toEqual({ provider: 'deepgram', model: 'nova-3', language: 'multi' });
  });

  it('falls back to the plugin defaults for a tenant without a profile, and lets the model greet', () => {
    const profile = { ...clinicProfile(), config: null, intents: [] };
    const assistant = buildTransientAssistant(profile, {
      ...options,
      tools: new Map(),
      serverAuth: { credentialId: 'cred_1' },
    });
    expect(assistant.voice).toEqual({ provider: '11labs', voiceId: 'sarah', model: 'eleven_multilingual_v2' });
    expect(assistant.model).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(assistant.model).not.toHaveProperty('tools');
    expect(assistant.firstMessage).toBeUndefined();
    expect(assistant.firstMessageMode).toBe('assistant-speaks-first-with-model-generated-message');
    expect(assistant.server).toEqual({ url: 'https://voice.example.com/api/webhooks/vapi', credentialId: 'cred_1' });
    expect(systemPrompt(assistant)).toContain('## Business\nName: Sunrise Dental');
  });

  it('is a pure function of its input', () => {
    expect(buildTransientAssistant(clinicProfile(), options)).toEqual(
      buildTransientAssistant(clinicProfile(), options),
    );
  });
});
