import { describe, expect, it } from 'vitest';
import { intentInput } from '../fixtures/inputs.js';
import { oldestFirst } from '../fixtures/pages.js';
import type { ContractContext } from './context.js';

export function defineIntentTests(context: ContractContext): void {
  describe('intents', () => {
    it('creates an intent with defaults and reads it back by id', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const intent = await scope.intents.create({ name: 'opening_hours' });
        expect(intent).toMatchObject({
          tenantId: tenant.id,
          name: 'opening_hours',
          description: '',
          examplePhrases: {},
          responses: {},
          enabled: true,
        });
        expect(await scope.intents.get(intent.id)).toEqual(intent);
        expect(await scope.intents.get('int_missing')).toBeNull();
      });
    });

    it('updates an intent and keeps the fields the patch does not name', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const intent = await scope.intents.create(intentInput('book_appointment'));
        const updated = await scope.intents.update(intent.id, {
          enabled: false,
          responses: { en: 'Booked.', ru: 'Записал.' },
        });
        expect(updated).toEqual({
          ...intent,
          enabled: false,
          responses: { en: 'Booked.', ru: 'Записал.' },
          updatedAt: updated.updatedAt,
        });
        expect(await scope.intents.get(intent.id)).toEqual(updated);
      });
    });

    it('deletes an intent, after which get answers null and another delete or update throws NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const intent = await scope.intents.create(intentInput('pricing'));
        await scope.intents.delete(intent.id);
        expect(await scope.intents.get(intent.id)).toBeNull();
        await expect(scope.intents.delete(intent.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(scope.intents.update(intent.id, { enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });

    it('returns every intent oldest first from all()', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const created = [];
        for (const name of ['greeting', 'pricing', 'directions', 'insurance'])
          created.push(await scope.intents.create(intentInput(name)));
        expect(await scope.intents.all()).toEqual([...created].sort(oldestFirst));
      });
    });

    it('refuses a second intent of the same name, or a rename onto one, with CONFLICT and changes nothing', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const [first, second] = await storage.withTenant(tenant.id, async (scope) => [
        await scope.intents.create(intentInput('pricing')),
        await scope.intents.create(intentInput('directions')),
      ]);
      await expect(
        storage.withTenant(tenant.id, (scope) => scope.intents.create(intentInput('pricing'))),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(
        storage.withTenant(tenant.id, (scope) => scope.intents.update(second!.id, { name: 'pricing' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await storage.withTenant(tenant.id, (scope) => scope.intents.all())).toEqual(
        [first, second].sort(oldestFirst),
      );
    });
  });
}
