import { describe, expect, it } from 'vitest';
import { messageInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineConversationTests(context: ContractContext): void {
  describe('conversations and messages', () => {
    it('creates a conversation and reads it back by id', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        expect(conversation).toMatchObject({ tenantId: tenant.id, channel: 'sms', subject: null, lastMessageAt: null });
        expect(await scope.conversations.get(conversation.id)).toEqual(conversation);
        expect(await scope.conversations.get('conv_missing')).toBeNull();
      });
    });

    it('finds the conversation of a participant on a channel, and starts one only when there is none', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const first = await scope.conversations.findOrCreate('sms', '+12125550100');
        expect(await scope.conversations.findOrCreate('sms', '+12125550100')).toEqual(first);
        const other = await scope.conversations.findOrCreate('whatsapp', '+12125550100');
        expect(other.id).not.toBe(first.id);
        expect((await scope.conversations.list()).items).toHaveLength(2);
      });
    });

    it('appends a message, reads it back, and moves the conversation lastMessageAt to it', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        const { message, duplicate } = await scope.messages.append(conversation.id, messageInput('Hi there'));
        expect(duplicate).toBe(false);
        expect(message).toMatchObject({
          tenantId: tenant.id,
          conversationId: conversation.id,
          body: 'Hi there',
          provider: null,
        });
        expect(await scope.messages.get(message.id)).toEqual(message);
        expect(await scope.messages.get('msg_missing')).toBeNull();
        expect((await scope.conversations.get(conversation.id))?.lastMessageAt).toBe(message.createdAt);
      });
    });

    it('lists only the messages of the conversation asked for', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const one = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        const two = await scope.conversations.create({ channel: 'sms', participant: '+12125550101' });
        const mine = await scope.messages.append(one.id, messageInput('for one'));
        await scope.messages.append(two.id, messageInput('for two'));
        expect((await scope.messages.list(one.id)).items).toEqual([mine.message]);
      });
    });

    it('stores a message with a repeated provider message id once and answers the stored one as a duplicate', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        const ids = { provider: 'twilio', providerMessageId: 'SM123' } as const;
        const first = await scope.messages.append(conversation.id, messageInput('once', ids));
        const again = await scope.messages.append(conversation.id, messageInput('once, delivered again', ids));
        expect(again).toEqual({ message: first.message, duplicate: true });
        expect((await scope.messages.list(conversation.id)).items).toEqual([first.message]);
      });
    });

    it('refuses a provider message id without its provider, which could not be deduplicated', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        await expect(
          scope.messages.append(conversation.id, messageInput('no provider', { providerMessageId: 'SM124' })),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        expect((await scope.messages.list(conversation.id)).items).toEqual([]);
      });
    });

    it('stores every message that has no provider message id', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'web', participant: 'visitor-1' });
        const first = await scope.messages.append(conversation.id, messageInput('same words'));
        const second = await scope.messages.append(conversation.id, messageInput('same words'));
        expect(second.duplicate).toBe(false);
        expect(second.message.id).not.toBe(first.message.id);
        expect((await scope.messages.list(conversation.id)).items).toHaveLength(2);
      });
    });

    it('refuses to append to or list a conversation that does not exist with NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        await expect(scope.messages.append('conv_missing', messageInput('lost'))).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        await expect(scope.messages.list('conv_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await scope.conversations.list()).items).toEqual([]);
      });
    });
  });
}
