import { expect } from 'vitest';
import { auditInput, configInput, promptSectionsInput } from '../fixtures/inputs.js';
import { type Operation, pickValue } from './model.js';

const roles = ['owner', 'admin', 'member'] as const;
/** Users belong to several tenants at once, so routing's `tenantIdsForUser` has sets to get right. */
export const userIds = Array.from({ length: 40 }, (_, i) => `user_${i}`);
/** Event ids repeat across tenants: a receipt is a duplicate only within the tenant that recorded it. */
const eventIds = Array.from({ length: 12 }, (_, i) => `evt_${i}`);
const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];
const auditActions = ['call.refused', 'phone_number.created', 'tenant.impersonated', 'config.updated'];

export const createPhoneNumber: Operation = async (step) => {
  const digits = `646${String(step.serial()).padStart(7, '0')}`;
  const kind = step.random.pick(['owned', 'forwarding'] as const);
  // Spelled the ways people type it; all must land on the same E.164 number.
  const spelling = step.random.pick([
    { number: `+1${digits}` },
    { number: `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` },
    { number: digits, region: 'US' },
  ]);
  step.note(`phoneNumbers.create ${spelling.number} (${kind})`);
  const number = await step.scope.phoneNumbers.create({ ...spelling, kind });
  expect(number).toMatchObject({ tenantId: step.self.id, e164: `+1${digits}`, kind });
  step.self.phoneNumbers.set(number.id, number);
};

export const deletePhoneNumber: Operation = async (step) => {
  const number = pickValue(step.random, step.self.phoneNumbers);
  if (!number) return createPhoneNumber(step);
  step.note(`phoneNumbers.delete ${number.id}`);
  await step.scope.phoneNumbers.delete(number.id);
  step.self.phoneNumbers.delete(number.id);
};

export const readPhoneNumber: Operation = async (step) => {
  const number = pickValue(step.random, step.self.phoneNumbers);
  if (!number) return createPhoneNumber(step);
  step.note(`phoneNumbers.get ${number.id}`);
  expect(await step.scope.phoneNumbers.get(number.id)).toEqual(number);
  expect(await step.scope.phoneNumbers.findByNumber(number.e164, number.kind)).toEqual(number);
};

export const addMember: Operation = async (step) => {
  const free = userIds.filter((userId) => !step.self.members.has(userId));
  if (free.length === 0) return setRole(step);
  const userId = step.random.pick(free);
  step.note(`members.add ${userId}`);
  const email = step.random.chance(0.5) ? `${userId}@tenant-${step.self.index}.example.com` : null;
  const member = await step.scope.members.add({ userId, email, role: step.random.pick(roles) });
  step.self.members.set(userId, member);
};

export const setRole: Operation = async (step) => {
  const member = pickValue(step.random, step.self.members);
  if (!member) return addMember(step);
  step.note(`members.setRole ${member.userId}`);
  const updated = await step.scope.members.setRole(member.userId, step.random.pick(roles));
  expect(await step.scope.members.get(member.userId)).toEqual(updated);
  step.self.members.set(member.userId, updated);
};

export const removeMember: Operation = async (step) => {
  const member = pickValue(step.random, step.self.members);
  if (!member) return addMember(step);
  step.note(`members.remove ${member.userId}`);
  await step.scope.members.remove(member.userId);
  step.self.members.delete(member.userId);
};

export const putConfig: Operation = async (step) => {
  step.note('config.put');
  const config = await step.scope.config.put(
    configInput(`Tenant ${step.self.index} #${step.serial()}`, { timezone: step.random.pick(zones) }),
  );
  step.self.config = config;
};

export const readSettings: Operation = async (step) => {
  step.note('config.get and prompt.get');
  expect(await step.scope.config.get()).toEqual(step.self.config);
  expect(await step.scope.prompt.get()).toEqual(step.self.prompt);
};

export const putPrompt: Operation = async (step) => {
  step.note('prompt.put');
  const bundle = await step.scope.prompt.put(promptSectionsInput(`tenant ${step.self.index} #${step.serial()}`));
  expect(bundle.tenantId).toBe(step.self.id);
  step.self.prompt = bundle;
};

export const recordAuditEvent: Operation = async (step) => {
  step.note('auditEvents.record');
  const event = await step.scope.auditEvents.record(
    auditInput(step.random.pick(auditActions), {
      target: `target_${step.serial()}`,
      detail: { tenant: step.self.index },
    }),
  );
  expect(event.tenantId).toBe(step.self.id);
  step.self.auditEvents.set(event.id, event);
};

export const recordWebhookReceipt: Operation = async (step) => {
  const provider = step.random.pick(['twilio', 'vapi'] as const);
  const eventId = step.random.pick(eventIds);
  const key = `${provider}:${eventId}`;
  step.note(`webhookReceipts.record ${key}`);
  expect(await step.scope.webhookReceipts.record({ provider, eventId })).toEqual({
    duplicate: step.self.receipts.has(key),
  });
  step.self.receipts.add(key);
};
