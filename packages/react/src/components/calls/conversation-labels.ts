import type { Conversation } from '@nuvatra/core';
import { formatPhoneNumber } from '../../ui/format.js';

const channelNames: Record<Conversation['channel'], string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'Email',
  voice: 'Voice',
  web: 'Web chat',
};

export function channelName(channel: Conversation['channel']): string {
  return channelNames[channel];
}

/** The other party as people read it: a phone number spaced out, an email or web address as stored. */
export function counterpartName(conversation: Pick<Conversation, 'channel' | 'participant'>): string {
  return conversation.channel === 'email' || conversation.channel === 'web'
    ? conversation.participant
    : formatPhoneNumber(conversation.participant);
}
