import { expect } from 'vitest';
import { appointmentInput, callInput, intentInput } from '../fixtures/inputs.js';
import { type Operation, pickValue, type Step } from './model.js';

const callStatuses = ['ringing', 'in-progress', 'completed', 'no-answer', 'busy'] as const;
const appointmentStatuses = ['booked', 'cancelled', 'completed', 'no-show'] as const;
/** Every tenant draws from the same names: two clinics both have `book_appointment`. */
const intentNames = [
  'book_appointment',
  'cancel_appointment',
  'reschedule',
  'opening_hours',
  'pricing',
  'directions',
  'insurance',
  'parking',
  'emergency',
  'callback',
];

export const createCall: Operation = async (step) => {
  const n = step.serial();
  step.note(`calls.create CA${n}`);
  const call = await step.scope.calls.create(
    callInput(n, { status: step.random.pick(callStatuses), metadata: { tenant: step.self.index, n } }),
  );
  expect(call.tenantId).toBe(step.self.id);
  step.self.calls.set(call.id, call);
};

export const updateCall: Operation = async (step) => {
  const call = pickValue(step.random, step.self.calls);
  if (!call) return createCall(step);
  step.note(`calls.update ${call.id}`);
  const patch = {
    status: step.random.pick(callStatuses),
    summary: `summary ${step.serial()}`,
    durationSeconds: step.random.int(0, 900),
  };
  const updated = await step.scope.calls.update(call.id, patch);
  expect(updated).toEqual({ ...call, ...patch, updatedAt: updated.updatedAt });
  step.self.calls.set(call.id, updated);
};

export const deleteCall: Operation = async (step) => {
  const call = pickValue(step.random, step.self.calls);
  if (!call) return createCall(step);
  step.note(`calls.delete ${call.id}`);
  await step.scope.calls.delete(call.id);
  step.self.calls.delete(call.id);
  expect(await step.scope.calls.get(call.id)).toBeNull();
  // Appointments booked during the call stay, unlinked.
  for (const appointment of [...step.self.appointments.values()].filter((a) => a.callId === call.id)) {
    const stored = await step.scope.appointments.get(appointment.id);
    expect(stored).toEqual({ ...appointment, callId: null, updatedAt: stored?.updatedAt });
    if (stored) step.self.appointments.set(appointment.id, stored);
  }
};

export const readCall: Operation = async (step) => {
  const call = pickValue(step.random, step.self.calls);
  if (!call) return createCall(step);
  step.note(`calls.get ${call.id}`);
  expect(await step.scope.calls.get(call.id)).toEqual(call);
  expect(await step.scope.calls.getByProviderCallId(call.provider, call.providerCallId)).toEqual(call);
};

function unusedIntentName(step: Step): string | undefined {
  const used = new Set([...step.self.intents.values()].map((intent) => intent.name));
  const free = intentNames.filter((name) => !used.has(name));
  return free.length ? step.random.pick(free) : undefined;
}

export const createIntent: Operation = async (step) => {
  const name = unusedIntentName(step);
  if (!name) return updateIntent(step);
  step.note(`intents.create ${name}`);
  const intent = await step.scope.intents.create(intentInput(name, { description: `tenant ${step.self.index}` }));
  step.self.intents.set(intent.id, intent);
};

export const updateIntent: Operation = async (step) => {
  const intent = pickValue(step.random, step.self.intents);
  if (!intent) return createIntent(step);
  step.note(`intents.update ${intent.id}`);
  const rename = step.random.chance(0.3) ? unusedIntentName(step) : undefined;
  const patch = {
    description: `tenant ${step.self.index} #${step.serial()}`,
    enabled: step.random.chance(0.7),
    ...(rename ? { name: rename } : {}),
  };
  const updated = await step.scope.intents.update(intent.id, patch);
  expect(updated).toEqual({ ...intent, ...patch, updatedAt: updated.updatedAt });
  step.self.intents.set(intent.id, updated);
};

export const deleteIntent: Operation = async (step) => {
  const intent = pickValue(step.random, step.self.intents);
  if (!intent) return createIntent(step);
  step.note(`intents.delete ${intent.id}`);
  await step.scope.intents.delete(intent.id);
  step.self.intents.delete(intent.id);
};

export const createAppointment: Operation = async (step) => {
  const n = step.serial();
  const call = step.random.chance(0.5) ? pickValue(step.random, step.self.calls) : undefined;
  step.note(`appointments.create #${n}${call ? ` for ${call.id}` : ''}`);
  const day = String(step.random.int(1, 28)).padStart(2, '0');
  const appointment = await step.scope.appointments.create(
    appointmentInput(n, {
      callId: call?.id ?? null,
      startsAt: `2030-03-${day}T10:00:00.000Z`,
      endsAt: `2030-03-${day}T10:45:00.000Z`,
      metadata: { tenant: step.self.index },
    }),
  );
  step.self.appointments.set(appointment.id, appointment);
};

export const updateAppointment: Operation = async (step) => {
  const appointment = pickValue(step.random, step.self.appointments);
  if (!appointment) return createAppointment(step);
  step.note(`appointments.update ${appointment.id}`);
  const patch = { status: step.random.pick(appointmentStatuses), notes: `note ${step.serial()}` };
  const updated = await step.scope.appointments.update(appointment.id, patch);
  expect(updated).toEqual({ ...appointment, ...patch, updatedAt: updated.updatedAt });
  step.self.appointments.set(appointment.id, updated);
};

export const deleteAppointment: Operation = async (step) => {
  const appointment = pickValue(step.random, step.self.appointments);
  if (!appointment) return createAppointment(step);
  step.note(`appointments.delete ${appointment.id}`);
  await step.scope.appointments.delete(appointment.id);
  step.self.appointments.delete(appointment.id);
};
