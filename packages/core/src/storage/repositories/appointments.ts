import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import {
  type Appointment,
  appointmentSchema,
  createAppointmentInputSchema,
  updateAppointmentInputSchema,
} from '../../schemas/appointment.js';
import type { PageRequest } from '../../schemas/common.js';
import type { Row } from '../driver.js';
import { byId, entityOperations, notFound } from '../entity.js';
import { createId } from '../ids.js';
import type { RepositoryContext } from './context.js';

export function appointmentsRepository({ tenantId, session, now }: RepositoryContext) {
  const ops = entityOperations({
    session,
    model: 'appointments',
    schema: appointmentSchema,
    what: 'appointment',
    updateSchema: updateAppointmentInputSchema,
    now,
    validate(next) {
      if (next.endsAt && next.endsAt <= next.startsAt) {
        throw createHttpError('VALIDATION_FAILED', 'Invalid appointment: endsAt must be after startsAt.');
      }
    },
  });
  async function requireCall(callId: string | null) {
    if (callId && !(await session.findOne('calls', byId(callId)))) notFound('call', callId);
  }
  return {
    get: ops.get,
    delete: ops.delete,
    list: (page?: PageRequest) => ops.list(page),
    async create(input: unknown): Promise<Appointment> {
      const values = parseOrThrow(createAppointmentInputSchema, input, 'appointment');
      await requireCall(values.callId);
      const timestamp = now();
      const appointment: Appointment = {
        ...values,
        id: createId('appt'),
        tenantId,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      await session.insert('appointments', appointment as Row);
      return appointment;
    },
    async update(id: string, patch: unknown): Promise<Appointment> {
      const changes = parseOrThrow(updateAppointmentInputSchema, patch, 'appointment update');
      if (changes.callId) await requireCall(changes.callId);
      return ops.update(id, changes);
    },
  };
}
export type AppointmentsRepository = ReturnType<typeof appointmentsRepository>;
