import { describe, expect, it } from 'vitest';
import { configInput, promptSectionsInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineSettingsTests(context: ContractContext): void {
  describe('tenant config and prompts', () => {
    it('answers null for a config never put, then the config put with its defaults filled in', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        expect(await scope.config.get()).toBeNull();
        const stored = await scope.config.put({ businessProfile: { name: 'Acme Dental' }, timezone: 'Europe/Berlin' });
        expect(stored).toMatchObject({
          businessProfile: { name: 'Acme Dental', description: '' },
          timezone: 'Europe/Berlin',
          languages: ['en'],
          greeting: {},
          services: [],
          voiceAgent: { provider: 'vapi' },
        });
        expect(await scope.config.get()).toEqual(stored);
      });
    });

    it('replaces the whole config on put, so a field left out returns to its default', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        await scope.config.put(configInput('First', { services: [{ name: 'Cleaning', durationMinutes: 30 }] }));
        const second = await scope.config.put(configInput('Second'));
        expect(second.services).toEqual([]);
        expect(await scope.config.get()).toEqual(second);
      });
    });

    it('refuses an invalid config with VALIDATION_FAILED and keeps the config stored before', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const stored = await scope.config.put(configInput('Kept'));
        const invalid: unknown[] = [
          configInput('Bad zone', { timezone: 'Mars/Olympus_Mons' }),
          { ...configInput('Unknown field'), colour: 'blue' },
          { timezone: 'Europe/Berlin' },
          configInput('Bad hours', {
            workingHours: { weekly: { mon: [{ open: '18:00', close: '09:00' }] }, exceptions: [] },
          }),
          'not an object',
          null,
        ];
        for (const input of invalid) {
          await expect(scope.config.put(input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        }
        expect(await scope.config.get()).toEqual(stored);
      });
    });

    it('puts and gets the tenant prompt sections, refusing duplicate keys with VALIDATION_FAILED', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        expect(await scope.prompt.get()).toBeNull();
        const bundle = await scope.prompt.put(promptSectionsInput('tenant'));
        expect(bundle.tenantId).toBe(tenant.id);
        expect(bundle.sections.map((section) => section.enabled)).toEqual([true, true]);
        expect(await scope.prompt.get()).toEqual(bundle);
        const duplicated = [
          { key: 'tone', content: 'a' },
          { key: 'tone', content: 'b' },
        ];
        await expect(scope.prompt.put(duplicated)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(scope.prompt.put([{ key: 'Not A Key', content: 'x' }])).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
        expect(await scope.prompt.get()).toEqual(bundle);
      });
    });

    it('keeps one tenant config and prompt out of another tenant', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(a.id, async (scope) => {
        await scope.config.put(configInput('Only A'));
        await scope.prompt.put(promptSectionsInput('only a'));
      });
      await storage.withTenant(b.id, async (scope) => {
        expect(await scope.config.get()).toBeNull();
        expect(await scope.prompt.get()).toBeNull();
      });
    });

    it('puts and gets the global prompt, refusing invalid sections with VALIDATION_FAILED', async () => {
      const storage = context.storage();
      expect(await storage.globalPrompt.get()).toBeNull();
      const bundle = await storage.globalPrompt.put(promptSectionsInput('global'));
      expect(bundle.tenantId).toBeNull();
      expect(await storage.globalPrompt.get()).toEqual(bundle);
      const replaced = await storage.globalPrompt.put([{ key: 'tone', content: 'Be brief.', enabled: false }]);
      expect(await storage.globalPrompt.get()).toEqual(replaced);
      await expect(storage.globalPrompt.put({ tone: 'not an array' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await storage.globalPrompt.get()).toEqual(replaced);
    });
  });
}
