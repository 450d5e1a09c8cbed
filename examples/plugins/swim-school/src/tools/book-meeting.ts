import { createHttpError, createId, e164Schema, type TenantScope, type ToolCallOrigin } from '@nuvatra/core';
import { z } from 'zod';
import type { SwimSchoolSettings } from '../options.js';
import { type Booking, claimSlot, endOf, findBooking, findSlot, type Slot } from '../slots.js';
import { defineSchemaTool } from './define-tool.js';

const args = z
  .object({
    slotId: z.string().min(1).describe('A slotId from get_available_slots'),
    name: z.string().trim().min(1).max(200).describe("The parent's name"),
    phone: e164Schema.describe("The parent's phone number, in E.164 (+15551234567)"),
  })
  .strict();

/**
 * `book_meeting`: books a slot, and the meeting shows in the dashboard as an appointment. Idempotent: the same call
 * (or the same phone) asking again for the slot it already holds gets its booking back, not an error, since voice
 * AIs retry; anyone else gets a CONFLICT the voice AI reads as "that time was just taken".
 */
export function bookMeetingTool(settings: SwimSchoolSettings) {
  return defineSchemaTool({
    description: 'Books a meeting with the swim school in a free slot from get_available_slots.',
    args,
    async handle({ scope, call }, input) {
      const slot = await findSlot(scope, input.slotId);
      if (!slot) throw createHttpError('NOT_FOUND', `There is no slot "${input.slotId}"; ask get_available_slots.`);
      const held = slot.bookingId ? await findBooking(scope, slot.bookingId) : null;
      if (held) return answerHeld(held, slot, input.phone, call);
      if (Date.parse(slot.startsAt) <= settings.now().getTime()) {
        throw createHttpError('VALIDATION_FAILED', 'That slot has already started; offer another one.');
      }
      const bookingId = createId('swb');
      if (!(await claimSlot(scope, slot.id, bookingId))) {
        // Taken between our read and our write: answer as if we had read it taken.
        const winner = await findSlot(scope, slot.id);
        const booking = winner?.bookingId ? await findBooking(scope, winner.bookingId) : null;
        if (booking) return answerHeld(booking, slot, input.phone, call);
        throw taken();
      }
      return book(scope, { slot, bookingId, ...input, callRef: call?.providerCallId ?? null, now: settings.now() });
    },
  });
}

async function book(
  scope: TenantScope,
  input: { slot: Slot; bookingId: string; name: string; phone: string; callRef: string | null; now: Date },
) {
  const { slot } = input;
  const appointment = await scope.appointments.create({
    customerName: input.name,
    customerPhone: input.phone,
    service: 'Swim school meeting',
    startsAt: slot.startsAt,
    endsAt: endOf(slot),
    metadata: { plugin: 'swim-school', slotId: slot.id, ...(input.callRef ? { callRef: input.callRef } : {}) },
  });
  await scope.model('swimBookings').insert({
    id: input.bookingId,
    slotId: slot.id,
    name: input.name,
    phone: input.phone,
    callRef: input.callRef,
    appointmentId: appointment.id,
    createdAt: input.now.toISOString(),
  });
  return { booked: true, bookingId: input.bookingId, startsAt: slot.startsAt, endsAt: endOf(slot) };
}

function answerHeld(booking: Booking, slot: Slot, phone: string, call: ToolCallOrigin | null) {
  const sameCall = call !== null && booking.callRef === call.providerCallId;
  if (!sameCall && booking.phone !== phone) throw taken();
  return { booked: true, bookingId: booking.id, startsAt: slot.startsAt, endsAt: endOf(slot), alreadyBooked: true };
}

function taken() {
  return createHttpError('CONFLICT', 'That time was just taken; offer another slot from get_available_slots.');
}
