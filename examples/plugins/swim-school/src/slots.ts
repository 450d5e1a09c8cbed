import type { Row, TenantScope } from '@nuvatra/core';
import { z } from 'zod';

export const slotSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int().positive(),
  bookingId: z.string().nullable(),
});
export type Slot = z.infer<typeof slotSchema>;

export const bookingSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  name: z.string(),
  phone: z.string(),
  callRef: z.string().nullable(),
  appointmentId: z.string(),
  createdAt: z.string(),
});
export type Booking = z.infer<typeof bookingSchema>;

const toSlot = (row: Row) => slotSchema.parse(row);

export async function findSlot(scope: TenantScope, id: string): Promise<Slot | null> {
  const row = await scope.model('swimSlots').findOne([{ field: 'id', value: id }]);
  return row ? toSlot(row) : null;
}

export async function findBooking(scope: TenantScope, id: string): Promise<Booking | null> {
  const row = await scope.model('swimBookings').findOne([{ field: 'id', value: id }]);
  return row ? bookingSchema.parse(row) : null;
}

/** Free slots starting after `after`, soonest first. */
export async function listFreeSlots(scope: TenantScope, after: Date, limit: number): Promise<Slot[]> {
  const rows = await scope.model('swimSlots').findMany({
    where: [
      { field: 'startsAt', op: 'gt', value: after.toISOString() },
      { field: 'bookingId', value: null },
    ],
    orderBy: [{ field: 'startsAt', direction: 'asc' }],
    limit,
  });
  return rows.map(toSlot);
}

/**
 * Takes a free slot for a booking: one UPDATE that changes the row only while it is still free, so two callers
 * racing for it (two transactions on Postgres) cannot both get it. Answers whether this booking got it.
 */
export async function claimSlot(scope: TenantScope, slotId: string, bookingId: string): Promise<boolean> {
  const changed = await scope.model('swimSlots').update(
    [
      { field: 'id', value: slotId },
      { field: 'bookingId', value: null },
    ],
    { bookingId },
  );
  return changed === 1;
}

export function endOf(slot: Slot): string {
  return new Date(Date.parse(slot.startsAt) + slot.durationMinutes * 60_000).toISOString();
}
