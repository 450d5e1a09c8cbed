import type { TenantScope } from '@nuvatra/core';
import { expect } from 'vitest';
import { appointmentInput, messageInput } from '../fixtures/inputs.js';
import { listOwnRows } from './lists.js';
import { type Operation, pickValue, type RowKind, rowsOf, type Step, type TenantModel } from './model.js';

interface Target {
  tenant: TenantModel;
  key: string;
}

/** A row of another tenant this tenant could name; for members, a user who is not also a member here. */
function otherTenantsRow(step: Step, kind: RowKind): Target | undefined {
  const candidates = step.others.flatMap((tenant) =>
    [...rowsOf(tenant, kind).keys()]
      .filter((key) => kind !== 'member' || !step.self.members.has(key))
      .map((key) => ({ tenant, key })),
  );
  return candidates.length ? step.random.pick(candidates) : undefined;
}

const notFound = (work: Promise<unknown>) => expect(work).rejects.toMatchObject({ code: 'NOT_FOUND' });

/** Reads of another tenant's row through this tenant's scope, each of which must answer nothing. */
const readers: Record<RowKind, (scope: TenantScope, target: Target) => Promise<void>> = {
  async call(scope, { tenant, key }) {
    const call = tenant.calls.get(key)!;
    expect(await scope.calls.get(key)).toBeNull();
    expect(await scope.calls.getByProviderCallId(call.provider, call.providerCallId)).toBeNull();
  },
  intent: async (scope, { key }) => expect(await scope.intents.get(key)).toBeNull(),
  appointment: async (scope, { key }) => expect(await scope.appointments.get(key)).toBeNull(),
  conversation: async (scope, { key }) => expect(await scope.conversations.get(key)).toBeNull(),
  message: async (scope, { key }) => expect(await scope.messages.get(key)).toBeNull(),
  async phoneNumber(scope, { tenant, key }) {
    const number = tenant.phoneNumbers.get(key)!;
    expect(await scope.phoneNumbers.get(key)).toBeNull();
    expect(await scope.phoneNumbers.findByNumber(number.e164, number.kind)).toBeNull();
  },
  member: async (scope, { key }) => expect(await scope.members.get(key)).toBeNull(),
};

/** Writes to another tenant's row, each of which must throw NOT_FOUND and change nothing. */
const writers: Partial<Record<RowKind, Array<(scope: TenantScope, key: string) => Promise<void>>>> = {
  call: [
    (scope, key) => notFound(scope.calls.update(key, { status: 'failed', summary: 'leaked' })),
    (scope, key) => notFound(scope.calls.delete(key)),
  ],
  intent: [
    (scope, key) => notFound(scope.intents.update(key, { description: 'leaked' })),
    (scope, key) => notFound(scope.intents.delete(key)),
  ],
  appointment: [
    (scope, key) => notFound(scope.appointments.update(key, { notes: 'leaked' })),
    (scope, key) => notFound(scope.appointments.delete(key)),
  ],
  conversation: [
    (scope, key) => notFound(scope.messages.append(key, messageInput('leaked'))),
    (scope, key) => notFound(scope.messages.list(key)),
  ],
  phoneNumber: [(scope, key) => notFound(scope.phoneNumbers.delete(key))],
  member: [
    (scope, key) => notFound(scope.members.setRole(key, 'owner')),
    (scope, key) => notFound(scope.members.remove(key)),
  ],
};

const kinds = Object.keys(readers) as RowKind[];

export const probeOtherTenantsRead: Operation = async (step) => {
  const kind = step.random.pick(kinds);
  const target = otherTenantsRow(step, kind);
  if (!target) return listOwnRows(step);
  step.note(`reading ${kind} ${target.key} of tenant ${target.tenant.id}`);
  await readers[kind](step.scope, target);
};

export const probeOtherTenantsWrite: Operation = async (step) => {
  const kind = step.random.pick(Object.keys(writers) as RowKind[]);
  const target = otherTenantsRow(step, kind);
  if (!target) return listOwnRows(step);
  const write = step.random.pick(writers[kind] ?? []);
  step.note(`writing ${kind} ${target.key} of tenant ${target.tenant.id}`);
  await write(step.scope, target.key);
  step.victims.push({ tenant: target.tenant, kind, key: target.key });
};

/** An appointment may point at a call of its own tenant only. */
export const probeOtherTenantsCallLink: Operation = async (step) => {
  const target = otherTenantsRow(step, 'call');
  if (!target) return listOwnRows(step);
  step.note(`linking an appointment to call ${target.key} of tenant ${target.tenant.id}`);
  await notFound(step.scope.appointments.create(appointmentInput(step.serial(), { callId: target.key })));
  const own = pickValue(step.random, step.self.appointments);
  if (own) await notFound(step.scope.appointments.update(own.id, { callId: target.key }));
  step.victims.push({ tenant: target.tenant, kind: 'call', key: target.key });
};

/** Reads a row in its own tenant: what a victim must still look like after another tenant's attempt. */
export async function readOwnRow(scope: TenantScope, kind: RowKind, key: string): Promise<unknown> {
  switch (kind) {
    case 'call':
      return scope.calls.get(key);
    case 'intent':
      return scope.intents.get(key);
    case 'appointment':
      return scope.appointments.get(key);
    case 'conversation':
      return scope.conversations.get(key);
    case 'message':
      return scope.messages.get(key);
    case 'phoneNumber':
      return scope.phoneNumbers.get(key);
    case 'member':
      return scope.members.get(key);
  }
}
