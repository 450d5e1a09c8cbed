import { describe, expect, it } from 'vitest';
import { auditInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineAuditTests(context: ContractContext): void {
  describe('audit events and webhook receipts', () => {
    it('records an audit event with defaults and lists it', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const event = await scope.auditEvents.record(
          auditInput('tenant.impersonated', { actor: { type: 'user', id: 'user_admin' } }),
        );
        expect(event).toMatchObject({
          tenantId: tenant.id,
          actor: { type: 'user', id: 'user_admin' },
          action: 'tenant.impersonated',
          target: null,
          detail: {},
        });
        expect((await scope.auditEvents.list()).items).toEqual([event]);
      });
    });

    it('answers duplicate only for a webhook event recorded before by the same tenant and provider', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(a.id, async (scope) => {
        expect(await scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_1' })).toEqual({
          duplicate: false,
        });
        expect(await scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_1' })).toEqual({
          duplicate: true,
        });
        expect(await scope.webhookReceipts.record({ provider: 'vapi', eventId: 'evt_1' })).toEqual({
          duplicate: false,
        });
      });
      expect(
        await storage.withTenant(a.id, (scope) =>
          scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_1' }),
        ),
      ).toEqual({ duplicate: true });
      expect(
        await storage.withTenant(b.id, (scope) =>
          scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_1' }),
        ),
      ).toEqual({ duplicate: false });
    });
  });
}
