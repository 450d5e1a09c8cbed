import { z } from 'zod';
import { e164Schema, idSchema, metadataSchema, timestampSchema } from './common.js';

export const appointmentStatusSchema = z.enum(['booked', 'cancelled', 'completed', 'no-show']);

const appointmentFields = {
  callId: idSchema.nullable(),
  customerName: z.string().min(1).max(200),
  customerPhone: e164Schema.nullable(),
  service: z.string().max(200).nullable(),
  /** Restaurants book tables for a party; clinics leave it null. */
  partySize: z.number().int().min(1).max(1000).nullable(),
  startsAt: timestampSchema,
  endsAt: timestampSchema.nullable(),
  status: appointmentStatusSchema,
  notes: z.string().max(4000).nullable(),
  externalEventId: z.string().max(255).nullable(),
  metadata: metadataSchema,
};

export const appointmentSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  ...appointmentFields,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Appointment = z.infer<typeof appointmentSchema>;

const endsAfterStart = (value: { startsAt?: string; endsAt?: string | null }) =>
  !value.startsAt || !value.endsAt || value.endsAt > value.startsAt;

export const createAppointmentInputSchema = z
  .object({
    callId: appointmentFields.callId.default(null),
    customerName: appointmentFields.customerName,
    customerPhone: appointmentFields.customerPhone.default(null),
    service: appointmentFields.service.default(null),
    partySize: appointmentFields.partySize.default(null),
    startsAt: appointmentFields.startsAt,
    endsAt: appointmentFields.endsAt.default(null),
    status: appointmentFields.status.default('booked'),
    notes: appointmentFields.notes.default(null),
    externalEventId: appointmentFields.externalEventId.default(null),
    metadata: appointmentFields.metadata.default({}),
  })
  .strict()
  .refine(endsAfterStart, { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateAppointmentInput = z.input<typeof createAppointmentInputSchema>;

export const updateAppointmentInputSchema = z.object(appointmentFields).partial().strict();
export type UpdateAppointmentInput = z.input<typeof updateAppointmentInputSchema>;
