import type { TenantScope } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { appointmentInput, auditInput, callInput, intentInput, messageInput } from '../fixtures/inputs.js';
import type { ContractContext } from './context.js';

/** A create-like method and inputs it must refuse; `assertNothingWritten` proves the refusals left no row. */
interface CreateCase {
  what: string;
  invalid: unknown[];
  attempt(scope: TenantScope, input: unknown): Promise<unknown>;
  assertNothingWritten(scope: TenantScope): Promise<void>;
}

const empty = async (rows: Promise<{ items: unknown[] } | unknown[]>) => {
  const value = await rows;
  expect(Array.isArray(value) ? value : value.items).toEqual([]);
};

const createCases: CreateCase[] = [
  {
    what: 'call',
    invalid: [
      null,
      'a call',
      { ...callInput(1), provider: 42 },
      { ...callInput(1), extra: true },
      { ...callInput(1), to: '555 0100' },
      { ...callInput(1), recordingUrl: 'not a url' },
    ],
    attempt: (scope, input) => scope.calls.create(input),
    assertNothingWritten: (scope) => empty(scope.calls.list()),
  },
  {
    what: 'intent',
    invalid: [
      { name: 'Not A Name' },
      { name: 5 },
      { ...intentInput('ok'), extra: 1 },
      { ...intentInput('ok'), enabled: 'yes' },
      { ...intentInput('ok'), responses: { 'not a tag!': 'x' } },
    ],
    attempt: (scope, input) => scope.intents.create(input),
    assertNothingWritten: (scope) => empty(scope.intents.all()),
  },
  {
    what: 'appointment',
    invalid: [
      { ...appointmentInput(1), callId: 'not an id!' },
      { ...appointmentInput(1), startsAt: 'tomorrow' },
      { ...appointmentInput(1), partySize: 0 },
      { ...appointmentInput(1), extra: 1 },
      { ...appointmentInput(1), customerName: '' },
    ],
    attempt: (scope, input) => scope.appointments.create(input),
    assertNothingWritten: (scope) => empty(scope.appointments.list()),
  },
  {
    what: 'conversation',
    invalid: [
      { channel: 'fax', participant: 'x' },
      { channel: 'sms', participant: '' },
      { channel: 'sms', participant: 'x', extra: 1 },
      { channel: 'sms' },
    ],
    attempt: (scope, input) => scope.conversations.create(input),
    assertNothingWritten: (scope) => empty(scope.conversations.list()),
  },
  {
    what: 'message',
    invalid: [
      { ...messageInput('x'), direction: 'sideways' },
      { ...messageInput('x'), body: 7 },
      { ...messageInput('x'), extra: 1 },
      { ...messageInput('x'), providerMessageId: '' },
      { body: 'x' },
    ],
    async attempt(scope, input) {
      const conversation = await scope.conversations.findOrCreate('sms', '+12125550100');
      return scope.messages.append(conversation.id, input);
    },
    assertNothingWritten: (scope) => empty(scope.conversations.list()),
  },
  {
    what: 'member',
    invalid: [
      { userId: '', role: 'owner' },
      { userId: 'user_1', role: 'king' },
      { userId: 'user_1', role: 'owner', extra: 1 },
      { userId: 'user_1', role: 'owner', email: 'not-an-email' },
      { userId: 42, role: 'owner' },
    ],
    attempt: (scope, input) => scope.members.add(input),
    assertNothingWritten: (scope) => empty(scope.members.list()),
  },
  {
    what: 'phone number',
    invalid: [
      { number: '+12125550100', kind: 'rented' },
      { number: 12125550100, kind: 'owned' },
      { number: '+12125550100', kind: 'owned', extra: 1 },
      { number: '2125550100', region: 'usa', kind: 'owned' },
      { kind: 'owned' },
    ],
    attempt: (scope, input) => scope.phoneNumbers.create(input),
    assertNothingWritten: (scope) => empty(scope.phoneNumbers.list()),
  },
  {
    what: 'audit event',
    invalid: [
      auditInput('NotDotted'),
      { ...auditInput('call.refused'), actor: { type: 'robot', id: 'r' } },
      { ...auditInput('call.refused'), extra: 1 },
      { action: 'call.refused' },
    ],
    attempt: (scope, input) => scope.auditEvents.record(input),
    assertNothingWritten: (scope) => empty(scope.auditEvents.list()),
  },
  {
    what: 'webhook receipt',
    invalid: [
      { provider: 'pigeon', eventId: 'evt_1' },
      { provider: 'twilio', eventId: '' },
      { provider: 'twilio', eventId: 'evt_1', receivedAt: '2030-01-01T00:00:00.000Z' },
      { eventId: 'evt_1' },
    ],
    attempt: (scope, input) => scope.webhookReceipts.record(input),
    async assertNothingWritten(scope) {
      expect(await scope.webhookReceipts.record({ provider: 'twilio', eventId: 'evt_1' })).toEqual({
        duplicate: false,
      });
    },
  },
];

