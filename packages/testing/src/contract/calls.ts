import { describe, expect, it } from 'vitest';
import { callInput } from '../fixtures/inputs.js';
import { newestFirst } from '../fixtures/pages.js';
import type { ContractContext } from './context.js';

export function defineCallTests(context: ContractContext): void {
  describe('calls', () => {
    it('creates a call with defaults and reads it back by id and by provider call id', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const call = await scope.calls.create(callInput(1, { metadata: { campaign: 'spring' }, cost: 0.25 }));
        expect(call).toMatchObject({
          tenantId: tenant.id,
          provider: 'twilio',
          providerCallId: 'CA1',
          direction: 'inbound',
          status: 'queued',
          forwardedFrom: null,
          messages: [],
          metadata: { campaign: 'spring' },
          cost: 0.25,
        });
        expect(call.createdAt).toBe(call.updatedAt);
        expect(await scope.calls.get(call.id)).toEqual(call);
        expect(await scope.calls.getByProviderCallId('twilio', 'CA1')).toEqual(call);
      });
    });

    it('answers null for a call id or provider call id that does not exist', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        await scope.calls.create(callInput(1));
        expect(await scope.calls.get('call_missing')).toBeNull();
        expect(await scope.calls.getByProviderCallId('twilio', 'CA_missing')).toBeNull();
        expect(await scope.calls.getByProviderCallId('vapi', 'CA1')).toBeNull();
      });
    });

    it('updates a call and keeps the fields the patch does not name', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const call = await scope.calls.create(callInput(1, { summary: 'first' }));
        const updated = await scope.calls.update(call.id, {
          status: 'completed',
          durationSeconds: 93,
          messages: [{ role: 'user', text: 'Hi', secondsFromStart: 1.5 }],
        });
        expect(updated).toEqual({
          ...call,
          status: 'completed',
          durationSeconds: 93,
          messages: updated.messages,
          updatedAt: updated.updatedAt,
        });
        expect(updated.messages).toEqual([{ role: 'user', text: 'Hi', secondsFromStart: 1.5 }]);
        expect(updated.updatedAt >= call.updatedAt).toBe(true);
        expect(await scope.calls.get(call.id)).toEqual(updated);
      });
    });

    it('deletes a call, after which get answers null and another delete or update throws NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const call = await scope.calls.create(callInput(1));
        const kept = await scope.calls.create(callInput(2));
        await scope.calls.delete(call.id);
        expect(await scope.calls.get(call.id)).toBeNull();
        await expect(scope.calls.delete(call.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(scope.calls.update(call.id, { status: 'failed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await scope.calls.list()).items).toEqual([kept]);
      });
    });

    it('refuses a second call with the same provider call id with CONFLICT and keeps the first', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const first = await storage.withTenant(tenant.id, (scope) => scope.calls.create(callInput(1)));
      // An expected CONFLICT runs in its own withTenant: a failed statement aborts a Postgres transaction.
      await expect(
        storage.withTenant(tenant.id, (scope) => scope.calls.create(callInput(1, { to: '+12125550111' }))),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect((await storage.withTenant(tenant.id, (scope) => scope.calls.list())).items).toEqual([first]);
    });

    it('filters calls by createdAt with an inclusive from and an exclusive to', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const calls = [];
        for (let i = 0; i < 5; i++) calls.push(await scope.calls.create(callInput(i)));
        const sorted = [...calls].sort(newestFirst);
        const middle = sorted[2]!.createdAt;
        const from = await scope.calls.list({ limit: 50 }, { from: middle });
        expect(from.items).toEqual(sorted.filter((call) => call.createdAt >= middle));
        const to = await scope.calls.list({ limit: 50 }, { to: middle });
        expect(to.items).toEqual(sorted.filter((call) => call.createdAt < middle));
        expect((await scope.calls.list({}, { from: '2999-01-01T00:00:00.000Z' })).items).toEqual([]);
        expect((await scope.calls.list({}, { to: '2000-01-01T00:00:00.000Z' })).items).toEqual([]);
      });
    });
  });
}
