import { textResponse, type VoiceProfile } from '@nuvatra/core';
import twilioSdk from 'twilio';
import type { TwilioConfig } from './options.js';

type SayAttributes = Parameters<InstanceType<typeof twilioSdk.twiml.VoiceResponse>['say']>[0];

/** A TwiML answer to Twilio. */
export function twimlResponse(twiml: string): Response {
  return textResponse(twiml, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** Says each line in the configured language and voice, then hangs up. */
export function sayThenHangUp(lines: readonly string[], speech: TwilioConfig['speech']): string {
  const response = new twilioSdk.twiml.VoiceResponse();
  // The library types list today's languages and voices; Twilio accepts new ones before the library knows them.
  const attributes = { language: speech.language, ...(speech.voice ? { voice: speech.voice } : {}) } as SayAttributes;
  for (const line of lines) response.say(attributes, line);
  response.hangup();
  return response.toString();
}

/** When no voice agent takes a tenant's call: its own greeting, if it has one, then the apology. */
export function noAgentTwiml(profile: VoiceProfile, config: TwilioConfig): string {
  const greetings = profile.config?.greeting ?? {};
  const language = profile.config?.languages[0];
  const greeting = (language ? greetings[language] : undefined) ?? Object.values(greetings)[0];
  return sayThenHangUp(greeting ? [greeting, config.messages.noAgent] : [config.messages.noAgent], config.speech);
}

/** `<Response/>`: "nothing to do", for status callbacks. */
export function emptyVoiceResponse(): string {
  return new twilioSdk.twiml.VoiceResponse().toString();
}

/** `<Response/>` for an inbound message: stored, no automatic reply. */
export function emptyMessagingResponse(): string {
  return new twilioSdk.twiml.MessagingResponse().toString();
}