export function defineValidationTests(context: ContractContext): void {
  describe('input validation', () => {
    for (const kase of createCases) {
      it(`refuses a ${kase.what} with wrong types, unknown fields or malformed values with VALIDATION_FAILED and writes nothing`, async () => {
        const tenant = await context.createTenant();
        const storage = context.storage();
        for (const input of kase.invalid) {
          await expect(storage.withTenant(tenant.id, (scope) => kase.attempt(scope, input))).rejects.toMatchObject({
            code: 'VALIDATION_FAILED',
          });
        }
        await storage.withTenant(tenant.id, (scope) => kase.assertNothingWritten(scope));
      });
    }

    it('refuses an invalid call, intent or appointment update with VALIDATION_FAILED and leaves the row as it was', async () => {
      const tenant = await context.createTenant();
      const storage = context.storage();
      const [call, intent, appointment] = await storage.withTenant(tenant.id, async (scope) => [
        await scope.calls.create(callInput(1)),
        await scope.intents.create(intentInput('pricing')),
        await scope.appointments.create(appointmentInput(1)),
      ]);
      const attempts: Array<(scope: TenantScope) => Promise<unknown>> = [
        ...[{ provider: 'vapi' }, { status: 'exploded' }, { durationSeconds: -1 }, { tenantId: 'ten_other' }, null].map(
          (patch) => (scope: TenantScope) => scope.calls.update(call!.id, patch),
        ),
        ...[{ enabled: 'yes' }, { name: 'Not A Name' }, { id: 'int_other' }, 'patch'].map(
          (patch) => (scope: TenantScope) => scope.intents.update(intent!.id, patch),
        ),
        ...[{ partySize: 0 }, { callId: 'not an id!' }, { startsAt: 'soon' }, { tenantId: 'ten_other' }].map(
          (patch) => (scope: TenantScope) => scope.appointments.update(appointment!.id, patch),
        ),
      ];
      for (const attempt of attempts) {
        await expect(storage.withTenant(tenant.id, attempt)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      await storage.withTenant(tenant.id, async (scope) => {
        expect(await scope.calls.get(call!.id)).toEqual(call);
        expect(await scope.intents.get(intent!.id)).toEqual(intent);
        expect(await scope.appointments.get(appointment!.id)).toEqual(appointment);
      });
    });

    it('refuses an invalid tenant, tenant update or shared number with VALIDATION_FAILED and writes nothing', async () => {
      const storage = context.storage();
      const invalidTenants: unknown[] = [
        { slug: 'Not A Slug', name: 'x' },
        { slug: 'ok', name: '   ' },
        { slug: 'ok', name: 'x', id: 'not an id!' },
        { slug: 'ok', name: 'x', extra: 1 },
        { slug: 'ok', name: 'x', externalIds: { 'Not A Key': 'x' } },
        { slug: 'ok', name: 'x', status: 'deleted' },
        null,
      ];
      for (const input of invalidTenants) {
        await expect(storage.tenants.create(input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect((await storage.tenants.list()).items).toEqual([]);

      const tenant = await context.createTenant();
      for (const patch of [{ slug: 'renamed' }, { status: 'gone' }, { name: '' }, { externalIds: { clerk_org: '' } }]) {
        await expect(storage.tenants.update(tenant.id, patch)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect(await storage.tenants.get(tenant.id)).toEqual(tenant);

      for (const input of [{ number: 5 }, { number: '+12125550100', kind: 'owned' }, {}]) {
        await expect(storage.sharedNumbers.add(input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect(await storage.sharedNumbers.list()).toEqual([]);
    });
  });
}
