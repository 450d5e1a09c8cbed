import { describe, expect, it } from 'vitest';
import {
  appointmentInput,
  auditInput,
  callInput,
  configInput,
  intentInput,
  messageInput,
  promptSectionsInput,
} from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineRollbackTests(context: ContractContext): void {
  describe('transactions', () => {
    it('keeps none of the writes of a withTenant callback that throws midway, and passes its error through', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const failure = new Error('failure midway through the callback');
      await expect(
        storage.withTenant(tenant.id, async (scope) => {
          await scope.calls.create(callInput(1));
          await scope.intents.create(intentInput('book_appointment'));
          await scope.config.put(configInput('Rolled Back'));
          await scope.prompt.put(promptSectionsInput('rolled back'));
          await scope.phoneNumbers.create({ number: '+12125550181', kind: 'owned' });
          await scope.phoneNumbers.create({ number: '+12125550182', kind: 'forwarding' });
          await scope.members.add({ userId: 'user_rollback', role: 'owner' });
          const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
          await scope.messages.append(
            conversation.id,
            messageInput('hello', { provider: 'twilio', providerMessageId: 'SM1' }),
          );
          await scope.appointments.create(appointmentInput(1));
          await scope.auditEvents.record(auditInput('call.refused'));
          await scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_rollback' });
          throw failure;
        }),
      ).rejects.toBe(failure);

      await storage.withTenant(tenant.id, async (scope) => {
        expect((await scope.calls.list()).items).toEqual([]);
        expect(await scope.intents.all()).toEqual([]);
        expect(await scope.config.get()).toBeNull();
        expect(await scope.prompt.get()).toBeNull();
        expect(await scope.phoneNumbers.list()).toEqual([]);
        expect(await scope.members.list()).toEqual([]);
        expect((await scope.conversations.list()).items).toEqual([]);
        expect((await scope.appointments.list()).items).toEqual([]);
        expect((await scope.auditEvents.list()).items).toEqual([]);
        expect(await scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_rollback' })).toEqual({
          duplicate: false,
        });
      });
      expect(await storage.routing.tenantIdByNumber('+12125550181', 'owned')).toBeNull();
      expect(await storage.routing.tenantIdByNumber('+12125550182', 'forwarding')).toBeNull();
      expect(await storage.routing.tenantIdsForUser('user_rollback')).toEqual([]);
    });

    it('keeps the writes of earlier withTenant calls when a later one fails', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const kept = await storage.withTenant(tenant.id, (scope) => scope.calls.create(callInput('kept')));
      await expect(
        storage.withTenant(tenant.id, async (scope) => {
          await scope.calls.update(kept.id, { status: 'completed' });
          await scope.calls.create(callInput('dropped'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const calls = await storage.withTenant(tenant.id, (scope) => scope.calls.list());
      expect(calls.items).toEqual([kept]);
    });
  });
}
