import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

export function definePhoneNumberTests(context: ContractContext): void {
  describe('phone numbers', () => {
    it('registers a number and reads it back by id, by number and in the list', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const number = await storage.withTenant(tenant.id, async (scope) => {
        const created = await scope.phoneNumbers.create({
          number: '+12125550123',
          kind: 'owned',
          provider: 'twilio',
          label: 'Front desk',
        });
        expect(created).toMatchObject({
          tenantId: tenant.id,
          e164: '+12125550123',
          kind: 'owned',
          provider: 'twilio',
          label: 'Front desk',
        });
        expect(await scope.phoneNumbers.get(created.id)).toEqual(created);
        expect(await scope.phoneNumbers.findByNumber('+12125550123', 'owned')).toEqual(created);
        expect(await scope.phoneNumbers.findByNumber('+12125550123', 'forwarding')).toBeNull();
        expect(await scope.phoneNumbers.get('pn_missing')).toBeNull();
        expect(await scope.phoneNumbers.list()).toEqual([created]);
        return created;
      });
      expect(await storage.routing.tenantIdByNumber(number.e164, 'owned')).toBe(tenant.id);
    });

    it('deletes a number, frees it for another tenant, and throws NOT_FOUND on a second delete', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(a.id, async (scope) => {
        const number = await scope.phoneNumbers.create({ number: '+12125550123', kind: 'owned' });
        await scope.phoneNumbers.delete(number.id);
        expect(await scope.phoneNumbers.get(number.id)).toBeNull();
        await expect(scope.phoneNumbers.delete(number.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
      expect(await storage.routing.tenantIdByNumber('+12125550123', 'owned')).toBeNull();
      await storage.withTenant(b.id, (scope) => scope.phoneNumbers.create({ number: '+12125550123', kind: 'owned' }));
      expect(await storage.routing.tenantIdByNumber('+12125550123', 'owned')).toBe(b.id);
    });

    it('normalises a number however it is typed, so all spellings are one number held by one tenant', async () => {
      const [a, b, c] = [await context.createTenant(), await context.createTenant(), await context.createTenant()];
      const storage = context.storage();
      const created = await storage.withTenant(a.id, (scope) =>
        scope.phoneNumbers.create({ number: '+1 (555) 111-1111', kind: 'owned' }),
      );
      expect(created.e164).toBe('+15551111111');
      await expect(
        storage.withTenant(b.id, (scope) =>
          scope.phoneNumbers.create({ number: '15551111111', region: 'US', kind: 'owned' }),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        storage.withTenant(c.id, (scope) => scope.phoneNumbers.create({ number: '+15551111111', kind: 'owned' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const national = await storage.withTenant(a.id, (scope) =>
        scope.phoneNumbers.create({ number: '15551111111', region: 'US', kind: 'forwarding' }),
      );
      expect(national.e164).toBe('+15551111111');
      expect(await storage.routing.tenantIdByNumber('+15551111111', 'owned')).toBe(a.id);
      for (const tenant of [b, c]) {
        expect(await storage.withTenant(tenant.id, (scope) => scope.phoneNumbers.list())).toEqual([]);
      }
    });

    it('refuses a forwarding number another tenant registered with CONFLICT and leaves its registration unchanged', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      const registered = await storage.withTenant(a.id, (scope) =>
        scope.phoneNumbers.create({ number: '+12125550150', kind: 'forwarding' }),
      );
      await expect(
        storage.withTenant(b.id, (scope) =>
          scope.phoneNumbers.create({ number: '(212) 555-0150', region: 'US', kind: 'forwarding' }),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await storage.withTenant(a.id, (scope) => scope.phoneNumbers.list())).toEqual([registered]);
      expect(await storage.withTenant(b.id, (scope) => scope.phoneNumbers.list())).toEqual([]);
      expect(await storage.routing.tenantIdByNumber('+12125550150', 'forwarding')).toBe(a.id);
    });

    it('refuses another tenant’s line in the other kind too, while one tenant may hold its number in both kinds', async () => {
      const a = await context.createTenant();
      const b = await context.createTenant();
      const storage = context.storage();
      await storage.withTenant(a.id, (scope) =>
        scope.phoneNumbers.create({ number: '+12125550151', kind: 'forwarding' }),
      );
      await expect(
        storage.withTenant(b.id, (scope) => scope.phoneNumbers.create({ number: '+12125550151', kind: 'owned' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await storage.withTenant(b.id, (scope) => scope.phoneNumbers.create({ number: '+12125550152', kind: 'owned' }));
      await expect(
        storage.withTenant(a.id, (scope) => scope.phoneNumbers.create({ number: '+12125550152', kind: 'forwarding' })),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await storage.withTenant(a.id, (scope) => scope.phoneNumbers.create({ number: '+12125550151', kind: 'owned' }));
      expect(await storage.routing.tenantIdByNumber('+12125550151', 'owned')).toBe(a.id);
      expect(await storage.routing.tenantIdByNumber('+12125550152', 'forwarding')).toBeNull();
    });

    it('refuses something that is not a phone number with INVALID_PHONE_NUMBER and writes nothing', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        for (const number of ['not a number', '12', '+1555111111abc', '555-0100 ext 5']) {
          await expect(scope.phoneNumbers.create({ number, kind: 'owned' })).rejects.toMatchObject({
            code: 'INVALID_PHONE_NUMBER',
          });
        }
        expect(await scope.phoneNumbers.list()).toEqual([]);
      });
    });

    it('refuses an owned or forwarding number that is a shared number with CONFLICT, and a shared number a tenant holds', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      await storage.sharedNumbers.add({ number: '+12125550160' });
      for (const kind of ['owned', 'forwarding'] as const) {
        await expect(
          storage.withTenant(tenant.id, (scope) => scope.phoneNumbers.create({ number: '+1 212 555 0160', kind })),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
      }
      expect(await storage.routing.tenantIdByNumber('+12125550160', 'owned')).toBeNull();
      await storage.withTenant(tenant.id, (scope) =>
        scope.phoneNumbers.create({ number: '+12125550161', kind: 'owned' }),
      );
      await expect(storage.sharedNumbers.add({ number: '+12125550161' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await storage.routing.isSharedNumber('+12125550161')).toBe(false);
    });

    it('adds, lists and removes shared numbers, refusing a duplicate with CONFLICT and an unknown removal with NOT_FOUND', async () => {
      const storage = context.storage();
      const first = await storage.sharedNumbers.add({ number: '(212) 555-0171', region: 'US', label: 'Assistant' });
      expect(first).toMatchObject({ e164: '+12125550171', label: 'Assistant', provider: null });
      const second = await storage.sharedNumbers.add({ number: '+12125550170', provider: 'twilio' });
      const listed = await storage.sharedNumbers.list();
      expect([...listed].sort((x, y) => x.e164.localeCompare(y.e164))).toEqual([second, first]);
      expect(await storage.routing.isSharedNumber('+12125550171')).toBe(true);
      await expect(storage.sharedNumbers.add({ number: '+12125550171' })).rejects.toMatchObject({ code: 'CONFLICT' });
      await storage.sharedNumbers.remove('+12125550171');
      expect(await storage.routing.isSharedNumber('+12125550171')).toBe(false);
      expect(await storage.sharedNumbers.list()).toEqual([second]);
      await expect(storage.sharedNumbers.remove('+12125550171')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(storage.sharedNumbers.add({ number: 'call me maybe' })).rejects.toMatchObject({
        code: 'INVALID_PHONE_NUMBER',
      });
    });
  });
}
