import { expect } from 'vitest';
import { messageInput } from '../fixtures/inputs.js';
import { type Operation, pickValue } from './model.js';

/** Every tenant talks to the same few people: two clinics may share a patient, never a conversation. */
const participants = ['+12125550401', '+12125550402', '+12125550403', '+12125550404', '+12125550405'];
const channels = ['sms', 'whatsapp'] as const;

export const converse: Operation = async (step) => {
  const { self, scope, random } = step;
  const channel = random.pick(channels);
  const participant = random.pick(participants);
  step.note(`conversations.findOrCreate ${channel} ${participant} and messages.append`);
  const known = [...self.conversations.values()].find((c) => c.channel === channel && c.participant === participant);
  const conversation = await scope.conversations.findOrCreate(channel, participant);
  if (known) expect(conversation).toEqual(known);
  else {
    expect(conversation).toMatchObject({ tenantId: self.id, channel, participant, lastMessageAt: null });
    for (const other of step.others) expect(other.conversations.has(conversation.id)).toBe(false);
    self.conversations.set(conversation.id, conversation);
  }
  const n = step.serial();
  const { message, duplicate } = await scope.messages.append(
    conversation.id,
    messageInput(`tenant ${self.index} says ${n}`, {
      from: participant,
      provider: 'twilio',
      providerMessageId: `SM${n}`,
    }),
  );
  expect(duplicate).toBe(false);
  expect(message).toMatchObject({ tenantId: self.id, conversationId: conversation.id, providerMessageId: `SM${n}` });
  self.messages.set(message.id, message);
  // Core moves the conversation to its newest message with the message's own timestamp.
  self.conversations.set(conversation.id, {
    ...conversation,
    lastMessageAt: message.createdAt,
    updatedAt: message.createdAt,
  });
};

export const redeliverMessage: Operation = async (step) => {
  const message = pickValue(step.random, step.self.messages);
  if (!message) return converse(step);
  step.note(`messages.append of ${message.providerMessageId} again`);
  const again = await step.scope.messages.append(
    message.conversationId,
    messageInput('delivered twice', { provider: message.provider, providerMessageId: message.providerMessageId }),
  );
  expect(again).toEqual({ message, duplicate: true });
};

export const readMessage: Operation = async (step) => {
  const message = pickValue(step.random, step.self.messages);
  if (!message) return converse(step);
  step.note(`messages.get ${message.id} and conversations.get ${message.conversationId}`);
  expect(await step.scope.messages.get(message.id)).toEqual(message);
  expect(await step.scope.conversations.get(message.conversationId)).toEqual(
    step.self.conversations.get(message.conversationId),
  );
};
