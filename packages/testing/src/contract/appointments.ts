import { describe, expect, it } from 'vitest';
import { appointmentInput, callInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

export function defineAppointmentTests(context: ContractContext): void {
  describe('appointments', () => {
    it('creates an appointment with defaults and reads it back by id', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const appointment = await scope.appointments.create({
          customerName: 'Ada',
          startsAt: '2030-02-01T10:00:00.000Z',
        });
        expect(appointment).toMatchObject({
          tenantId: tenant.id,
          callId: null,
          customerName: 'Ada',
          customerPhone: null,
          partySize: null,
          endsAt: null,
          status: 'booked',
          metadata: {},
        });
        expect(await scope.appointments.get(appointment.id)).toEqual(appointment);
        expect(await scope.appointments.get('appt_missing')).toBeNull();
      });
    });

    it('links an appointment to a call of the same tenant and refuses a call that does not exist with NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const call = await scope.calls.create(callInput(1));
        const linked = await scope.appointments.create(appointmentInput(1, { callId: call.id }));
        expect((await scope.appointments.get(linked.id))?.callId).toBe(call.id);
        await expect(scope.appointments.create(appointmentInput(2, { callId: 'call_missing' }))).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        await expect(scope.appointments.update(linked.id, { callId: 'call_missing' })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect((await scope.appointments.list()).items).toEqual([linked]);
      });
    });

    it('keeps an appointment when its call is deleted, without the link', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const call = await scope.calls.create(callInput(1));
        const linked = await scope.appointments.create(appointmentInput(1, { callId: call.id }));
        await scope.calls.delete(call.id);
        expect(await scope.appointments.get(linked.id)).toMatchObject({ id: linked.id, callId: null });
      });
    });

    it('updates an appointment and keeps the fields the patch does not name', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const appointment = await scope.appointments.create(appointmentInput(1, { partySize: 4 }));
        const updated = await scope.appointments.update(appointment.id, {
          status: 'cancelled',
          notes: 'Called to cancel',
        });
        expect(updated).toEqual({
          ...appointment,
          status: 'cancelled',
          notes: 'Called to cancel',
          updatedAt: updated.updatedAt,
        });
        expect(await scope.appointments.get(appointment.id)).toEqual(updated);
      });
    });

    it('refuses an appointment that ends before it starts with VALIDATION_FAILED, on create and on update', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const input = appointmentInput(1, { startsAt: '2030-01-15T10:00:00.000Z', endsAt: '2030-01-15T09:00:00.000Z' });
        await expect(scope.appointments.create(input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        const appointment = await scope.appointments.create(appointmentInput(2));
        await expect(
          scope.appointments.update(appointment.id, { startsAt: '2030-01-16T09:00:00.000Z' }),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        expect((await scope.appointments.list()).items).toEqual([appointment]);
      });
    });

    it('deletes an appointment, after which get answers null and another delete or update throws NOT_FOUND', async () => {
      const tenant = await context.createTenant();
      await context.storage().withTenant(tenant.id, async (scope) => {
        const appointment = await scope.appointments.create(appointmentInput(1));
        await scope.appointments.delete(appointment.id);
        expect(await scope.appointments.get(appointment.id)).toBeNull();
        await expect(scope.appointments.delete(appointment.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(scope.appointments.update(appointment.id, { status: 'completed' })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      });
    });
  });
}
