import type { TenantScope } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { messageInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

const providerMessageId = 'SM-status-1';

/** An outbound message of the scope's tenant, sent through Twilio and queued there. */
async function sendMessage(scope: TenantScope) {
  const conversation = await scope.conversations.findOrCreate('sms', '+12125550100');
  const { message } = await scope.messages.append(
    conversation.id,
    messageInput('Your registration link', {
      direction: 'outbound',
      provider: 'twilio',
      providerMessageId,
      status: 'queued',
    }),
  );
  return message;
}

export function defineMessageStatusTests(context: ContractContext): void {
  describe('message delivery status', () => {
    it('moves a message forward, keeping when each status was reached, and leaves the rest of it as it was', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const message = await sendMessage(scope);
        const sent = await scope.messages.updateStatus('twilio', providerMessageId, {
          status: 'sent',
          at: '2030-01-01T10:00:00.000Z',
        });
        expect(sent).toEqual({ ...message, status: 'sent', metadata: { statusAt: '2030-01-01T10:00:00.000Z' } });
        const delivered = await scope.messages.updateStatus('twilio', providerMessageId, { status: 'delivered' });
        expect(delivered).toMatchObject({ id: message.id, tenantId: tenant.id, status: 'delivered' });
        expect(delivered?.metadata.statusAt).not.toBe('2030-01-01T10:00:00.000Z');
        expect(await scope.messages.get(message.id)).toEqual(delivered);
      });
    });

    it('ignores a status that arrives after a later one, and answers the stored message', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const message = await sendMessage(scope);
        const delivered = await scope.messages.updateStatus('twilio', providerMessageId, { status: 'delivered' });
        for (const status of ['queued', 'sending', 'sent'] as const) {
          expect(await scope.messages.updateStatus('twilio', providerMessageId, { status })).toEqual(delivered);
        }
        expect(await scope.messages.get(message.id)).toEqual(delivered);
      });
    });

    it('keeps a final status, and a repeated status changes nothing', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const message = await sendMessage(scope);
        const failed = await scope.messages.updateStatus('twilio', providerMessageId, {
          status: 'undelivered',
          error: { code: '30003', message: 'Unreachable destination handset' },
        });
        expect(failed).toMatchObject({
          status: 'undelivered',
          metadata: { statusError: { code: '30003', message: 'Unreachable destination handset' } },
        });
        expect(await scope.messages.updateStatus('twilio', providerMessageId, { status: 'undelivered' })).toEqual(
          failed,
        );
        expect(await scope.messages.updateStatus('twilio', providerMessageId, { status: 'delivered' })).toEqual(failed);
        expect(await scope.messages.updateStatus('twilio', providerMessageId, { status: 'failed' })).toEqual(failed);
        expect(await scope.messages.get(message.id)).toEqual(failed);
      });
    });

    it('answers null for a provider id no message has, or one of another provider, and stores nothing', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const message = await sendMessage(scope);
        expect(await scope.messages.updateStatus('twilio', 'SM-not-stored-yet', { status: 'sent' })).toBeNull();
        expect(await scope.messages.updateStatus('telnyx', providerMessageId, { status: 'sent' })).toBeNull();
        expect(await scope.messages.get(message.id)).toEqual(message);
        expect((await scope.messages.list(message.conversationId)).items).toEqual([message]);
      });
    });

    it('refuses a status outside the order with VALIDATION_FAILED and changes nothing', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const message = await sendMessage(scope);
        await expect(
          scope.messages.updateStatus('twilio', providerMessageId, { status: 'read' as 'sent' }),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(await scope.messages.get(message.id)).toEqual(message);
      });
    });

    it('cannot reach another tenant’s message, even by the same provider id', async () => {
      const owner = await context.createTenant();
      const other = await context.createTenant();
      const storage = context.storage();
      const message = await storage.withTenant(owner.id, sendMessage);
      const answer = await storage.withTenant(other.id, (scope) =>
        scope.messages.updateStatus('twilio', providerMessageId, { status: 'failed' }),
      );
      expect(answer).toBeNull();
      expect(await storage.withTenant(owner.id, (scope) => scope.messages.get(message.id))).toEqual(message);

      // The other tenant's own message with the same provider id moves alone.
      const theirs = await storage.withTenant(other.id, sendMessage);
      await storage.withTenant(other.id, (scope) =>
        scope.messages.updateStatus('twilio', providerMessageId, { status: 'delivered' }),
      );
      expect(await storage.withTenant(other.id, (scope) => scope.messages.get(theirs.id))).toMatchObject({
        status: 'delivered',
      });
      expect(await storage.withTenant(owner.id, (scope) => scope.messages.get(message.id))).toEqual(message);
    });
  });
}
